import ConsentKitCrypto
import Foundation
import Testing

extension Wycheproof {
    /// `daead_test_schema_v1.json`
    struct DAEADGroup: Decodable {
        let keySize: Int
        let tests: [DAEADTest]
    }

    struct DAEADTest: Decodable {
        let tcId: Int
        let comment: String
        let key: String
        let aad: String
        let msg: String
        let ct: String
        let result: Result
    }
}

@Suite("AES-SIV (RFC 5297)")
struct AESSIVTests {
    struct RFCExample: Decodable, Sendable, CustomTestStringConvertible {
        let source: String
        let key: String
        let associatedData: [String]
        let plaintext: String
        let cmacZero: String
        let output: String
        var testDescription: String { source }
    }

    /// Vectors/siv/rfc5297-appendix-a.json: RFC 5297 Appendix A.1 and A.2.
    static let rfcExamples: [RFCExample] = {
        guard let url = Bundle.module.url(forResource: "Vectors/siv/rfc5297-appendix-a", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return (try? JSONDecoder().decode([RFCExample].self, from: data)) ?? []
    }()

    @Test func bothAppendixExamplesAreLoaded() {
        #expect(Self.rfcExamples.count == 2)
    }

    @Test(arguments: rfcExamples)
    func rfc5297Example(_ example: RFCExample) throws {
        let keyBytes = hex(example.key)
        let key = try AESSIV.Key(SymmetricKey(bytes: keyBytes))
        let associatedData = example.associatedData.map(hex)
        let plaintext = hex(example.plaintext), output = hex(example.output)

        // The S2V accumulator starts at CMAC_K1(0^128), printed as "CMAC(zero)".
        let mac = try AESCMAC(key: SymmetricKey(bytes: keyBytes.prefix(keyBytes.count / 2)))
        #expect(mac.authenticationCode(for: [UInt8](repeating: 0, count: 16)).bytes == hex(example.cmacZero))

        #expect(try AESSIV.seal(plaintext, associatedData: associatedData, key: key) == output)
        #expect(try AESSIV.seal(plaintext, associatedData: associatedData, key: SymmetricKey(bytes: keyBytes)) == output)
        #expect(try AESSIV.open(output, associatedData: associatedData, key: key) == plaintext)
        #expect(try AESSIV.open(output, associatedData: associatedData, key: SymmetricKey(bytes: keyBytes)) == plaintext)

        // Any change to the box, the associated data or their order is refused.
        for index in output.indices {
            var tampered = output
            tampered[index] ^= 0x01
            expectAuthenticationFailure { try AESSIV.open(tampered, associatedData: associatedData, key: key) }
        }
        expectAuthenticationFailure { try AESSIV.open(output, associatedData: associatedData + [[]], key: key) }
        expectAuthenticationFailure { try AESSIV.open(output, associatedData: Array(associatedData.dropLast()), key: key) }
        if associatedData.count > 1 {
            expectAuthenticationFailure { try AESSIV.open(output, associatedData: associatedData.reversed(), key: key) }
        }
        expectAuthenticationFailure { try AESSIV.open(output.dropLast(), associatedData: associatedData, key: key) }
    }

    @Test("Every case of Wycheproof aes_siv_cmac_test.json (deterministic, one associated-data string)")
    func wycheproofDeterministic() throws {
        let file = try Wycheproof.load("aes_siv_cmac_test.json", as: Wycheproof.DAEADGroup.self)
        #expect(file.algorithm == "AES-SIV-CMAC")
        var checked = 0, valid = 0, invalid = 0
        for group in file.testGroups {
            for test in group.tests {
                let context: Comment = "tcId \(test.tcId): \(test.comment)"
                let key = SymmetricKey(bytes: hex(test.key))
                let aad = [hex(test.aad)], message = hex(test.msg), ct = hex(test.ct)
                checked += 1
                switch test.result {
                case .valid, .acceptable:
                    valid += 1
                    #expect(try AESSIV.seal(message, associatedData: aad, key: key) == ct, context)
                    #expect(try AESSIV.open(ct, associatedData: aad, key: key) == message, context)
                case .invalid:
                    invalid += 1
                    let error = #expect(throws: CryptoError.self, context) { try AESSIV.open(ct, associatedData: aad, key: key) }
                    #expect(error?.code == .authenticationFailure, context)
                }
            }
        }
        #expect(checked == file.numberOfTests)
        #expect(valid > 0 && invalid > 0)
    }

    @Test("Every case of Wycheproof aead_aes_siv_cmac_test.json (nonce-based: associated data, then nonce)")
    func wycheproofNonceBased() throws {
        let file = try Wycheproof.load("aead_aes_siv_cmac_test.json", as: Wycheproof.AEADGroup.self)
        #expect(file.algorithm == "AEAD-AES-SIV-CMAC")
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                let context: Comment = "tcId \(test.tcId): \(test.comment)"
                let key = SymmetricKey(bytes: hex(test.key))
                let components = [hex(test.aad), hex(test.iv)]
                let message = hex(test.msg), box = hex(test.tag) + hex(test.ct)
                checked += 1
                switch test.result {
                case .valid, .acceptable:
                    #expect(try AESSIV.seal(message, associatedData: components, key: key) == box, context)
                    #expect(try AESSIV.open(box, associatedData: components, key: key) == message, context)
                case .invalid:
                    let error = #expect(throws: CryptoError.self, context) { try AESSIV.open(box, associatedData: components, key: key) }
                    #expect(error?.code == .authenticationFailure, context)
                }
            }
        }
        #expect(checked == file.numberOfTests)
    }

    @Test func roundTripsAtEveryLengthAroundTheBlockSize() throws {
        for keySize in [32, 48, 64] {
            let key = try AESSIV.Key(SymmetricKey(byteCount: keySize))
            #expect(key.keyBitCount == 8 * keySize)
            for length in Array(0...70) + [127, 128, 129, 1000] {
                let plaintext = SecureRandom.bytes(count: length)
                let ad = [SecureRandom.bytes(count: length % 19)]
                let box = try AESSIV.seal(plaintext, associatedData: ad, key: key)
                #expect(box.count == length + 16)
                #expect(try AESSIV.seal(plaintext, associatedData: ad, key: key) == box, "deterministic")
                #expect(try AESSIV.open(box, associatedData: ad, key: key) == plaintext)
                // A lazy (non-contiguous) plaintext takes the copying path and must agree.
                #expect(try AESSIV.seal(plaintext.lazy.map { $0 }, associatedData: ad, key: key) == box)
            }
        }
    }

    @Test func associatedDataCountLimit() throws {
        let key = try AESSIV.Key(SymmetricKey(byteCount: 32))
        let most = [[UInt8]](repeating: [1], count: AESSIV.maximumAssociatedDataCount)
        let box = try AESSIV.seal([1, 2, 3], associatedData: most, key: key)
        #expect(try AESSIV.open(box, associatedData: most, key: key) == [1, 2, 3])
        let tooMany = most + [[2]]
        let sealing = #expect(throws: CryptoError.self) { try AESSIV.seal([1, 2, 3], associatedData: tooMany, key: key) }
        #expect(sealing?.code == .invalidParameter)
        let opening = #expect(throws: CryptoError.self) { try AESSIV.open(box, associatedData: tooMany, key: key) }
        #expect(opening?.code == .invalidParameter)
    }

    @Test(arguments: [0, 16, 24, 31, 33, 47, 49, 63, 65, 96])
    func wrongKeySizesAreRefused(_ count: Int) {
        let error = #expect(throws: CryptoError.self) { try AESSIV.Key(SymmetricKey(bytes: [UInt8](repeating: 7, count: count))) }
        #expect(error?.code == .invalidKeySize)
        let sealing = #expect(throws: CryptoError.self) {
            try AESSIV.seal([1], key: SymmetricKey(bytes: [UInt8](repeating: 7, count: count)))
        }
        #expect(sealing?.code == .invalidKeySize)
    }

    @Test func shortBoxesAreRefused() throws {
        let key = try AESSIV.Key(SymmetricKey(byteCount: 64))
        for length in 0..<16 {
            expectAuthenticationFailure { try AESSIV.open([UInt8](repeating: 0, count: length), key: key) }
        }
    }

    @Test func neverPrintsKeyMaterial() throws {
        let key = try AESSIV.Key(SymmetricKey(bytes: [UInt8](repeating: 0xCD, count: 64)))
        var dump = ""
        Swift.dump(key, to: &dump)
        #expect(!dump.contains("205"))
        #expect(dump.contains("keyBitCount: 512"))
    }

    private func expectAuthenticationFailure(
        _ body: () throws -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.code == .authenticationFailure, sourceLocation: sourceLocation)
    }
}
