import Masking
import Testing

@Suite("Phone mask")
struct PhoneMaskTests {
    @Test(arguments: [
        ("+1 (415) 555-0123", "+* (***) ***-**23"),
        ("+44 20 7946 0958", "+** ** **** **58"),
        ("415.555.0123", "***.***.**23"),
        ("0612345678", "********78"),
        ("+33-6-12-34-56-78", "+**-*-**-**-**-78"),
    ])
    func keepsThePlusTheSeparatorsAndTheLastTwoDigits(_ value: String, _ expected: String) throws {
        #expect(try PhoneMask().apply(to: value) == expected)
    }

    @Test func keepLastAndMaskCharacter() throws {
        #expect(try PhoneMask(keepLast: 4, maskCharacter: "x").apply(to: "+1 415 555 0123") == "+x xxx xxx 0123")
        #expect(try PhoneMask(keepLast: 0).apply(to: "+1 415 555 0123") == "+* *** *** ****")
        #expect(try PhoneMask(keepLast: -3).apply(to: "5550123") == "*******")
    }

    @Test func masksLettersAndAPlusThatIsNotLeading() throws {
        #expect(try PhoneMask().apply(to: "555-0123 ext 45") == "***-**** *** 45")
        #expect(try PhoneMask().apply(to: "555+0123") == "******23")
        #expect(try PhoneMask().apply(to: "  +1 555 0123") == "  +* *** **23")
        #expect(try PhoneMask().apply(to: "call me") == "**** **")
    }

    @Test(arguments: ["1", "12", "123", "+1 2 3"])
    func keepsNothingWithFewerThanTwiceKeepLastDigits(_ value: String) throws {
        let masked = try PhoneMask().apply(to: value)
        #expect(!masked.contains { $0.isNumber })
        #expect(masked.count == value.count)
    }

    @Test func countsDigitsOfAnyScriptAsGraphemes() throws {
        // Full-width and Arabic-Indic digits are digits; a digit with a combining mark is not one.
        #expect(try PhoneMask().apply(to: "０９０ １２３４ ５６７８") == "*** **** **７８")
        #expect(try PhoneMask().apply(to: "٠١٢٣٤٥٦٧") == "******٦٧")
        #expect(try PhoneMask().apply(to: "1234 5\u{301}") == "**34 *")
    }

    @Test func emptyStaysEmpty() throws {
        #expect(try PhoneMask().apply(to: "") == "")
    }

    @Test(arguments: ["+1 (415) 555-0123", "0612345678", "1234", "+12", "555-0123 ext 45", ""])
    func maskingTwiceNeverRevealsMore(_ value: String) throws {
        for mask in [PhoneMask(), PhoneMask(keepLast: 4), PhoneMask(keepLast: 1)] {
            let once = try mask.apply(to: value)
            let twice = try mask.apply(to: once)
            #expect(twice.count == once.count)
            for (first, second) in zip(once, twice) where second != "*" {
                #expect(first == second)
            }
            #expect(twice.filter(\.isNumber).count <= once.filter(\.isNumber).count)
        }
    }

    @Test func refusesAValueOverTheLimit() {
        let huge = String(repeating: "1", count: MaskingLimits.maximumValueByteCount + 1)
        let error = #expect(throws: MaskingError.self) { try PhoneMask().apply(to: huge) }
        #expect(error?.code == .tooLarge)
    }
}
