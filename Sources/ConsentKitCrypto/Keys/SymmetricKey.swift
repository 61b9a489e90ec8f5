/// Secret key material for the symmetric primitives.
///
/// The bytes never appear in `description`, `debugDescription` or a dump, so a
/// key that reaches a log line leaks only its size.
package struct SymmetricKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let storage: [UInt8]

    /// Wraps existing key bytes.
    package init<Bytes: Sequence<UInt8>>(bytes: Bytes) {
        self.storage = Array(bytes)
    }

    /// A fresh random key of `byteCount` bytes from the system's secure generator.
    package init(byteCount: Int) {
        self.storage = SecureRandom.bytes(count: byteCount)
    }

    /// The key length in bytes.
    package var byteCount: Int { storage.count }

    /// The key length in bits.
    package var bitCount: Int { storage.count * 8 }

    /// Calls `body` with the raw key bytes; do not let them escape.
    package func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    /// Constant-time equality, so comparing keys leaks nothing but their lengths.
    package static func == (lhs: SymmetricKey, rhs: SymmetricKey) -> Bool {
        ConstantTime.equals(lhs.storage, rhs.storage)
    }

    package var description: String { "SymmetricKey(\(bitCount) bits)" }
    package var debugDescription: String { description }
    package var customMirror: Mirror { Mirror(self, children: ["bitCount": bitCount]) }
}
