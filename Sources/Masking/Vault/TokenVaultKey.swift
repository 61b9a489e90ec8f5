import ConsentKitCrypto

/// The secrets a ``TokenVault`` needs, derived from one ``MaskingKey``: a
/// ChaCha20-Poly1305 key that seals stored values and an HMAC-SHA256 key for
/// the value index. Vault adapters use it so that every backend stores the
/// same, safe shapes.
///
/// **Why a keyed index.** A vault must find a value's existing token (the same
/// value always gets the same token), so it needs an index over values. Storing
/// the values — or a plain hash of them — in that index would hand them to
/// anyone who reads the database: card numbers, phone numbers and birth dates
/// are few enough to hash every candidate and compare. The index holds
/// ``indexDigest(of:in:)`` instead, an HMAC under a key that lives outside the
/// database, so a dump of the vault reveals neither the values nor which rows
/// hold equal values across namespaces.
///
/// **Sealed values.** ``seal(_:token:namespace:)`` output is
/// `version (1) ‖ key id length (1) ‖ key id ‖ nonce (12) ‖ ciphertext ‖ tag (16)`,
/// authenticated together with the namespace and token, so a sealed value
/// copied onto another token's row does not open.
///
/// Rotation: the index digest depends on the key, so a vault keeps one key for
/// its lifetime; sealed values name their key so an adapter can tell "sealed
/// under another key" (`.unknownKey`) from corruption (`.vaultFailure`).
/// Prints only the key id.
public struct TokenVaultKey: Sendable, CustomStringConvertible {
    /// The id of the masking key the secrets were derived from.
    public let id: MaskingKeyID
    private let sealingKey: SymmetricKey
    private let indexKey: HMACSHA256Key

    private static let formatVersion: UInt8 = 1
    private static let nonceByteCount = 12
    private static let tagByteCount = 16

    /// Derives the vault's secrets from `key` with HKDF-SHA256 under labels of
    /// their own, so the same masking key may also serve other strategies.
    public init(_ key: MaskingKey) {
        id = key.id
        sealingKey = key.derivedKey(label: "consentkit.masking.token-vault.seal.v1", byteCount: 32)
        indexKey = HMACSHA256Key(key.derivedKey(label: "consentkit.masking.token-vault.index.v1", byteCount: 32))
    }

    /// A vault key from fresh random material, id `token-vault`: for vaults
    /// that live no longer than the process (in memory, tests).
    public static func generate() -> TokenVaultKey {
        let id: MaskingKeyID
        do {
            id = try MaskingKeyID("token-vault")
        } catch {
            preconditionFailure("the literal key id is valid: \(error)")
        }
        return TokenVaultKey(MaskingKey.generate(id: id))
    }

    /// The 32-byte keyed digest that indexes `value` within `namespace`:
    /// HMAC-SHA256 over the namespace (length-prefixed, so namespace and value
    /// can never run into each other) and the value's UTF-8 bytes. Equal
    /// exactly when the namespace and the value's bytes are equal (no Unicode
    /// normalization). Cost: one HMAC over the value.
    public func indexDigest(of value: String, in namespace: TokenNamespace) -> [UInt8] {
        var mac = HMACSHA256(key: indexKey)
        mac.update(CollectionOfOne(UInt8(truncatingIfNeeded: namespace.rawValue.utf8.count)))
        mac.update(namespace.rawValue.utf8)
        mac.update(value.utf8)
        return mac.finalize().withUnsafeBytes { Array($0) }
    }

    /// Encrypts `value` for storage on the row of `token` in `namespace`, with
    /// a fresh random nonce. Cost: one ChaCha20-Poly1305 pass over the value.
    /// - Throws: ``MaskingError`` `.tooLarge` over
    ///   ``TokenVaultLimits/maximumValueByteCount`` UTF-8 bytes.
    public func seal(_ value: String, token: Token, namespace: TokenNamespace) throws(MaskingError) -> [UInt8] {
        let plaintext = Array(value.utf8)
        guard plaintext.count <= TokenVaultLimits.maximumValueByteCount else {
            throw Self.tooLarge(plaintext.count, namespace: namespace)
        }
        let box: ChaChaPoly.SealedBox
        do {
            box = try ChaChaPoly.seal(plaintext, using: sealingKey, authenticating: associatedData(token, namespace))
        } catch {
            // Only a wrong key size or an input over 256 GiB can fail, and neither can reach here.
            throw MaskingError(code: .vaultFailure, message: "sealing a value in namespace \(namespace) failed: \(error)")
        }
        var sealed = header
        sealed += box.nonce.bytes
        sealed += box.ciphertext
        sealed += box.tag
        return sealed
    }

    /// Checks and decrypts what ``seal(_:token:namespace:)`` stored for `token` in `namespace`.
    /// Cost: one ChaCha20-Poly1305 pass; nothing is decrypted unless the tag verifies.
    /// - Throws: ``MaskingError`` `.unknownKey` when the value was sealed under
    ///   another key id; `.vaultFailure` when the bytes are malformed, fail
    ///   authentication (changed, or moved from another token or namespace)
    ///   or do not decrypt to UTF-8 — corrupt stored state.
    public func open(_ sealed: [UInt8], token: Token, namespace: TokenNamespace) throws(MaskingError) -> String {
        guard sealed.count >= 2, sealed[0] == Self.formatVersion else {
            throw corrupt(namespace, "has an unknown format")
        }
        let idEnd = 2 + Int(sealed[1])
        guard sealed.count >= idEnd + Self.nonceByteCount + Self.tagByteCount else {
            throw corrupt(namespace, "is truncated")
        }
        guard sealed[2..<idEnd].elementsEqual(id.rawValue.utf8) else {
            guard let otherID = try? MaskingKeyID(String(decoding: sealed[2..<idEnd], as: UTF8.self)) else {
                throw corrupt(namespace, "names no valid key id")
            }
            throw MaskingError(
                code: .unknownKey,
                message: "the stored value of a token in namespace \(namespace) was sealed under key \(otherID), this vault holds key \(id)")
        }
        let nonceEnd = idEnd + Self.nonceByteCount
        let tagStart = sealed.count - Self.tagByteCount
        let plaintext: [UInt8]
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: ChaChaPoly.Nonce(bytes: sealed[idEnd..<nonceEnd]),
                ciphertext: sealed[nonceEnd..<tagStart], tag: sealed[tagStart...])
            plaintext = try ChaChaPoly.open(box, using: sealingKey, authenticating: associatedData(token, namespace))
        } catch {
            throw corrupt(namespace, "fails authentication (changed, or moved from another token)")
        }
        guard let value = String(validating: plaintext, as: UTF8.self) else {
            throw corrupt(namespace, "is not UTF-8")
        }
        return value
    }

    /// `TokenVaultKey(id)`, never key material.
    public var description: String { "TokenVaultKey(\(id))" }

    // MARK: Internals

    private var header: [UInt8] {
        [Self.formatVersion, UInt8(truncatingIfNeeded: id.rawValue.utf8.count)] + Array(id.rawValue.utf8)
    }

    /// The header, namespace (length-prefixed) and token: what a sealed value is bound to.
    private func associatedData(_ token: Token, _ namespace: TokenNamespace) -> [UInt8] {
        var data = header
        data.append(UInt8(truncatingIfNeeded: namespace.rawValue.utf8.count))
        data += namespace.rawValue.utf8
        data += token.rawValue.utf8
        return data
    }

    private func corrupt(_ namespace: TokenNamespace, _ problem: String) -> MaskingError {
        MaskingError(code: .vaultFailure, message: "the stored value of a token in namespace \(namespace) \(problem)")
    }

    static func tooLarge(_ byteCount: Int, namespace: TokenNamespace) -> MaskingError {
        MaskingError(
            code: .tooLarge,
            message: "a value of \(byteCount) UTF-8 bytes for namespace \(namespace) is over the token vault limit of \(TokenVaultLimits.maximumValueByteCount)")
    }
}
