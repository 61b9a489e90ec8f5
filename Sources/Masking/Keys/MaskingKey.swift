package import ConsentKitCrypto

/// A named secret key for the keyed masking strategies: pseudonyms, date
/// shifts, numeric noise, format-preserving and deterministic encryption.
///
/// One key can serve every strategy: each derives its own subkey with
/// HKDF-SHA256 under a distinct label (a labelled HKDF subkey),
/// so a pseudonym never reveals anything about the FF1 key and vice versa.
/// The key material never appears in `description`, `debugDescription` or a
/// mirror.
public struct MaskingKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Accepted key lengths, in bytes (AES-128/192/256 sizes; 32 recommended).
    public static let acceptedByteCounts: Set<Int> = [16, 24, 32]

    /// The key's name, carried in the outputs it makes.
    public let id: MaskingKeyID
    let material: SymmetricKey

    /// Wraps existing key material (from a KMS or secret store).
    /// - Parameters:
    ///   - id: the key's name, carried in the outputs it makes.
    ///   - bytes: the secret, 16, 24 or 32 bytes.
    /// - Throws: ``MaskingError`` `.invalidKey` unless `bytes` is 16, 24 or 32 bytes long.
    public init(id: MaskingKeyID, bytes: some Collection<UInt8>) throws(MaskingError) {
        guard Self.acceptedByteCounts.contains(bytes.count) else {
            throw MaskingError(
                code: .invalidKey, message: "masking key \(id) must be 16, 24 or 32 bytes, got \(bytes.count)")
        }
        self.id = id
        self.material = SymmetricKey(bytes: bytes)
    }

    /// A fresh random key from the system's secure random generator.
    /// - Parameters:
    ///   - id: the key's name, carried in the outputs it makes.
    ///   - byteCount: 16, 24 or 32 (the default); other values are raised to 32.
    public static func generate(id: MaskingKeyID, byteCount: Int = 32) -> MaskingKey {
        let count = acceptedByteCounts.contains(byteCount) ? byteCount : 32
        return MaskingKey(id: id, material: SymmetricKey(byteCount: count))
    }

    private init(id: MaskingKeyID, material: SymmetricKey) {
        self.id = id
        self.material = material
    }

    /// The key length in bytes.
    public var byteCount: Int { material.byteCount }

    /// A subkey for one use, derived with HKDF-SHA256 (salt: the key id;
    /// info: `label`). Distinct labels give independent keys.
    /// - Precondition: `byteCount` is at most 8,160 (HKDF-SHA256's limit); callers pass constants.
    package func derivedKey(label: String, byteCount: Int) -> SymmetricKey {
        do {
            return try material.withUnsafeBytes { secret in
                try HKDFSHA256.deriveKey(
                    inputKeyMaterial: secret, salt: id.rawValue.utf8, info: label.utf8, outputByteCount: byteCount)
            }
        } catch {
            preconditionFailure("HKDF output length \(byteCount) is a programming error: \(error)")
        }
    }

    /// `MaskingKey(id, N bits)`, never the material.
    public var description: String { "MaskingKey(\(id), \(material.bitCount) bits)" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// A mirror that shows the id only.
    public var customMirror: Mirror { Mirror(self, children: ["id": id]) }
}
