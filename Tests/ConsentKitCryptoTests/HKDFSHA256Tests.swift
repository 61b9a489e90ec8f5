import ConsentKitCrypto
import Testing

@Suite("HKDF-SHA256")
struct HKDFSHA256Tests {
    struct RFC5869Case: CustomTestStringConvertible, Sendable {
        let number: Int
        let ikm: [UInt8]
        let salt: [UInt8]
        let info: [UInt8]
        let length: Int
        let prk: String
        let okm: String
        var testDescription: String { "RFC 5869 A.\(number)" }
    }

    /// RFC 5869 Appendix A.1–A.3 (the SHA-256 cases).
    static let rfc5869: [RFC5869Case] = [
        RFC5869Case(
            number: 1, ikm: [UInt8](repeating: 0x0b, count: 22), salt: Array(0x00...0x0c), info: Array(0xf0...0xf9),
            length: 42, prk: "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        RFC5869Case(
            number: 2, ikm: Array(0x00...0x4f), salt: Array(0x60...0xaf), info: Array(0xb0...0xff), length: 82,
            prk: "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            okm:
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"
        ),
        RFC5869Case(
            number: 3, ikm: [UInt8](repeating: 0x0b, count: 22), salt: [], info: [], length: 42,
            prk: "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    ]

    @Test(arguments: rfc5869)
    func rfc5869KnownAnswer(_ vector: RFC5869Case) throws {
        let prk = HKDFSHA256.extract(salt: vector.salt, inputKeyMaterial: vector.ikm)
        #expect(prk.hexString == vector.prk)
        let okm = try HKDFSHA256.expand(pseudoRandomKey: prk.bytes, info: vector.info, outputByteCount: vector.length)
        #expect(Hex.encode(okm) == vector.okm)
        let derived = try HKDFSHA256.deriveKey(
            inputKeyMaterial: vector.ikm, salt: vector.salt, info: vector.info, outputByteCount: vector.length)
        #expect(derived.withUnsafeBytes { Hex.encode($0) } == vector.okm)
    }

    @Test("Wycheproof hkdf_sha256_test.json: valid outputs match, oversized requests are rejected")
    func wycheproof() throws {
        let file = try Wycheproof.load("hkdf_sha256_test.json", as: Wycheproof.HKDFGroup.self)
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                checked += 1
                let result = Result {
                    try HKDFSHA256.deriveKey(
                        inputKeyMaterial: hex(test.ikm), salt: hex(test.salt), info: hex(test.info),
                        outputByteCount: test.size)
                }
                switch test.result {
                case .valid:
                    let key = try result.get()
                    #expect(key.withUnsafeBytes { Hex.encode($0) } == test.okm, "tcId \(test.tcId): \(test.comment)")
                case .invalid:
                    #expect(throws: CryptoError.self, "tcId \(test.tcId): \(test.comment)") { try result.get() }
                case .acceptable:
                    break
                }
            }
        }
        #expect(checked == file.numberOfTests)
    }

    @Test func outputLimitsAreTypedErrors() {
        #expect {
            _ = try HKDFSHA256.expand(pseudoRandomKey: [UInt8](repeating: 1, count: 32), info: [], outputByteCount: 255 * 32 + 1)
        } throws: { ($0 as? CryptoError)?.code == .outputTooLong }
        #expect {
            _ = try HKDFSHA256.expand(pseudoRandomKey: [UInt8](repeating: 1, count: 32), info: [], outputByteCount: -1)
        } throws: { ($0 as? CryptoError)?.code == .invalidParameter }
        #expect(throws: Never.self) {
            let maximal = try HKDFSHA256.expand(
                pseudoRandomKey: [UInt8](repeating: 1, count: 32), info: [], outputByteCount: 255 * 32)
            #expect(maximal.count == 8160)
        }
    }
}
