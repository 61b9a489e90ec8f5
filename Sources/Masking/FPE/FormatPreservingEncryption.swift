import ConsentKitCrypto

/// Format-preserving encryption of field values with NIST SP 800-38G FF1:
/// a card number stays a Luhn-valid card number with its separators, an id
/// keeps its digits, letters and their case, and only the key holder can
/// reverse it with the same context.
///
/// ```swift
/// let fpe = try FormatPreservingEncryption(key: key, format: .creditCard)
/// let context = MaskingContext(field: try FieldPath("payment.card"), tenant: try TenantID("acme"))
/// let masked = try fpe.encrypt("4111-1111-1111-1111", context: context)   // "dddd-dddd-dddd-dddd", Luhn-valid
/// let card = try fpe.decrypt(masked, context: context)
/// ```
///
/// The FF1 key is derived from the masking key with HKDF-SHA256 (label
/// `consentkit.masking.ff1.v1`, 32 bytes: AES-256) and expanded once in
/// `init`. The tweak is the context's ``MaskingContext/canonicalBytes``
/// followed by the format's name, so the same value gets unrelated outputs
/// in different fields, tenants, purposes or formats (a SHA-256 of that when
/// it would exceed ``FF1/maximumTweakByteCount``). Encryption is
/// deterministic: the same value in the same context always gives the same
/// output, which keeps joins working on masked data and also shows which
/// records share a value.
///
/// The output does not say which key made it: after a rotation, decrypt
/// with the key of the time (the output of another key is a valid-looking
/// but wrong value, not an error). Use ``DeterministicEncryption`` when
/// outputs must carry their key and be authenticated.
///
/// Cost: one HKDF and one AES key expansion in `init`; per value a UTF-8
/// pass, the context's encoding and one FF1 call (twelve AES blocks for a
/// 16-digit card).
public struct FormatPreservingEncryption: Sendable, CustomStringConvertible {
    /// The largest value accepted, in UTF-8 bytes: 64 KiB.
    public static let maximumValueByteCount = 64 * 1024
    /// The most letters and digits ``FPEFormat/alphanumeric`` encrypts in one value.
    public static let maximumAlphanumericCount = 256
    /// The HKDF label of the FF1 key.
    static let keyLabel = "consentkit.masking.ff1.v1"

    /// The id of the key the values are encrypted under.
    public let keyID: MaskingKeyID
    /// What is encrypted and what is kept.
    public let format: FPEFormat
    /// FF1 in radix 10 (digits, card), 2 (alphanumeric) or the custom alphabet.
    let ff1: FF1

    /// Prepares FF1 under a subkey of `key` for `format`.
    ///
    /// - Throws: ``MaskingError`` `.invalidKey` if the derived AES key cannot be
    ///   expanded (it always can: the derivation yields 32 bytes).
    public init(key: MaskingKey, format: FPEFormat) throws(MaskingError) {
        let alphabet: FF1Alphabet
        switch format.kind {
        case .digits, .creditCard: alphabet = .digits
        case .alphanumeric: alphabet = .bits
        case .custom(let custom): alphabet = custom
        }
        let cipher: AESBlockCipher
        do {
            cipher = try AESBlockCipher(key: key.derivedKey(label: Self.keyLabel, byteCount: 32))
        } catch {
            throw MaskingError(code: .invalidKey, message: "the FF1 subkey of key \(key.id) could not be expanded")
        }
        self.keyID = key.id
        self.format = format
        self.ff1 = FF1(cipher: cipher, alphabet: alphabet)
    }

    /// Encrypts `value`, keeping its format, bound to `context`.
    ///
    /// - Throws: ``MaskingError`` `.tooLarge` over ``maximumValueByteCount``;
    ///   `.invalidLength` when the value has too few characters to encrypt
    ///   for the format's domain rule (the message names the minimum) or too
    ///   many; `.invalidCharacter` for a character the format does not
    ///   accept; `.invalidFormat` for a card number that fails the Luhn check.
    public func encrypt(_ value: String, context: MaskingContext) throws(MaskingError) -> String {
        try transform(value, context: context, decrypting: false)
    }

    /// Reverses ``encrypt(_:context:)`` given the same context.
    ///
    /// A value encrypted in another context (or under another key) decrypts
    /// to a wrong value of the same format, not to an error: FF1 has no tag.
    ///
    /// - Throws: as ``encrypt(_:context:)``.
    public func decrypt(_ value: String, context: MaskingContext) throws(MaskingError) -> String {
        try transform(value, context: context, decrypting: true)
    }

    /// `FormatPreservingEncryption(keyID, format)`, never key material.
    public var description: String { "FormatPreservingEncryption(\(keyID), \(format))" }

    // MARK: Formats

    private func transform(_ value: String, context: MaskingContext, decrypting: Bool) throws(MaskingError) -> String {
        let byteCount = value.utf8.count
        guard byteCount <= Self.maximumValueByteCount else {
            throw MaskingError(
                code: .tooLarge,
                message: "a value of \(byteCount) UTF-8 bytes is over the \(Self.maximumValueByteCount)-byte limit of format-preserving encryption")
        }
        switch format.kind {
        case .digits:
            return try transformDigits(value, context: context, decrypting: decrypting)
        case .creditCard:
            return try transformCard(value, context: context, decrypting: decrypting)
        case .alphanumeric:
            return try transformAlphanumeric(value, context: context, decrypting: decrypting)
        case .custom:
            let tweak = Self.tweak(for: context, format: format)
            return decrypting ? try ff1.decrypt(value, tweak: tweak) : try ff1.encrypt(value, tweak: tweak)
        }
    }

    private func transformDigits(_ value: String, context: MaskingContext, decrypting: Bool) throws(MaskingError) -> String {
        var utf8 = Array(value.utf8)
        var numerals = Self.digitNumerals(of: utf8)
        guard numerals.count >= ff1.minimumLength else {
            throw MaskingError(
                code: .invalidLength,
                message: "the digits format needs at least \(ff1.minimumLength) digits (10^n ≥ 1,000,000), got \(numerals.count)")
        }
        try ff1.transform(&numerals, tweak: Self.tweak(for: context, format: format), decrypting: decrypting)
        Self.writeDigits(numerals, into: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Card numbers: ISO/IEC 7812-1 lengths.
    static let cardDigitCounts = 8...19

    private func transformCard(_ value: String, context: MaskingContext, decrypting: Bool) throws(MaskingError) -> String {
        var utf8 = Array(value.utf8)
        if utf8.contains(where: { !(Self.isDigit($0) || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-")) }) {
            for (position, character) in value.enumerated()
            where !(character.isASCII && (character.isWholeNumber || character == " " || character == "-")) {
                throw MaskingError(
                    code: .invalidCharacter,
                    message:
                        "character \(String(character).debugDescription) at position \(position) is not allowed in a card number (digits, spaces and hyphens only)"
                )
            }
        }
        var numerals = Self.digitNumerals(of: utf8)
        guard Self.cardDigitCounts.contains(numerals.count) else {
            throw MaskingError(
                code: .invalidLength,
                message:
                    "a card number has \(Self.cardDigitCounts.lowerBound) to \(Self.cardDigitCounts.upperBound) digits, got \(numerals.count)"
            )
        }
        guard Self.luhnCheckDigit(numerals.dropLast()) == numerals[numerals.count - 1] else {
            throw MaskingError(code: .invalidFormat, message: "the \(numerals.count)-digit card number fails the Luhn check")
        }
        // The check digit carries no information of its own: encrypt the
        // rest and derive it again, so the output validates like a card.
        var payload = Array(numerals.dropLast())
        try ff1.transform(&payload, tweak: Self.tweak(for: context, format: format), decrypting: decrypting)
        numerals = payload + [Self.luhnCheckDigit(payload[...])]
        Self.writeDigits(numerals, into: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    // MARK: Helpers

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private static func digitNumerals(of utf8: [UInt8]) -> [UInt16] {
        var numerals: [UInt16] = []
        numerals.reserveCapacity(utf8.count)
        for byte in utf8 where isDigit(byte) {
            numerals.append(UInt16(byte &- UInt8(ascii: "0")))
        }
        return numerals
    }

    /// Writes `numerals` over the ASCII digits of `utf8`, in order. Replacing
    /// ASCII digits with ASCII digits keeps the bytes valid UTF-8 and every
    /// character boundary where it was.
    private static func writeDigits(_ numerals: [UInt16], into utf8: inout [UInt8]) {
        var next = 0
        for index in utf8.indices where isDigit(utf8[index]) {
            utf8[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: numerals[next])
            next += 1
        }
    }

    /// The Luhn (ISO/IEC 7812-1 Annex B) check digit for `payload`: doubling
    /// every second digit from the right, starting with the rightmost.
    static func luhnCheckDigit(_ payload: ArraySlice<UInt16>) -> UInt16 {
        var sum = 0
        var double = true
        for digit in payload.reversed() {
            var value = Int(digit)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return UInt16((10 - sum % 10) % 10)
    }

    /// The FF1 tweak: the context's canonical encoding, then the format's
    /// name (length-prefixed), or the SHA-256 of both when that is longer
    /// than FF1 allows. The canonical encoding is self-delimiting and at
    /// least 35 bytes, so neither form can collide with another context's.
    static func tweak(for context: MaskingContext, format: FPEFormat) -> [UInt8] {
        var tweak = context.canonicalBytes
        let name = Array(format.description.utf8)
        tweak.append(UInt8(truncatingIfNeeded: name.count))
        tweak += name
        if tweak.count > FF1.maximumTweakByteCount {
            return SHA256.hash(tweak).bytes
        }
        return tweak
    }
}
