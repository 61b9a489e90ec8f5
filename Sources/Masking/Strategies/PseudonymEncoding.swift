/// How ``KeyedPseudonymizer`` writes a pseudonym's bytes as text. Every
/// encoding is ASCII, case-exact and needs no escaping in URLs, file names,
/// CSV or JSON.
public enum PseudonymEncoding: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Lower-case hexadecimal: 2 characters per byte.
    case hex
    /// RFC 4648 base32 alphabet in lower case (`a-z2-7`), unpadded: 26 characters for 16 bytes.
    case base32
    /// RFC 4648 §5 base64url alphabet (`A-Za-z0-9-_`), unpadded: 22 characters for 16 bytes.
    case base64URL

    /// The case name.
    public var description: String { rawValue }

    /// The length of the encoding of `byteCount` bytes, in characters.
    package func encodedLength(byteCount: Int) -> Int {
        switch self {
        case .hex: 2 * byteCount
        case .base32: (8 * byteCount + 4) / 5
        case .base64URL: (8 * byteCount + 5) / 6
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"
    private static let base32Digits: StaticString = "abcdefghijklmnopqrstuvwxyz234567"
    private static let base64URLDigits: StaticString =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// Writes the encoding of `bytes` to `output`, which has room for
    /// `encodedLength(byteCount:)` bytes; returns how many it wrote.
    /// Allocation-free.
    func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        switch self {
        case .hex: Self.encode(bytes, bitsPerDigit: 4, digits: Self.hexDigits, into: output)
        case .base32: Self.encode(bytes, bitsPerDigit: 5, digits: Self.base32Digits, into: output)
        case .base64URL: Self.encode(bytes, bitsPerDigit: 6, digits: Self.base64URLDigits, into: output)
        }
    }

    /// The encoding of `bytes`, for known-answer tests of the alphabets.
    package func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: encodedLength(byteCount: raw.count)) { encode(raw, into: $0) }
        }
    }

    /// Whether `byte` is a digit of this encoding.
    func isDigit(_ byte: UInt8) -> Bool {
        switch self {
        case .hex:
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        case .base32:
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(byte)
        case .base64URL:
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_")
        }
    }

    /// Big-endian bit-group encoding shared by the three alphabets (RFC 4648
    /// §§5, 6, 8): the last group is padded with zero bits, and no `=` is written.
    @inline(__always)
    private static func encode(
        _ bytes: UnsafeRawBufferPointer, bitsPerDigit: Int, digits: StaticString,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        let table = digits.utf8Start
        let mask: UInt64 = (1 << UInt64(bitsPerDigit)) - 1
        var buffer: UInt64 = 0
        var bufferedBits = 0
        var written = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt64(byte)
            bufferedBits += 8
            while bufferedBits >= bitsPerDigit {
                bufferedBits -= bitsPerDigit
                output[written] = table[Int((buffer >> UInt64(bufferedBits)) & mask)]
                written += 1
            }
        }
        if bufferedBits > 0 {
            output[written] = table[Int((buffer << UInt64(bitsPerDigit - bufferedBits)) & mask)]
            written += 1
        }
        return written
    }
}
