import ConsentKitCrypto

/// Deterministic authenticated encryption of field values with AES-SIV
/// (RFC 5297, AES-SIV-CMAC-512): the same value in the same context always
/// encrypts to the same text, so equality joins and lookups keep working on
/// encrypted columns, and only the key holder can read or forge one.
///
/// ```swift
/// let cipher = DeterministicEncryption(keyring: keyring)
/// let context = MaskingContext(field: try FieldPath("contact.email"), tenant: try TenantID("acme"))
/// let text = try cipher.encrypt("ada@example.com", context: context)   // "k2026-11:…" (base64url)
/// let email = try cipher.decrypt(text, context: context)
/// ```
///
/// The output is `<key id>:<base64url of V ‖ C>` (RFC 4648 §5, unpadded):
/// 16 bytes of synthetic IV then the ciphertext, the same length as the
/// value's UTF-8. The context's ``MaskingContext/canonicalBytes`` are the
/// associated data, so a value encrypted for one field, tenant or purpose
/// gets an unrelated output in another and does not decrypt there. New
/// values use the keyring's current key; outputs of retired keys still in
/// the ring decrypt.
///
/// Equal values give equal outputs by design; that is the point, and also
/// what it reveals. Use a random-nonce AEAD where equality must not show.
///
/// Keys: each masking key's AES-SIV key (64 bytes, two AES-256 keys) is
/// derived with HKDF-SHA256 (label `consentkit.masking.siv.v1`) and both key
/// schedules are expanded once in `init`. Per value: a CMAC pass over the
/// context and the value, a CTR pass and base64url; no key expansion.
public struct DeterministicEncryption: Sendable, CustomStringConvertible {
    /// The largest value accepted, in UTF-8 bytes: 64 KiB.
    public static let maximumValueByteCount = 64 * 1024
    /// The HKDF label of the AES-SIV keys.
    static let keyLabel = "consentkit.masking.siv.v1"

    /// The longest text ``decrypt(_:context:)`` reads: a key id, the colon,
    /// and the base64url of a maximal box.
    static let maximumTextByteCount =
        MaskingKeyID.maximumLength + 1 + SIVTextEncoding.encodedCount(maximumValueByteCount + AESSIV.tagByteCount)

    private let currentID: MaskingKeyID
    private let currentKey: AESSIV.Key
    private let keys: [MaskingKeyID: AESSIV.Key]

    /// Derives and expands the AES-SIV key of every key in `keyring`.
    ///
    /// Cost per key: one HKDF-SHA256 and two AES-256 key expansions; build
    /// one instance per keyring and keep it.
    public init(keyring: MaskingKeyring) {
        var keys: [MaskingKeyID: AESSIV.Key] = [:]
        for key in keyring.keys {
            keys[key.id] = Self.sivKey(for: key)
        }
        self.currentID = keyring.current.id
        self.currentKey = keys[keyring.current.id] ?? Self.sivKey(for: keyring.current)
        self.keys = keys
    }

    private static func sivKey(for key: MaskingKey) -> AESSIV.Key {
        do {
            return try AESSIV.Key(key.derivedKey(label: keyLabel, byteCount: 64))
        } catch {
            // The derivation always yields 64 bytes, a valid AES-SIV key size.
            preconditionFailure("a 64-byte AES-SIV key was refused: \(error)")
        }
    }

    /// The id of the key new values are encrypted under.
    public var currentKeyID: MaskingKeyID { currentID }

    /// Encrypts `value` under the current key, bound to `context`.
    ///
    /// Deterministic: the same value, context and key give the same text.
    /// Cost: allocates the box and the text, both about 1.4 times the value.
    ///
    /// - Throws: ``MaskingError`` `.tooLarge` when the value is over
    ///   ``maximumValueByteCount`` UTF-8 bytes.
    public func encrypt(_ value: String, context: MaskingContext) throws(MaskingError) -> String {
        try encrypt(bytes: value.utf8, context: context)
    }

    /// ``encrypt(_:context:)`` for raw bytes, which ``decrypt(_:context:)``
    /// refuses with `.invalidUTF8` unless they are UTF-8 text.
    ///
    /// - Throws: ``MaskingError`` `.tooLarge` over ``maximumValueByteCount`` bytes.
    package func encrypt<Bytes: Collection<UInt8>>(bytes value: Bytes, context: MaskingContext) throws(MaskingError) -> String {
        let byteCount = value.count
        guard byteCount <= Self.maximumValueByteCount else {
            throw MaskingError(
                code: .tooLarge,
                message: "a value of \(byteCount) UTF-8 bytes is over the \(Self.maximumValueByteCount)-byte limit of deterministic encryption")
        }
        let associatedData = [context.canonicalBytes]
        let boxCount = byteCount + AESSIV.tagByteCount
        var box = [UInt8](repeating: 0, count: boxCount)
        box.withUnsafeMutableBytes { box in
            value.withContiguousBytes { plaintext in
                AESSIV.seal(plaintext, associatedData: associatedData, key: currentKey, into: box)
            }
        }
        let id = currentID.rawValue.utf8
        let textCount = id.count + 1 + SIVTextEncoding.encodedCount(boxCount)
        return String(unsafeUninitializedCapacity: textCount) { text in
            var written = 0
            for byte in id {
                text[written] = byte
                written += 1
            }
            text[written] = UInt8(ascii: ":")
            written += 1
            written += box.withUnsafeBytes { SIVTextEncoding.encode($0, into: UnsafeMutableBufferPointer(rebasing: text[written...])) }
            return written
        }
    }

    /// Decrypts a text made by ``encrypt(_:context:)`` with any key still in
    /// the keyring, checking that it was made for `context`.
    ///
    /// Nothing is returned unless the synthetic IV verifies (constant-time).
    ///
    /// - Throws: ``MaskingError`` `.tooLarge` for a text longer than any
    ///   encryption of a maximal value; `.invalidFormat` when it is not
    ///   `<key id>:<base64url>` with at least a 16-byte box; `.unknownKey`
    ///   when its key id is not in the keyring; `.authenticationFailed` when
    ///   it was made for another context or key, or was modified;
    ///   `.invalidUTF8` if the authentic plaintext is not UTF-8 text.
    public func decrypt(_ text: String, context: MaskingContext) throws(MaskingError) -> String {
        let utf8 = text.utf8
        guard utf8.count <= Self.maximumTextByteCount else {
            throw MaskingError(
                code: .tooLarge,
                message: "a text of \(utf8.count) UTF-8 bytes is longer than any deterministic encryption (\(Self.maximumTextByteCount))")
        }
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else {
            throw MaskingError(code: .invalidFormat, message: "a deterministic encryption is <key id>:<base64url>; no ':' found")
        }
        let id: MaskingKeyID
        do {
            id = try MaskingKeyID(String(decoding: utf8[..<colon], as: UTF8.self))
        } catch {
            throw MaskingError(code: .invalidFormat, message: "the text does not start with a valid key id: \(error.message)")
        }
        let encoded = utf8[utf8.index(after: colon)...]
        guard let box = SIVTextEncoding.decode(encoded), box.count >= AESSIV.tagByteCount else {
            throw MaskingError(
                code: .invalidFormat,
                message: "the part after \"\(id):\" is not unpadded base64url of at least \(AESSIV.tagByteCount) bytes")
        }
        guard let key = keys[id] else {
            throw MaskingError(
                code: .unknownKey, message: "no key \(id) in the keyring (current \(currentID), \(keys.count - 1) retired)")
        }
        let plaintext: [UInt8]
        do {
            plaintext = try AESSIV.open(box, associatedData: [context.canonicalBytes], key: key)
        } catch {
            throw MaskingError(
                code: .authenticationFailed,
                message: "the text does not authenticate under key \(id) in context \(context): another context, or modified")
        }
        guard let value = String(validating: plaintext, as: UTF8.self) else {
            throw MaskingError(code: .invalidUTF8, message: "the decrypted value (\(plaintext.count) bytes) is not valid UTF-8")
        }
        return value
    }

    /// `DeterministicEncryption(current: id, keys: n)`, never key material.
    public var description: String { "DeterministicEncryption(current: \(currentID), keys: \(keys.count))" }
}

/// RFC 4648 §5 base64url without padding, decoding strictly: only the 64
/// URL-safe digits, no `=`, no length ≡ 1 (mod 4), and zero unused bits in
/// the last digit, so every box has exactly one text form.
private enum SIVTextEncoding {
    static let digits: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each ASCII byte as a digit, or 0xFF.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, digit) in digits.enumerated() { table[Int(digit)] = UInt8(value) }
        return table
    }()

    static func encodedCount(_ byteCount: Int) -> Int {
        (8 * byteCount + 5) / 6
    }

    /// Writes the encoding of `bytes` to `output` (room for
    /// ``encodedCount(_:)`` bytes); returns how many it wrote.
    static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output[written] = digits[Int(group >> 18)]
            output[written + 1] = digits[Int(group >> 12 & 63)]
            output[written + 2] = digits[Int(group >> 6 & 63)]
            output[written + 3] = digits[Int(group & 63)]
            written += 4
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let group = UInt32(bytes[index]) << 16
            output[written] = digits[Int(group >> 18)]
            output[written + 1] = digits[Int(group >> 12 & 63)]
            written += 2
        case 2:
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output[written] = digits[Int(group >> 18)]
            output[written + 1] = digits[Int(group >> 12 & 63)]
            output[written + 2] = digits[Int(group >> 6 & 63)]
            written += 3
        default:
            break
        }
        return written
    }

    /// The bytes of a canonical unpadded base64url text, or `nil`.
    static func decode(_ text: Substring.UTF8View) -> [UInt8]? {
        let count = text.count
        guard count % 4 != 1 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in text {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                result.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // Leftover bits must be zero, or two texts would decode alike.
        guard accumulator == 0 else { return nil }
        return result
    }
}
