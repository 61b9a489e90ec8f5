import ConsentKitCrypto

/// What an audit entry records instead of a subject's identifier: a keyed
/// pseudonym, `HMAC-SHA256(subject key, subject id)`, 32 bytes.
///
/// Only someone holding the subject's key (the ``PseudonymKeyStore``) can
/// tell which subject a pseudonym belongs to, or compute the pseudonym for a
/// given subject. Erasing that key (``SubjectPseudonymizer/erase(_:)``)
/// makes the subject's audit entries permanently unlinkable to them, while the
/// entries themselves, and so every leaf hash, root and proof, stay unchanged.
///
/// Produced by ``SubjectPseudonymizer``. Equality runs in constant time.
/// `Codable` as 64 lower-case hex digits.
public struct SubjectPseudonym: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The pseudonym length in bytes.
    public static let byteCount = 32

    let value: Bytes32

    init(digest: SHA256Digest) {
        value = Bytes32(digest)
    }

    /// Wraps 32 pseudonym bytes, for example read back from storage.
    /// - Throws: ``AuditError`` `.invalidEntry` for any other length.
    public init(bytes: some Collection<UInt8>) throws(AuditError) {
        guard let value = Bytes32(bytes) else {
            throw .invalidEntry("a subject pseudonym must be 32 bytes, got \(bytes.count)")
        }
        self.value = value
    }

    /// Parses 64 hex digits (either case).
    /// - Throws: ``AuditError`` `.invalidEntry` for anything else.
    public init(hex: String) throws(AuditError) {
        guard let bytes = Hex.decode(hex) else {
            throw .invalidEntry("a subject pseudonym must be 64 hex digits, got \(hex.debugDescription)")
        }
        try self.init(bytes: bytes)
    }

    /// The pseudonym bytes.
    public var bytes: [UInt8] { value.bytes }

    /// The pseudonym as 64 lower-case hex digits.
    public var hexString: String { value.hexString }

    /// The hex string; a pseudonym is not personal data on its own.
    public var description: String { hexString }

    /// Decodes 64 hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let hex = try container.decode(String.self)
        do {
            try self.init(hex: hex)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// Encodes 64 lower-case hex digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexString)
    }
}
