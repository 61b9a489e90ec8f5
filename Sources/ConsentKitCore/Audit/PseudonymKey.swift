import ConsentKitCrypto

/// A subject's secret pseudonym key: 32 random bytes, one per subject.
///
/// Destroying it is what erases the link between a subject and their audit
/// entries. The bytes never appear in `description`, `debugDescription` or a dump.
public struct PseudonymKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The key length in bytes.
    public static let byteCount = 32

    let key: SymmetricKey

    /// Wraps 32 key bytes read back from a key store.
    /// - Throws: ``AuditError`` `.invalidKey` for any other length.
    public init(bytes: some Sequence<UInt8>) throws(AuditError) {
        let key = SymmetricKey(bytes: bytes)
        guard key.byteCount == Self.byteCount else {
            throw AuditError(
                code: .invalidKey, message: "a pseudonym key must be \(Self.byteCount) bytes, got \(key.byteCount)")
        }
        self.key = key
    }

    /// A fresh random key from the system's secure generator.
    public static func random() -> PseudonymKey {
        PseudonymKey(key: SymmetricKey(byteCount: byteCount))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// Calls `body` with the raw key bytes, for a key store to persist them;
    /// do not let them escape anywhere else.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try key.withUnsafeBytes(body)
    }

    /// Constant-time equality.
    public static func == (lhs: PseudonymKey, rhs: PseudonymKey) -> Bool {
        lhs.key == rhs.key
    }

    /// The key size only, never the bytes.
    public var description: String { "PseudonymKey(256 bits)" }
    /// The key size only, never the bytes.
    public var debugDescription: String { description }
    /// No children: a dump shows no key bytes.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
