import ConsentKitCore
import Masking
import Testing

@Suite("Format-preserving encryption formats")
struct FF1FormatTests {
    static let key: MaskingKey = {
        guard let id = try? MaskingKeyID("fpe-test"), let key = try? MaskingKey(id: id, bytes: (0..<32).map { UInt8($0) }) else {
            preconditionFailure("test key")
        }
        return key
    }()

    static func context(_ field: String, tenant: String? = "acme", purpose: String? = nil) throws -> MaskingContext {
        MaskingContext(
            field: try FieldPath(field), tenant: try tenant.map { try TenantID($0) }, purpose: try purpose.map { try PurposeID($0) })
    }

    static func isLuhnValid(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let doubled = offset % 2 == 1 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        return sum % 10 == 0
    }

    /// The string with every ASCII digit replaced by `d`, upper-case letter by
    /// `A` and lower-case letter by `a`: what every format must keep.
    static func shape(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "0"..."9": "d"
                case "A"..."Z": "A"
                case "a"..."z": "a"
                default: Character(scalar)
                }
            })
    }

    static func expectCode(
        _ code: MaskingError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> String
    ) {
        let error = #expect(throws: MaskingError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
    }

    // MARK: digits

    @Test(arguments: ["4111-1111-1111-1111", "4111 1111 1111 1111", "4111111111111111", "(555) 010-9999", "ID 123456 / 7", "١٢٣ 123456 é"])
    func digitsKeepEverySeparator(_ value: String) throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .digits)
        let context = try Self.context("payment.card")
        let masked = try fpe.encrypt(value, context: context)
        #expect(Self.shape(masked) == Self.shape(value))
        #expect(masked != value)
        #expect(try fpe.decrypt(masked, context: context) == value)
        #expect(try fpe.encrypt(value, context: context) == masked, "deterministic")
    }

    @Test func digitsIgnoreTheSeparatorsThemselves() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .digits)
        let context = try Self.context("payment.card")
        let dashed = try fpe.encrypt("4111-1111-1111-1111", context: context)
        let plain = try fpe.encrypt("4111111111111111", context: context)
        #expect(dashed.filter(\.isNumber) == plain)
    }

    @Test func digitsDomainRuleAtTheBoundary() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .digits)
        let context = try Self.context("account.number")
        let error = #expect(throws: MaskingError.self) { try fpe.encrypt("12-34-5", context: context) }
        #expect(error?.code == .invalidLength)
        #expect(error?.message.contains("at least 6 digits") == true)
        #expect(throws: Never.self) { try fpe.encrypt("12-34-56", context: context) }
        Self.expectCode(.invalidLength) { try fpe.encrypt("no digits here", context: context) }
        Self.expectCode(.invalidLength) { try fpe.encrypt(String(repeating: "1", count: FF1.maximumLength + 1), context: context) }
        Self.expectCode(.tooLarge) {
            try fpe.encrypt(String(repeating: "-", count: FormatPreservingEncryption.maximumValueByteCount + 1), context: context)
        }
    }

    // MARK: credit cards

    /// Luhn-valid numbers: the card networks' published test numbers and
    /// numbers of every accepted length.
    static let cards = [
        "4111 1111 1111 1111", "4111-1111-1111-1111", "5500 0000 0000 0004", "3400 000000 00009", "6011000000000004",
        "30000000000004", "4222222222222", "12345674", "6304 0000 0000 0000 018", "79927398713",
    ]

    @Test(arguments: cards)
    func creditCardOutputsAreLuhnValidAndReversible(_ card: String) throws {
        #expect(Self.isLuhnValid(card))
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .creditCard)
        let context = try Self.context("payment.card")
        let masked = try fpe.encrypt(card, context: context)
        #expect(Self.isLuhnValid(masked))
        #expect(Self.shape(masked) == Self.shape(card))
        #expect(masked != card)
        #expect(try fpe.decrypt(masked, context: context) == card)
    }

    @Test func everyOutputOfManyRandomCardsIsLuhnValid() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .creditCard)
        let context = try Self.context("payment.card", purpose: "support")
        var generator = SystemRandomNumberGenerator()
        for length in 8...19 {
            for _ in 0..<20 {
                var digits = (0..<(length - 1)).map { _ in Int.random(in: 0...9, using: &generator) }
                var sum = 0
                for (offset, digit) in digits.reversed().enumerated() {
                    let doubled = offset % 2 == 0 ? digit * 2 : digit
                    sum += doubled > 9 ? doubled - 9 : doubled
                }
                digits.append((10 - sum % 10) % 10)
                let card = digits.map(String.init).joined()
                #expect(Self.isLuhnValid(card))
                let masked = try fpe.encrypt(card, context: context)
                #expect(masked.count == length && Self.isLuhnValid(masked), "\(length) digits")
                #expect(try fpe.decrypt(masked, context: context) == card)
            }
        }
    }

    @Test func creditCardBadInput() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .creditCard)
        let context = try Self.context("payment.card")
        let luhn = #expect(throws: MaskingError.self) { try fpe.encrypt("4111 1111 1111 1112", context: context) }
        #expect(luhn?.code == .invalidFormat)
        Self.expectCode(.invalidFormat) { try fpe.decrypt("4111 1111 1111 1112", context: context) }
        let letter = #expect(throws: MaskingError.self) { try fpe.encrypt("4111 1111 1111 111x", context: context) }
        #expect(letter?.code == .invalidCharacter)
        #expect(letter?.message.contains("position 18") == true)
        Self.expectCode(.invalidCharacter) { try fpe.encrypt("4111/1111/1111/1111", context: context) }
        Self.expectCode(.invalidCharacter) { try fpe.encrypt("4111 1111 1111 1111\u{301}", context: context) }
        Self.expectCode(.invalidLength) { try fpe.encrypt("1234566", context: context) }  // 7 digits, Luhn-valid
        Self.expectCode(.invalidLength) { try fpe.encrypt("12345678901234567894", context: context) }  // 20 digits
        Self.expectCode(.invalidLength) { try fpe.encrypt("", context: context) }
    }

    // MARK: alphanumeric

    @Test(arguments: [
        "AB12CD34", "Passport X1234567", "sw1a 1aa", "ABCDE", "123456", "aBc-DeF_123", "Zürich 8001 ABC", "🔑 key-42 of Box-9Z",
        "ab12c", "XY99 ZZZ", String(repeating: "aZ9", count: 85),
    ])
    func alphanumericKeepsEveryClass(_ value: String) throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .alphanumeric)
        let context = try Self.context("customer.reference")
        let masked = try fpe.encrypt(value, context: context)
        #expect(Self.shape(masked) == Self.shape(value))
        #expect(masked.count == value.count && masked.utf8.count == value.utf8.count)
        #expect(masked != value)
        #expect(try fpe.decrypt(masked, context: context) == value)
    }

    @Test func alphanumericRandomRoundTrips() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .alphanumeric)
        let context = try Self.context("customer.reference")
        let pool = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_ ./é")
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for length in 5...60 {
            for _ in 0..<4 {
                let value = String((0..<length).map { _ in pool.randomElement(using: &generator) ?? "a" })
                guard let masked = try? fpe.encrypt(value, context: context) else { continue }
                #expect(Self.shape(masked) == Self.shape(value))
                #expect(try fpe.decrypt(masked, context: context) == value)
                checked += 1
            }
        }
        #expect(checked > 150)
    }

    @Test func alphanumericBindsTheCaseLayout() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .alphanumeric)
        let context = try Self.context("customer.reference")
        let upper = try fpe.encrypt("ABCDEFGH", context: context)
        let lower = try fpe.encrypt("abcdefgh", context: context)
        let mixed = try fpe.encrypt("aBcDeFgH", context: context)
        // Equal letters in another case layout must not give the same letters.
        #expect(upper.lowercased() != lower)
        #expect(mixed.lowercased() != lower && mixed.lowercased() != upper.lowercased())
    }

    @Test func alphanumericDomainRuleAndLimits() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .alphanumeric)
        let context = try Self.context("customer.reference")
        // 26² · 10² = 67,600 and 26⁴ = 456,976: too small. 26³ · 10² and 26⁵ are enough.
        for small in ["AB12", "abcd", "12345", "A-1-b-2", "", "---"] {
            let error = #expect(throws: MaskingError.self) { try fpe.encrypt(small, context: context) }
            #expect(error?.code == .invalidLength)
            #expect(error?.message.contains("1,000,000") == true)
        }
        for enough in ["ABC12", "abcde", "123456", "Ab1Cd2"] {
            #expect(throws: Never.self) { try fpe.encrypt(enough, context: context) }
        }
        #expect(throws: Never.self) { try fpe.encrypt(String(repeating: "a", count: 256), context: context) }
        Self.expectCode(.invalidLength) { try fpe.encrypt(String(repeating: "a", count: 257), context: context) }
    }

    // MARK: custom alphabets

    @Test func customAlphabetRoundTripsAndRefusesOtherCharacters() throws {
        let hex = try FF1Alphabet("0123456789abcdef")
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .custom(hex))
        let context = try Self.context("device.id")
        let value = "00ff10aa99bbccdd"
        let masked = try fpe.encrypt(value, context: context)
        #expect(masked.count == value.count && masked.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try fpe.decrypt(masked, context: context) == value)
        Self.expectCode(.invalidCharacter) { try fpe.encrypt("00ff-10aa", context: context) }
        Self.expectCode(.invalidLength) { try fpe.encrypt("0ff1", context: context) }

        let greek = try FF1Alphabet("αβγδεζηθικ")
        let greekFPE = try FormatPreservingEncryption(key: Self.key, format: .custom(greek))
        let word = "αββγδεζηθι"
        let maskedWord = try greekFPE.encrypt(word, context: context)
        #expect(maskedWord.count == word.count && maskedWord.allSatisfy { greek.characters.contains($0) })
        #expect(try greekFPE.decrypt(maskedWord, context: context) == word)
    }

    // MARK: every format

    static let formats: [FPEFormat] = [.digits, .creditCard, .alphanumeric, .custom(.digits)]

    @Test(arguments: formats)
    func differentContextsGiveDifferentOutputs(_ format: FPEFormat) throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: format)
        let value = "4111111111111111"
        let contexts = [
            try Self.context("payment.card"), try Self.context("payment.card", tenant: "globex"),
            try Self.context("payment.card", purpose: "fraud"), try Self.context("payment.card", tenant: nil),
            try Self.context("billing.card"),
        ]
        let outputs = try contexts.map { try fpe.encrypt(value, context: $0) }
        #expect(Set(outputs).count == contexts.count)
        for (context, output) in zip(contexts, outputs) {
            #expect(try fpe.decrypt(output, context: context) == value)
        }
        // The wrong context decrypts to some other value (FF1 has no tag).
        #expect(try fpe.decrypt(outputs[0], context: contexts[1]) != value)
    }

    @Test func formatsAndKeysAreSeparated() throws {
        let context = try Self.context("payment.card")
        let value = "4111111111111111"
        let outputs = try Self.formats.map { try FormatPreservingEncryption(key: Self.key, format: $0).encrypt(value, context: context) }
        #expect(Set(outputs).count == outputs.count)
        let otherKey = try MaskingKey(id: MaskingKeyID("fpe-test"), bytes: [UInt8](repeating: 9, count: 32))
        #expect(try FormatPreservingEncryption(key: otherKey, format: .digits).encrypt(value, context: context) != outputs[0])
    }

    @Test func neverPrintsKeyMaterial() throws {
        let fpe = try FormatPreservingEncryption(key: Self.key, format: .creditCard)
        #expect(String(describing: fpe) == "FormatPreservingEncryption(fpe-test, creditCard)")
        #expect(FPEFormat.custom(.lowercaseAlphanumerics).description == "custom(radix 36)")
    }
}
