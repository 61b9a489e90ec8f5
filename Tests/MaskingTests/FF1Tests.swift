import Foundation
import Masking
import Testing

@Suite("FF1 format-preserving encryption (NIST SP 800-38G)")
struct FF1Tests {
    struct Sample: Decodable, Sendable, CustomTestStringConvertible {
        let sample: Int
        let key: String
        let tweak: String
        let radix: Int
        let alphabet: String
        let plaintext: String
        let ciphertext: String
        var testDescription: String { "NIST FF1 sample \(sample)" }
    }

    /// NIST CSRC "Examples with Intermediate Values", FF1 samples 1-9
    /// (Vectors/ff1/nist-sp800-38g-ff1-samples.json).
    static let samples: [Sample] = {
        guard let url = Bundle.module.url(forResource: "Vectors/ff1/nist-sp800-38g-ff1-samples", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let samples = try? JSONDecoder().decode([Sample].self, from: data)
        else { return [] }
        return samples
    }()

    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    @Test func allNineSamplesAreLoaded() {
        #expect(Self.samples.map(\.sample) == Array(1...9))
    }

    @Test(arguments: samples)
    func nistSample(_ sample: Sample) throws {
        let ff1 = try FF1(key: Self.bytes(sample.key), alphabet: FF1Alphabet(sample.alphabet))
        #expect(ff1.alphabet.radix == sample.radix)
        let tweak = Self.bytes(sample.tweak)
        #expect(try ff1.encrypt(sample.plaintext, tweak: tweak) == sample.ciphertext)
        #expect(try ff1.decrypt(sample.ciphertext, tweak: tweak) == sample.plaintext)
    }

    @Test(arguments: [2, 3, 10, 16, 26, 36, 62, 255, 256, 1_000, 65_536])
    func randomRoundTripsAtManyRadicesAndLengths(radix: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // Private-use code points: no two are canonically equivalent, so every
        // radix up to 65,536 gets distinct characters.
        var characters = ""
        for index in 0..<radix {
            let codePoint: UInt32 = index < 65_534 ? 0xF_0000 + UInt32(index) : 0x10_0000 + UInt32(index - 65_534)
            if let scalar = Unicode.Scalar(codePoint) { characters.unicodeScalars.append(scalar) }
        }
        let alphabet = try FF1Alphabet(characters)
        let ff1 = try FF1(key: key, alphabet: alphabet)
        for length in [ff1.minimumLength, ff1.minimumLength + 1, ff1.minimumLength + 7, 64] {
            for _ in 0..<5 {
                let numerals = (0..<length).map { _ in Int.random(in: 0..<radix, using: &generator) }
                let tweak = (0..<Int.random(in: 0...20, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let encrypted = try ff1.encrypt(numerals: numerals, tweak: tweak)
                #expect(encrypted.count == length)
                #expect(encrypted.allSatisfy { (0..<radix).contains($0) })
                #expect(try ff1.decrypt(numerals: encrypted, tweak: tweak) == numerals)
            }
        }
    }

    @Test func theTweakBindsTheContext() throws {
        let ff1 = try FF1(key: [UInt8](repeating: 7, count: 16), alphabet: .digits)
        let card = "4111111111111111"
        let inPayments = try ff1.encrypt(card, tweak: Array("tenant-a/payment.card".utf8))
        let inSupport = try ff1.encrypt(card, tweak: Array("tenant-b/payment.card".utf8))
        #expect(inPayments != inSupport)
        #expect(inPayments.count == 16 && inPayments.allSatisfy(\.isNumber))
        #expect(try ff1.decrypt(inPayments, tweak: Array("tenant-b/payment.card".utf8)) != card)
    }

    @Test func domainSizeRuleAndLimitsAreTypedErrors() throws {
        let digits = try FF1(key: [UInt8](repeating: 1, count: 16), alphabet: .digits)
        #expect(digits.minimumLength == 6)  // 10^6 = 1,000,000
        #expect { try digits.encrypt("12345") } throws: { ($0 as? MaskingError)?.code == .invalidLength }
        #expect(throws: Never.self) { try digits.encrypt("123456") }
        #expect { try digits.encrypt(String(repeating: "1", count: FF1.maximumLength + 1)) } throws: {
            ($0 as? MaskingError)?.code == .invalidLength
        }
        let binary = try FF1(key: [UInt8](repeating: 1, count: 16), alphabet: FF1Alphabet("01"))
        #expect(binary.minimumLength == 20)  // 2^20 ≥ 1,000,000
        #expect { try digits.encrypt("12a456") } throws: { error in
            guard let error = error as? MaskingError else { return false }
            return error.code == .invalidCharacter && error.message.contains("position 2")
        }
        #expect { try digits.encrypt("123456", tweak: [UInt8](repeating: 0, count: FF1.maximumTweakByteCount + 1)) } throws: {
            ($0 as? MaskingError)?.code == .invalidTweak
        }
        #expect { try digits.encrypt(numerals: [1, 2, 3, 4, 5, 10]) } throws: {
            ($0 as? MaskingError)?.code == .invalidCharacter
        }
    }

    @Test(arguments: [0, 15, 17, 31, 33])
    func wrongKeySizesAreRefused(_ count: Int) {
        #expect { try FF1(key: [UInt8](repeating: 0, count: count), alphabet: .digits) } throws: {
            ($0 as? MaskingError)?.code == .invalidKey
        }
    }

    @Test(arguments: ["", "0", "00", "abca"])
    func badAlphabetsAreRefused(_ characters: String) {
        #expect { try FF1Alphabet(characters) } throws: { ($0 as? MaskingError)?.code == .invalidAlphabet }
    }

    @Test func neverPrintsTheKey() throws {
        let ff1 = try FF1(key: Array("0123456789abcdef".utf8), alphabet: .digits)
        #expect(String(describing: ff1) == "FF1(AES-128, radix 10)")
    }
}
