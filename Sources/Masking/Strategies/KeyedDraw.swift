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

    /// 32 pseudorandom bytes for the record in `context`. Cost: one HMAC-SHA256
    /// (three compressions for a short context and record key).
    func digest(recordKey: String, context: MaskingContext, includingField: Bool) -> SHA256Digest {
        // Fed through raw buffers: the generic `Sequence` update would copy
        // each small part into a temporary array.
        var mac = HMACSHA256(key: key)
        if includingField {
            Self.update(&mac, byte: 0x01)
            context.canonicalBytes.withUnsafeBytes { Self.update(&mac, lengthPrefixed: $0) }
        } else {
            Self.update(&mac, byte: 0x02)
            Self.update(&mac, optionalPart: context.tenant?.rawValue)
            Self.update(&mac, optionalPart: context.purpose?.rawValue)
        }
        Self.update(&mac, lengthPrefixed: recordKey)
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

    private static func update(_ mac: inout HMACSHA256, byte: UInt8) {
        withUnsafeBytes(of: byte) { mac.update($0) }
    }

    /// `0x00` for an absent part, `0x01 ‖ len ‖ utf8` for a present one.
    private static func update(_ mac: inout HMACSHA256, optionalPart part: String?) {
        guard let part else { return update(&mac, byte: 0x00) }
        update(&mac, byte: 0x01)
        update(&mac, lengthPrefixed: part)
    }

    private static func update(_ mac: inout HMACSHA256, lengthPrefixed part: String) {
        var part = part
        part.withUTF8 { update(&mac, lengthPrefixed: UnsafeRawBufferPointer($0)) }
    }

    private static func update(_ mac: inout HMACSHA256, lengthPrefixed part: UnsafeRawBufferPointer) {
        withUnsafeBytes(of: UInt64(part.count).bigEndian) { mac.update($0) }
        mac.update(part)
    }
}
