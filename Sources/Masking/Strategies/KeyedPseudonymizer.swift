import ConsentKitCrypto

/// Replaces values with keyed pseudonyms, `"<keyID>:<encoded>"`, such as
/// `k2026-11:mfrggzdfmztwq2lk…`: the same value in the same context always
/// gets the same pseudonym (joins and counts still work), while without the
/// key nothing links a pseudonym back to its value.
///
/// The pseudonym is HMAC-SHA256 of the value's UTF-8 bytes, truncated to
/// ``byteCount`` bytes and encoded. The HMAC key is bound to both the masking
/// key and the ``MaskingContext``:
///
/// 1. per masking key, once: `base = HKDF-SHA256(key, salt: key id,
///    info: "consentkit.masking.pseudonym.v1")` (32 bytes);
/// 2. per context, once, in ``bound(to:)``: `k = HMAC-SHA256(base, context.canonicalBytes)`;
/// 3. per value: `HMAC-SHA256(k, utf8(value))`.
///
/// So the same value gets unrelated pseudonyms in different fields, tenants
/// or purposes, and linking them needs the key. The key id in front says
/// which key made a pseudonym, so after a rotation old pseudonyms can still
/// be checked (``BoundPseudonymizer/matches(_:value:)``) and moved to the new
/// key (``BoundPseudonymizer/rotated(_:value:)``). Key ids never contain `:`
/// (``MaskingKeyID`` allows only `A-Za-z0-9._-`), so the separator is unambiguous.
///
/// The value's UTF-8 bytes are hashed exactly as stored: canonically
/// equivalent strings in different Unicode normal forms (`"é"` as one scalar
/// or as `e` + combining accent) get different pseudonyms, so normalize
/// values from mixed sources before pseudonymizing them.
///
/// For many values in one context, bind once and reuse the
/// ``BoundPseudonymizer``: each pseudonym then costs one HMAC of the value.
public struct KeyedPseudonymizer: Sendable, CustomStringConvertible {
    /// Accepted pseudonym lengths before encoding, in bytes.
    public static let byteCountRange: ClosedRange<Int> = 8...32
    /// The HKDF label of the per-key base subkey.
    static let label = "consentkit.masking.pseudonym.v1"

    /// The keys: new pseudonyms use the current one, retired ones are still verified.
    public let keyring: MaskingKeyring
    /// How many HMAC bytes a pseudonym keeps.
    public let byteCount: Int
    /// How those bytes are written.
    public let encoding: PseudonymEncoding
    private let baseKeys: [BaseKey]

    /// Creates a pseudonymizer. Cost: one HKDF-SHA256 per key in the ring.
    /// - Parameters:
    ///   - keyring: the current and retired masking keys.
    ///   - byteCount: HMAC bytes kept, `8...32`; 16 (128 bits) by default. Below
    ///     16, distinct values may collide in large data sets (birthday bound 2^(4·byteCount)).
    ///   - encoding: base32 (lower case, unpadded) by default.
    /// - Throws: ``MaskingError`` `.invalidPolicy` when `byteCount` is outside `8...32`.
    public init(
        keyring: MaskingKeyring, byteCount: Int = 16, encoding: PseudonymEncoding = .base32
    ) throws(MaskingError) {
        guard Self.byteCountRange.contains(byteCount) else {
            throw MaskingError(code: .invalidPolicy, message: "pseudonym byteCount must be 8...32, got \(byteCount)")
        }
        self.keyring = keyring
        self.byteCount = byteCount
        self.encoding = encoding
        self.baseKeys = keyring.keys.map { key in
            BaseKey(id: key.id, mac: HMACSHA256Key(key.derivedKey(label: Self.label, byteCount: 32)))
        }
    }

    /// A pseudonymizer for one context, with the per-context HMAC keys
    /// prepared. Cost: one HMAC-SHA256 per key in the ring.
    public func bound(to context: MaskingContext) -> BoundPseudonymizer {
        let contextBytes = context.canonicalBytes
        let keys = baseKeys.map { base in
            let digest = HMACSHA256.authenticationCode(for: contextBytes, using: base.mac)
            return BoundPseudonymizer.PreparedKey(id: base.id, mac: HMACSHA256Key(digest.bytes))
        }
        return BoundPseudonymizer(
            context: context, current: keys[0], retired: Array(keys.dropFirst()), byteCount: byteCount,
            encoding: encoding)
    }

    /// The pseudonym of `value` in `context` under the current key.
    ///
    /// Cost: binds to the context first (one HMAC per key); for many values
    /// in one context, use ``bound(to:)`` once instead.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` bytes.
    public func pseudonym(for value: String, context: MaskingContext) throws(MaskingError) -> String {
        try bound(to: context).pseudonym(for: value)
    }

    /// Whether `pseudonym` is the pseudonym of `value` in `context` under the
    /// key it names (current or retired); see ``BoundPseudonymizer/matches(_:value:)``.
    public func matches(_ pseudonym: String, value: String, context: MaskingContext) -> Bool {
        bound(to: context).matches(pseudonym, value: value)
    }

    /// `pseudonym` re-made under the current key; see ``BoundPseudonymizer/rotated(_:value:)``.
    /// - Throws: as ``BoundPseudonymizer/rotated(_:value:)``.
    public func rotated(_ pseudonym: String, value: String, context: MaskingContext) throws(MaskingError) -> String {
        try bound(to: context).rotated(pseudonym, value: value)
    }

    /// The id of the key named in `pseudonym`, which need not be in the ring.
    /// - Throws: ``MaskingError`` `.invalidFormat` unless `pseudonym` is
    ///   `"<keyID>:<encoded>"` with a valid key id and exactly the length and
    ///   alphabet this pseudonymizer's ``byteCount`` and ``encoding`` produce.
    public func keyID(of pseudonym: String) throws(MaskingError) -> MaskingKeyID {
        try BoundPseudonymizer.parseKeyID(pseudonym, byteCount: byteCount, encoding: encoding)
    }

    /// `KeyedPseudonymizer(keyring, N bytes, encoding)`; never key material.
    public var description: String {
        "KeyedPseudonymizer(\(keyring), \(byteCount) bytes, \(encoding))"
    }

    private struct BaseKey: Sendable {
        let id: MaskingKeyID
        let mac: HMACSHA256Key
    }
}
