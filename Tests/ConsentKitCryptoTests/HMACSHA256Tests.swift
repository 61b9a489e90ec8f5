import ConsentKitCrypto
import Testing

@Suite("HMAC-SHA256")
struct HMACSHA256Tests {
    struct RFC4231Case: CustomTestStringConvertible, Sendable {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 test case \(number)" }
    }

    /// RFC 4231 §4.2–4.8, HMAC-SHA-256 column (case 5 is truncated to 128 bits).
    static let rfc4231: [RFC4231Case] = [
        RFC4231Case(
            number: 1, key: hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), data: hex("4869205468657265"),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        RFC4231Case(
            number: 2, key: hex("4a656665"), data: hex("7768617420646f2079612077616e7420666f72206e6f7468696e673f"),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        RFC4231Case(
            number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        RFC4231Case(
            number: 4, key: hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
            data: [UInt8](repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        RFC4231Case(
            number: 5, key: [UInt8](repeating: 0x0c, count: 20), data: hex("546573742057697468205472756e636174696f6e"),
            mac: "a3b6167473100ee06e0c796c2955552b"),
        RFC4231Case(
            number: 6, key: [UInt8](repeating: 0xaa, count: 131),
            data: hex(
                "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374"
            ),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        RFC4231Case(
            number: 7, key: [UInt8](repeating: 0xaa, count: 131),
            data: hex(
                "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e"
            ),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: rfc4231)
    func rfc4231KnownAnswer(_ vector: RFC4231Case) throws {
        let key = HMACSHA256Key(vector.key)
        let mac = HMACSHA256.authenticationCode(for: vector.data, using: key)
        #expect(mac.hexString.hasPrefix(vector.mac))
        #expect(try HMACSHA256.isValidAuthenticationCode(hex(vector.mac), for: vector.data, using: key))

        var incremental = HMACSHA256(key: key)
        for byte in vector.data { incremental.update(CollectionOfOne(byte)) }
        #expect(incremental.finalize() == mac)
    }

    @Test("Wycheproof hmac_sha256_test.json: every valid case verifies, every invalid one is rejected")
    func wycheproof() throws {
        let file = try Wycheproof.load("hmac_sha256_test.json", as: Wycheproof.MACGroup.self)
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                checked += 1
                let key = HMACSHA256Key(hex(test.key))
                let message = hex(test.msg)
                let tag = hex(test.tag)
                let computed = Array(HMACSHA256.authenticationCode(for: message, using: key).bytes.prefix(group.tagSize / 8))
                switch test.result {
                case .valid:
                    #expect(computed == tag, "tcId \(test.tcId): \(test.comment)")
                    #expect(try HMACSHA256.isValidAuthenticationCode(tag, for: message, using: key), "tcId \(test.tcId)")
                case .invalid:
                    #expect(computed != tag, "tcId \(test.tcId): \(test.comment)")
                    let accepted = (try? HMACSHA256.isValidAuthenticationCode(tag, for: message, using: key)) ?? false
                    #expect(!accepted, "tcId \(test.tcId): \(test.comment)")
                case .acceptable:
                    break
                }
            }
        }
        #expect(checked == file.numberOfTests)
    }

    @Test(arguments: [0, 1, 15, 33, 64])
    func tagsOfTheWrongLengthAreAMisuseNotAMismatch(length: Int) {
        let key = HMACSHA256Key(Array("key".utf8))
        #expect {
            _ = try HMACSHA256.isValidAuthenticationCode([UInt8](repeating: 0, count: length), for: [1, 2, 3], using: key)
        } throws: { error in
            (error as? CryptoError)?.code == .invalidTagSize
        }
    }

    @Test func preparedKeyNeverPrintsItsBytes() {
        let key = HMACSHA256Key(Array("super secret key".utf8))
        #expect(!String(describing: key).contains("super"))
        #expect(!String(reflecting: key).contains("73"))
        let symmetric = SymmetricKey(bytes: [0xde, 0xad, 0xbe, 0xef])
        #expect(String(describing: symmetric) == "SymmetricKey(32 bits)")
        #expect(!String(reflecting: symmetric).lowercased().contains("dead"))
    }
}
