import ConsentKitCrypto

/// Signs and verifies tree heads with HMAC-SHA256 under a shared secret key.
///
/// Anyone who can verify can also sign, so this suits a host checking its own
/// log (and internal auditors it trusts with the key), not third parties: for
/// them, plug in an asymmetric ``TreeHeadSigner``. The key lives with the
/// application, not in the audit database, so an attacker with only database
/// access cannot sign a rewritten log's head.
///
/// Signatures are the full 32-byte MAC, compared in constant time. The key
/// never appears in `description` or a dump.
public struct HMACTreeHeadSigner: TreeHeadSigner, TreeHeadSignatureVerifier, CustomStringConvertible {
    /// The shortest key accepted, in bytes (the SHA-256 output size, per RFC 2104 §3).
    public static let minimumKeyByteCount = 32

    /// Names the key in every signed head.
    public let keyID: String
    private let key: HMACSHA256Key

    /// A signer for `key`, named `keyID`.
    /// - Throws: ``AuditError`` `.invalidKey` when `key` is shorter than 32
    ///   bytes or `keyID` is empty, over 256 UTF-8 bytes or has control characters.
    public init(keyID: String, key: [UInt8]) throws(AuditError) {
        guard key.count >= Self.minimumKeyByteCount else {
            throw AuditError(
                code: .invalidKey,
                message: "HMAC tree head key must be at least \(Self.minimumKeyByteCount) bytes, got \(key.count)")
        }
        do {
            self.keyID = try IdentifierValidation.validate(keyID, kind: "tree head key id")
        } catch {
            throw AuditError(code: .invalidKey, message: error.description)
        }
        self.key = HMACSHA256Key(key)
    }

    /// 32 fresh random bytes from the system's secure generator, to store in
    /// the host's secret manager and pass to ``init(keyID:key:)``.
    public static func generateKey() -> [UInt8] {
        SecureRandom.bytes(count: 32)
    }

    /// HMAC-SHA256 of `message`. Cost: two SHA-256 compressions for a tree head.
    public func signature(for message: [UInt8]) async throws -> [UInt8] {
        mac(message)
    }

    /// Whether `signature` is the MAC of `message` under this key, and `keyID` names this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8], keyID: String) -> Bool {
        let expected = mac(message)
        // Evaluate both checks so timing does not tell which one failed.
        let macMatches = ConstantTime.equals(expected, signature)
        let keyMatches = keyID == self.keyID
        return macMatches && keyMatches
    }

    private func mac(_ message: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticationCode(for: message, using: key).bytes
    }

    /// Names the key; never shows it.
    public var description: String { "HMACTreeHeadSigner(keyID: \(keyID))" }
}
