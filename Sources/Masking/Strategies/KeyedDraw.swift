import ConsentKitCore
import ConsentKitCrypto

/// The keyed, deterministic randomness behind ``DateShift`` and
/// ``NumericNoise``: HMAC-SHA256 under a subkey derived for one strategy,
/// over the record key and the masking context.
///
/// Deterministic, so reading a record twice gives the same masked value and
/// repeated reads cannot be averaged to recover the original; keyed, so
/// without the key the draw looks random.
///
/// The message is unambiguous: a mode byte, then length-prefixed parts
/// (8-byte big-endian lengths):
/// - per field: `0x01 ‖ len ‖ context.canonicalBytes ‖ len ‖ recordKey`
/// - across fields: `0x02 ‖ tenant ‖ purpose ‖ len ‖ recordKey`, where an
///   absent tenant or purpose is `0x00` and a present one `0x01 ‖ len ‖ utf8`.
struct KeyedDraw: Sendable {
    private let key: HMACSHA256Key

    /// Derives the strategy's subkey once (one HKDF-SHA256).
    init(key: MaskingKey, label: String) {
        self.key = HMACSHA256Key(key.derivedKey(label: label, byteCount: 32))
    }

    /// 32 pseudorandom bytes for the record in `context`. Cost: one HMAC-SHA256.
    func digest(recordKey: String, context: MaskingContext, includingField: Bool) -> SHA256Digest {
        var mac = HMACSHA256(key: key)
        if includingField {
            mac.update(CollectionOfOne(UInt8(0x01)))
            Self.update(&mac, lengthPrefixed: context.canonicalBytes)
        } else {
            mac.update(CollectionOfOne(UInt8(0x02)))
            for part in [context.tenant?.rawValue, context.purpose?.rawValue] {
                if let part {
                    mac.update(CollectionOfOne(UInt8(0x01)))
                    Self.update(&mac, lengthPrefixed: part.utf8)
                } else {
                    mac.update(CollectionOfOne(UInt8(0x00)))
                }
            }
        }
        Self.update(&mac, lengthPrefixed: recordKey.utf8)
        return mac.finalize()
    }

    /// Two independent 64-bit words of the digest (bytes 0-7 and 8-15, big-endian).
    func words(recordKey: String, context: MaskingContext, includingField: Bool) -> (UInt64, UInt64) {
        digest(recordKey: recordKey, context: context, includingField: includingField).withUnsafeBytes { bytes in
            var first: UInt64 = 0
            var second: UInt64 = 0
            for index in 0..<8 {
                first = first << 8 | UInt64(bytes[index])
                second = second << 8 | UInt64(bytes[8 + index])
            }
            return (first, second)
        }
    }

    private static func update(_ mac: inout HMACSHA256, lengthPrefixed part: some Collection<UInt8>) {
        withUnsafeBytes(of: UInt64(part.count).bigEndian) { mac.update($0) }
        mac.update(part)
    }
}
