/// The current masking key and the retired keys still needed to read older
/// outputs: new pseudonyms, tokens and ciphertexts use ``current``; outputs
/// that carry a retired key's id can still be verified or decrypted until
/// that key is dropped from the ring.
///
/// Rotation is a new keyring: `MaskingKeyring(current: newKey, retired: [oldKey])`.
public struct MaskingKeyring: Sendable, CustomStringConvertible {
    /// The key for new outputs.
    public let current: MaskingKey
    /// Older keys, still accepted for reading, newest first as given.
    public let retired: [MaskingKey]

    /// Creates a keyring.
    /// - Throws: ``MaskingError`` `.invalidKey` when two keys share an id.
    public init(current: MaskingKey, retired: [MaskingKey] = []) throws(MaskingError) {
        var seen: Set<MaskingKeyID> = [current.id]
        for key in retired where !seen.insert(key.id).inserted {
            throw MaskingError(code: .invalidKey, message: "key id \(key.id) appears twice in the keyring")
        }
        self.current = current
        self.retired = retired
    }

    /// Every key, current first.
    public var keys: [MaskingKey] { [current] + retired }

    /// The key named `id`.
    /// - Throws: ``MaskingError`` `.unknownKey` when no key in the ring has that id.
    public func key(for id: MaskingKeyID) throws(MaskingError) -> MaskingKey {
        if current.id == id { return current }
        if let key = retired.first(where: { $0.id == id }) { return key }
        throw MaskingError(
            code: .unknownKey, message: "no key \(id) in the keyring (current \(current.id), \(retired.count) retired)")
    }

    /// `MaskingKeyring(current: id, retired: [ids])`, never key material.
    public var description: String {
        "MaskingKeyring(current: \(current.id), retired: [\(retired.map(\.id.rawValue).joined(separator: ", "))])"
    }
}
