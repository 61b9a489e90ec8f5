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

    // MARK: The 64-bit path against the schoolbook path

    static func alphabet(radix: Int) throws -> FF1Alphabet {
        // Private-use code points never merge and are all distinct.
        var characters = ""
        for index in 0..<radix {
            let codePoint: UInt32 = index < 65_534 ? 0xF_0000 + UInt32(index) : 0x10_0000 + UInt32(index - 65_534)
            if let scalar = Unicode.Scalar(codePoint) { characters.unicodeScalars.append(scalar) }
        }
        return try FF1Alphabet(characters)
    }

    /// Lengths from the minimum upwards, across the length where
    /// radix^⌈n/2⌉ stops fitting in 64 bits (where FF1 switches paths).
    static func lengths(radix: Int, minimum: Int) -> [Int] {
        var boundary = 0
        var power = 1.0
        while power * Double(radix) < 1.8e19 {
            power *= Double(radix)
            boundary += 1
        }
        let around = (2 * boundary - 3)...(2 * boundary + 3)
        return Array(Set(Array(minimum...(minimum + 12)) + around.filter { $0 >= minimum } + [100, 257]).sorted())
    }

    @Test(arguments: [2, 10, 16, 26, 36, 62, 256, 65_536])
    func fastPathMatchesSchoolbookArithmeticAndRoundTrips(radix: Int) throws {
        var generator = SystemRandomNumberGenerator()
        for keySize in [16, 24, 32] {
            let key = (0..<keySize).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let ff1 = try FF1(key: key, alphabet: Self.alphabet(radix: radix))
            for length in Self.lengths(radix: radix, minimum: ff1.minimumLength) {
                let numerals = (0..<length).map { _ in Int.random(in: 0..<radix, using: &generator) }
                let tweak = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let encrypted = try ff1.encrypt(numerals: numerals, tweak: tweak)
                #expect(
                    encrypted == (try ff1.referenceTransform(numerals: numerals, tweak: tweak, decrypting: false)),
                    "radix \(radix), length \(length)")
                #expect(try ff1.decrypt(numerals: encrypted, tweak: tweak) == numerals, "radix \(radix), length \(length)")
                #expect(
                    try ff1.referenceTransform(numerals: encrypted, tweak: tweak, decrypting: true) == numerals,
                    "radix \(radix), length \(length)")
            }
        }
    }

    @Test func extremeNumeralsAndTweakLengthsAgreeAcrossPaths() throws {
        let ff1 = try FF1(key: [UInt8](repeating: 0x5A, count: 32), alphabet: .digits)
        for length in [6, 7, 16, 19, 37, 38, 39, 40] {
            for numerals in [[Int](repeating: 0, count: length), [Int](repeating: 9, count: length)] {
                for tweakLength in [0, 1, 7, 11, 12, 15, 16, 17, 31, 32, 33, 100, FF1.maximumTweakByteCount] {
                    let tweak = [UInt8](repeating: 0xA5, count: tweakLength)
                    let encrypted = try ff1.encrypt(numerals: numerals, tweak: tweak)
                    #expect(encrypted == (try ff1.referenceTransform(numerals: numerals, tweak: tweak, decrypting: false)))
                    #expect(try ff1.decrypt(numerals: encrypted, tweak: tweak) == numerals)
                }
            }
        }
    }

    @Test func asciiAndNonASCIIAlphabetsAgree() throws {
        let key = [UInt8](repeating: 3, count: 16)
        let ascii = try FF1(key: key, alphabet: FF1Alphabet("0123456789abcdef"))
        let other = try FF1(key: key, alphabet: FF1Alphabet("٠١٢٣٤٥٦٧٨٩αβγδεζ"))
        let text = "00ff10aa99bbccdd"
        let numerals = try ascii.alphabet.numerals(of: text)
        let otherText = other.alphabet.text(of: numerals)
        #expect(try other.alphabet.numerals(of: otherText) == numerals)
        let encrypted = try ascii.encrypt(text, tweak: [1, 2, 3])
        let otherEncrypted = try other.encrypt(otherText, tweak: [1, 2, 3])
        #expect(try other.alphabet.numerals(of: otherEncrypted) == ascii.alphabet.numerals(of: encrypted))
        #expect(try other.decrypt(otherEncrypted, tweak: [1, 2, 3]) == otherText)
    }

    // MARK: Domain rule and bad input

    @Test(arguments: [(2, 20), (10, 6), (16, 5), (26, 5), (36, 4), (62, 4), (256, 3), (65_536, 2)])
    func domainRuleAtTheBoundary(radix: Int, minimum: Int) throws {
        let ff1 = try FF1(key: [UInt8](repeating: 2, count: 16), alphabet: Self.alphabet(radix: radix))
        #expect(ff1.minimumLength == minimum)
        if minimum > 2 {
            let error = #expect(throws: MaskingError.self) { try ff1.encrypt(numerals: [Int](repeating: 1, count: minimum - 1)) }
            #expect(error?.code == .invalidLength)
            #expect(error?.message.contains("needs \(minimum) to") == true)
        }
        #expect(throws: Never.self) { try ff1.encrypt(numerals: [Int](repeating: 1, count: minimum)) }
        let one = #expect(throws: MaskingError.self) { try ff1.decrypt(numerals: [1]) }
        #expect(one?.code == .invalidLength)
        if radix <= 16 {  // the schoolbook path is quadratic: keep the slow case to small radices
            #expect(throws: Never.self) { try ff1.encrypt(numerals: [Int](repeating: radix - 1, count: FF1.maximumLength)) }
        }
        let long = #expect(throws: MaskingError.self) { try ff1.encrypt(numerals: [Int](repeating: 0, count: FF1.maximumLength + 1)) }
        #expect(long?.code == .invalidLength)
        let negative = #expect(throws: MaskingError.self) { try ff1.encrypt(numerals: [Int](repeating: 0, count: minimum - 1) + [-1]) }
        #expect(negative?.code == .invalidCharacter)
    }

    @Test func textErrorsNameTheCharacterAndPosition() throws {
        let digits = try FF1(key: [UInt8](repeating: 1, count: 16), alphabet: .digits)
        for (text, position) in [("12é456", 2), ("1234567\u{301}", 6), ("١23456", 0), ("123456 ", 6), ("12\r\n3456", 2)] {
            let error = #expect(throws: MaskingError.self) { try digits.encrypt(text) }
            #expect(error?.code == .invalidCharacter)
            #expect(error?.message.contains("position \(position)") == true, "\(text.debugDescription)")
        }
    }

    /// A lone combining mark, a lone joiner, a Hangul leading jamo, a lone
    /// regional indicator, and "\r" with "\n" (written apart, since
    /// "\r\n" in one string is a single character).
    @Test(arguments: ["\u{301}ab", "\u{200D}ab", "ab\u{1100}", "🇺🇸🇫", "\rab\n", "xy\n\u{A0}\r"])
    func alphabetsWhoseCharactersMergeAreRefused(_ characters: String) {
        #expect { try FF1Alphabet(characters) } throws: { ($0 as? MaskingError)?.code == .invalidAlphabet }
    }

    @Test func alphabetsWithCarriageReturnOrLineFeedAlone() throws {
        let alphabet = try FF1Alphabet("0123456789\n")
        let ff1 = try FF1(key: [UInt8](repeating: 1, count: 16), alphabet: alphabet)
        let text = "12\n3456\n"
        #expect(try ff1.decrypt(ff1.encrypt(text), tweak: []) == text)
        #expect { try FF1Alphabet("\r0123456789\n") } throws: { ($0 as? MaskingError)?.code == .invalidAlphabet }
        // "\r\n" together is one character, which merges with nothing.
        #expect(try FF1Alphabet("0123456789\r\n").radix == 11)
        #expect(try FF1Alphabet("abc") == FF1Alphabet("abc"))
        #expect(try FF1Alphabet("abc") != FF1Alphabet("acb"))
    }
}
