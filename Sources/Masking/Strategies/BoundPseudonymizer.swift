import ConsentKitCrypto

/// A ``KeyedPseudonymizer`` bound to one ``MaskingContext``, with the HMAC
/// keys of that context prepared: the hot path of pseudonymization.
///
/// Each ``pseudonym(for:)`` costs one HMAC-SHA256 of the value's UTF-8 bytes
/// (two SHA-256 compressions for values up to 55 bytes), the encoding, and
/// the one allocation of the output string. Make it once per field and
/// context (``KeyedPseudonymizer/bound(to:)``), then reuse it for every record.
public struct BoundPseudonymizer: Sendable, CustomStringConvertible {
    /// The context every pseudonym of this value is bound to.
    public let context: MaskingContext
    /// How many HMAC bytes a pseudonym keeps.
    public let byteCount: Int
    /// How those bytes are written.
    public let encoding: PseudonymEncoding
    private let current: PreparedKey
    private let retired: [PreparedKey]

    struct PreparedKey: Sendable {
        let id: MaskingKeyID
        let mac: HMACSHA256Key
        /// `"<keyID>:"` as UTF-8, written in front of every pseudonym.
        let prefix: [UInt8]

        init(id: MaskingKeyID, mac: HMACSHA256Key) {
            self.id = id
            self.mac = mac
            self.prefix = Array(id.rawValue.utf8) + [UInt8(ascii: ":")]
        }
    }

    init(
        context: MaskingContext, current: PreparedKey, retired: [PreparedKey], byteCount: Int,
        encoding: PseudonymEncoding
    ) {
        self.context = context
        self.current = current
        self.retired = retired
        self.byteCount = byteCount
        self.encoding = encoding
    }

    /// A pseudonymizer whose HMAC key is `rawHMACKey` itself, skipping the key
    /// derivation, so tests can check outputs against published HMAC-SHA256
    /// vectors. Never use it for real data: the pseudonyms are not bound to
    /// `context` and the key is not domain-separated.
    /// - Throws: ``MaskingError`` `.invalidPolicy` when `byteCount` is outside `8...32`.
    package init(
        rawHMACKey: some Sequence<UInt8>, keyID: MaskingKeyID, context: MaskingContext, byteCount: Int = 16,
        encoding: PseudonymEncoding = .base32
    ) throws(MaskingError) {
        guard KeyedPseudonymizer.byteCountRange.contains(byteCount) else {
            throw MaskingError(code: .invalidPolicy, message: "pseudonym byteCount must be 8...32, got \(byteCount)")
        }
        self.init(
            context: context, current: PreparedKey(id: keyID, mac: HMACSHA256Key(rawHMACKey)), retired: [],
            byteCount: byteCount, encoding: encoding)
    }

    /// The id of the key new pseudonyms carry.
    public var currentKeyID: MaskingKeyID { current.id }

    /// The pseudonym of `value` under the current key: `"<keyID>:<encoded>"`.
    ///
    /// Cost: one HMAC-SHA256 of `value.utf8`, the encoding, and one
    /// allocation (the returned string); no other allocation for a native string.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` bytes.
    public func pseudonym(for value: String) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "pseudonym input")
        return Self.pseudonym(of: value, key: current, byteCount: byteCount, encoding: encoding)
    }

    /// The pseudonym of raw `bytes` (not necessarily UTF-8) under the current
    /// key, for known-answer tests.
    package func pseudonym(forBytes bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { Self.pseudonym(of: $0, key: current, byteCount: byteCount, encoding: encoding) }
    }

    /// Whether `pseudonym` is the pseudonym of `value` under the key it names,
    /// current or retired.
    ///
    /// `false`, never an error, for a malformed pseudonym, an unknown key id
    /// or an oversized value. The final comparison runs in constant time.
    /// Cost: one HMAC-SHA256 of `value`.
    public func matches(_ pseudonym: String, value: String) -> Bool {
        guard value.utf8.count <= MaskingLimits.maximumValueByteCount,
            let id = try? Self.parseKeyID(pseudonym, byteCount: byteCount, encoding: encoding),
            let key = self.key(for: id)
        else { return false }
        let expected = Self.pseudonym(of: value, key: key, byteCount: byteCount, encoding: encoding)
        return ConstantTime.equals(expected.utf8, pseudonym.utf8)
    }

    /// The id of the key named in `pseudonym`, which need not be known here.
    /// - Throws: ``MaskingError`` `.invalidFormat` unless `pseudonym` is
    ///   `"<keyID>:<encoded>"` with a valid key id and exactly the length and
    ///   alphabet this pseudonymizer's ``byteCount`` and ``encoding`` produce.
    public func keyID(of pseudonym: String) throws(MaskingError) -> MaskingKeyID {
        try Self.parseKeyID(pseudonym, byteCount: byteCount, encoding: encoding)
    }

    /// `pseudonym` re-made under the current key, after checking that it is
    /// the pseudonym of `value` under the (retired or current) key it names.
    /// A pseudonym already under the current key comes back unchanged.
    ///
    /// Cost: two HMAC-SHA256 of `value`.
    /// - Throws: ``MaskingError``
    ///   - `.invalidFormat` for a malformed pseudonym;
    ///   - `.unknownKey` when the key it names is not in the ring;
    ///   - `.tooLarge` when `value` is over ``MaskingLimits/maximumValueByteCount`` bytes;
    ///   - `.authenticationFailed` when it is not the pseudonym of `value`
    ///     (another value, context or key).
    public func rotated(_ pseudonym: String, value: String) throws(MaskingError) -> String {
        let id = try keyID(of: pseudonym)
        guard let key = key(for: id) else {
            throw MaskingError(code: .unknownKey, message: "pseudonym names key \(id), which is not in the keyring")
        }
        try MaskingLimits.check(value, "pseudonym input")
        let expected = Self.pseudonym(of: value, key: key, byteCount: byteCount, encoding: encoding)
        guard ConstantTime.equals(expected.utf8, pseudonym.utf8) else {
            throw MaskingError(
                code: .authenticationFailed,
                message: "pseudonym under key \(id) is not the pseudonym of the given value in context \(context)")
        }
        if key.id == current.id { return pseudonym }
        return Self.pseudonym(of: value, key: current, byteCount: byteCount, encoding: encoding)
    }

    /// `BoundPseudonymizer(context, current key id, N bytes, encoding)`; never key material.
    public var description: String {
        "BoundPseudonymizer(\(context), current: \(current.id), \(retired.count) retired, \(byteCount) bytes, \(encoding))"
    }

    // MARK: - Implementation

    private func key(for id: MaskingKeyID) -> PreparedKey? {
        if id == current.id { return current }
        return retired.first { $0.id == id }
    }

    static func parseKeyID(
        _ pseudonym: String, byteCount: Int, encoding: PseudonymEncoding
    ) throws(MaskingError) -> MaskingKeyID {
        let utf8 = pseudonym.utf8
        let expectedLength = encoding.encodedLength(byteCount: byteCount)
        guard utf8.count <= MaskingKeyID.maximumLength + 1 + expectedLength,
            let colon = utf8.firstIndex(of: UInt8(ascii: ":"))
        else {
            throw MaskingError(
                code: .invalidFormat,
                message:
                    "a \(utf8.count)-byte string is not a pseudonym \"<keyID>:<\(expectedLength) \(encoding) digits>\"")
        }
        let encoded = utf8[utf8.index(after: colon)...]
        guard encoded.count == expectedLength, encoded.allSatisfy(encoding.isDigit) else {
            throw MaskingError(
                code: .invalidFormat,
                message:
                    "a pseudonym needs \(expectedLength) \(encoding) digits after the key id, got \(encoded.count) bytes"
            )
        }
        guard let raw = String(utf8[..<colon]), let id = try? MaskingKeyID(raw) else {
            throw MaskingError(code: .invalidFormat, message: "a pseudonym's key id is empty or not a valid key id")
        }
        return id
    }

    private static func pseudonym(
        of value: String, key: PreparedKey, byteCount: Int, encoding: PseudonymEncoding
    ) -> String {
        if let result = value.utf8.withContiguousStorageIfAvailable({
            pseudonym(of: UnsafeRawBufferPointer($0), key: key, byteCount: byteCount, encoding: encoding)
        }) {
            return result
        }
        // A bridged, non-UTF-8 string: one copy into native storage.
        var native = value
        return native.withUTF8 {
            pseudonym(of: UnsafeRawBufferPointer($0), key: key, byteCount: byteCount, encoding: encoding)
        }
    }

    private static func pseudonym(
        of message: UnsafeRawBufferPointer, key: PreparedKey, byteCount: Int, encoding: PseudonymEncoding
    ) -> String {
        let digest = HMACSHA256.authenticationCode(for: message, using: key.mac)
        let total = key.prefix.count + encoding.encodedLength(byteCount: byteCount)
        return digest.withUnsafeBytes { tag in
            key.prefix.withUnsafeBufferPointer { prefix in
                String(unsafeUninitializedCapacity: total) { output in
                    UnsafeMutableRawBufferPointer(output).copyMemory(from: UnsafeRawBufferPointer(prefix))
                    let written = encoding.encode(
                        UnsafeRawBufferPointer(rebasing: tag[..<byteCount]),
                        into: UnsafeMutableBufferPointer(rebasing: output[prefix.count...]))
                    return prefix.count + written
                }
            }
        }
    }
}
