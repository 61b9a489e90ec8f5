import Masking
import Testing

@Suite("Pseudonym encodings (RFC 4648)")
struct PseudonymEncodingTests {
    /// RFC 4648 §10 test vectors: BASE16, BASE32 and BASE64 of "", "f", … "foobar".
    /// Our encodings are the lower-case, unpadded forms of the same digits.
    static let rfc4648: [(input: String, base16: String, base32: String, base64: String)] = [
        ("", "", "", ""),
        ("f", "66", "MY======", "Zg=="),
        ("fo", "666F", "MZXQ====", "Zm8="),
        ("foo", "666F6F", "MZXW6===", "Zm9v"),
        ("foob", "666F6F62", "MZXW6YQ=", "Zm9vYg=="),
        ("fooba", "666F6F6261", "MZXW6YTB", "Zm9vYmE="),
        ("foobar", "666F6F626172", "MZXW6YTBOI======", "Zm9vYmFy"),
    ]

    @Test func rfc4648TestVectors() {
        for vector in Self.rfc4648 {
            let bytes = Array(vector.input.utf8)
            #expect(PseudonymEncoding.hex.encode(bytes) == vector.base16.lowercased(), "\(vector.input)")
            #expect(
                PseudonymEncoding.base32.encode(bytes) == Self.unpadded(vector.base32).lowercased(), "\(vector.input)")
            #expect(PseudonymEncoding.base64URL.encode(bytes) == Self.unpadded(vector.base64), "\(vector.input)")
        }
    }

    @Test func base64URLUsesTheURLSafeDigits() {
        // RFC 4648 §5: values 62 and 63 are "-" and "_" (base64's "+" and "/").
        #expect(PseudonymEncoding.base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(PseudonymEncoding.base64URL.encode([0xFF, 0xFF, 0xFF]) == "____")
        #expect(PseudonymEncoding.base32.encode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == "77777777")
        #expect(PseudonymEncoding.hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
    }

    @Test(arguments: PseudonymEncoding.allCases)
    func encodedLengthMatchesTheOutput(_ encoding: PseudonymEncoding) {
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(encoding.encode(bytes).utf8.count == encoding.encodedLength(byteCount: count))
        }
        #expect(encoding.encodedLength(byteCount: 16) == [.hex: 32, .base32: 26, .base64URL: 22][encoding])
    }

    static func unpadded(_ text: String) -> String {
        String(text.prefix { $0 != "=" })
    }
}
