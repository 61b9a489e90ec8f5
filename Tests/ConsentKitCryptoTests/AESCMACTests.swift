import ConsentKitCrypto
import Foundation
import Testing

@Suite("AES-CMAC (NIST SP 800-38B, RFC 4493)")
struct AESCMACTests {
    struct Example: Decodable, Sendable, CustomTestStringConvertible {
        let source: String
        let key: String
        let message: String
        let tag: String
        var testDescription: String { source }
    }

    struct Subkeys: Decodable, Sendable, CustomTestStringConvertible {
        let source: String
        let key: String
        let ciphK0: String?
        let k1: String
        let k2: String
        var testDescription: String { source }
    }

    struct File: Decodable {
        let subkeys: [Subkeys]
        let examples: [Example]
    }

    /// Vectors/cmac/nist-sp800-38b-rfc4493.json: NIST SP 800-38B Appendix D
    /// examples 1-12 (RFC 4493 §4 examples 1-4 are the AES-128 ones).
    static let file: File? = {
        guard let url = Bundle.module.url(forResource: "Vectors/cmac/nist-sp800-38b-rfc4493", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { return nil }
        return try? JSONDecoder().decode(File.self, from: data)
    }()

    @Test func allTwelveExamplesAndThreeSubkeyDerivationsAreLoaded() throws {
        let file = try #require(Self.file)
        #expect(file.examples.count == 12)
        #expect(file.subkeys.count == 3)
    }

    @Test(arguments: file?.examples ?? [])
    func nistExample(_ example: Example) throws {
        let cmac = try AESCMAC(key: SymmetricKey(bytes: hex(example.key)))
        let message = hex(example.message)
        #expect(cmac.authenticationCode(for: message).bytes == hex(example.tag))
        #expect(cmac.isValidAuthenticationCode(hex(example.tag), for: message))
        #expect(try AESCMAC.authenticationCode(for: message, key: SymmetricKey(bytes: hex(example.key))) == hex(example.tag))
        // Every prefix of a good tag, and a tag with one bit flipped, is refused.
        var flipped = hex(example.tag)
        flipped[15] ^= 1
        #expect(!cmac.isValidAuthenticationCode(flipped, for: message))
        #expect(!cmac.isValidAuthenticationCode(hex(example.tag).prefix(15), for: message))
    }

    /// K1 = dbl(CIPH_K(0)), K2 = dbl(K1): checks the GF(2^128) doubling and its
    /// byte order against the published subkeys.
    @Test(arguments: file?.subkeys ?? [])
    func nistSubkeys(_ subkeys: Subkeys) throws {
        let cipher = try AESBlockCipher(key: SymmetricKey(bytes: hex(subkeys.key)))
        var l = AESBlock.zero
        cipher.encryptBlock(&l)
        if let expected = subkeys.ciphK0 { #expect(l.bytes == hex(expected)) }
        #expect(l.doubled().bytes == hex(subkeys.k1))
        #expect(l.doubled().doubled().bytes == hex(subkeys.k2))
    }

    @Test("Every case of Wycheproof aes_cmac_test.json")
    func wycheproof() throws {
        let file = try Wycheproof.load("aes_cmac_test.json", as: Wycheproof.MACGroup.self)
        #expect(file.algorithm == "AES-CMAC")
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                let context: Comment = "tcId \(test.tcId): \(test.comment)"
                let key = SymmetricKey(bytes: hex(test.key))
                let message = hex(test.msg), tag = hex(test.tag)
                checked += 1
                guard [16, 24, 32].contains(key.byteCount) else {
                    #expect(test.result == .invalid, context)
                    let error = #expect(throws: CryptoError.self, context) { try AESCMAC(key: key) }
                    #expect(error?.code == .invalidKeySize, context)
                    continue
                }
                let cmac = try AESCMAC(key: key)
                switch test.result {
                case .valid, .acceptable:
                    #expect(cmac.authenticationCode(for: message).bytes == tag, context)
                    #expect(cmac.isValidAuthenticationCode(tag, for: message), context)
                case .invalid:
                    #expect(!cmac.isValidAuthenticationCode(tag, for: message), context)
                }
            }
        }
        #expect(checked == file.numberOfTests)
    }

    @Test func contiguousAndNonContiguousMessagesAgree() throws {
        let cmac = try AESCMAC(key: SymmetricKey(bytes: hex("2b7e151628aed2a6abf7158809cf4f3c")))
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 100] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            // A lazy sequence has no contiguous storage: the copying path must agree.
            #expect(cmac.authenticationCode(for: message.lazy.map { $0 }) == cmac.authenticationCode(for: message))
        }
    }

    @Test(arguments: [0, 8, 15, 17, 31, 33, 48, 64])
    func wrongKeySizesAreRefused(_ count: Int) {
        let error = #expect(throws: CryptoError.self) { try AESCMAC(key: SymmetricKey(bytes: [UInt8](repeating: 1, count: count))) }
        #expect(error?.code == .invalidKeySize)
    }

    @Test func neverPrintsKeyMaterial() throws {
        let cmac = try AESCMAC(key: SymmetricKey(bytes: [UInt8](repeating: 0xAB, count: 32)))
        var dump = ""
        Swift.dump(cmac, to: &dump)
        #expect(!dump.lowercased().contains("ab, 0xab") && !dump.contains("171"))
        #expect(dump.contains("keyBitCount: 256"))
    }
}
