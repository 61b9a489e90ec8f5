import ConsentKitCore
import Masking
import Testing

/// The string strategies mask ASCII values byte by byte and everything else
/// grapheme by grapheme. These tests hold both paths to one reference, written
/// here Character by Character the way the strategies are specified, over many
/// seeded random values: pure ASCII (fast path), ASCII with CR LF (a two-byte
/// grapheme, so the general path), and non-ASCII (accents, combining marks,
/// emoji, digits of other scripts, characters canonically equal to ASCII ones).
@Suite("Strategy fast paths")
struct StrategyFastPathTests {
    // MARK: Partial mask

    @Test(arguments: Alphabet.allCases)
    func partialMaskMatchesTheGraphemeReference(_ alphabet: Alphabet) throws {
        var random = SplitMix64(seed: 0x5041_5254 ^ UInt64(alphabet.rawValue))
        let preservingSets: [Set<Character>] = [[], [" "], ["-", " "], ["\u{212A}"], ["é", "-"], ["\r\n", "\n"]]
        for _ in 0..<400 {
            let value = alphabet.randomString(length: random.next(upTo: 40), using: &random)
            let keepFirst = random.next(upTo: 5) - 1
            let keepLast = random.next(upTo: 6) - 1
            let maskCharacter = Self.maskCharacters[random.next(upTo: Self.maskCharacters.count)]
            let preserving = preservingSets[random.next(upTo: preservingSets.count)]
            let mask = PartialMask(
                keepFirst: keepFirst, keepLast: keepLast, maskCharacter: maskCharacter, preserving: preserving)
            let expected = Reference.partial(
                value, keepFirst: max(0, keepFirst), keepLast: max(0, keepLast), maskCharacter: maskCharacter,
                preserving: preserving)
            #expect(try mask.apply(to: value) == expected, "\(Array(value.unicodeScalars)) with \(mask)")
        }
    }

    @Test func partialMaskCountsCarriageReturnLineFeedAsOneCharacter() throws {
        // Three characters (a, b, CR LF): keeping the last one shows the line break whole.
        #expect(try PartialMask(keepLast: 1).apply(to: "ab\r\n") == "**\r\n")
        #expect(try PartialMask(keepFirst: 1).apply(to: "a\r\nbc") == "a***")
        // A lone CR or LF is one character like any other.
        #expect(try PartialMask(keepLast: 1).apply(to: "ab\rc") == "***c")
        #expect(try PartialMask(keepLast: 1).apply(to: "ab\nc") == "***c")
    }

    @Test func partialMaskPreservesCharactersByCanonicalEquivalence() throws {
        // U+212A KELVIN SIGN is canonically equivalent to `K`, so preserving it preserves `K`.
        #expect(try PartialMask(keepLast: 1, preserving: ["\u{212A}"]).apply(to: "AKBK12") == "*K*K*2")
        // And the reverse, on the grapheme path.
        #expect(try PartialMask(keepLast: 1, preserving: ["K"]).apply(to: "A\u{212A}B12") == "*\u{212A}**2")
    }

    @Test func partialMaskWritesMultiByteMaskCharacters() throws {
        #expect(try PartialMask(keepLast: 2, maskCharacter: "•").apply(to: "123456") == "••••56")
        #expect(try PartialMask(keepFirst: 1, maskCharacter: "👩‍👩‍👧").apply(to: "abc") == "a👩‍👩‍👧👩‍👩‍👧")
        #expect(try PartialMask(keepLast: 1, maskCharacter: "e\u{301}").apply(to: "xyz") == "e\u{301}e\u{301}z")
    }

    @Test func masksWithCanonicallyEqualParametersAreEqual() {
        let precomposed = PartialMask(keepLast: 4, maskCharacter: "\u{E9}", preserving: ["\u{212A}"])
        let decomposed = PartialMask(keepLast: 4, maskCharacter: "e\u{301}", preserving: ["K"])
        #expect(precomposed == decomposed)
        #expect(precomposed.hashValue == decomposed.hashValue)
        #expect(PartialMask(keepLast: 4) != PartialMask(keepLast: 3))
        #expect(PhoneMask(maskCharacter: "\u{E9}") == PhoneMask(maskCharacter: "e\u{301}"))
        #expect(PhoneMask(maskCharacter: "\u{E9}").hashValue == PhoneMask(maskCharacter: "e\u{301}").hashValue)
        #expect(EmailMask(maskCharacter: "\u{E9}") == EmailMask(maskCharacter: "e\u{301}"))
        #expect(EmailMask(keepDomain: true) != EmailMask(keepDomain: false))
    }

    // MARK: Phone mask

    @Test(arguments: Alphabet.allCases)
    func phoneMaskMatchesTheGraphemeReference(_ alphabet: Alphabet) throws {
        var random = SplitMix64(seed: 0x5048_4F4E ^ UInt64(alphabet.rawValue))
        for _ in 0..<400 {
            let value = alphabet.randomString(length: random.next(upTo: 30), using: &random)
            let keepLast = random.next(upTo: 7) - 1
            let maskCharacter = Self.maskCharacters[random.next(upTo: Self.maskCharacters.count)]
            let mask = PhoneMask(keepLast: keepLast, maskCharacter: maskCharacter)
            let expected = Reference.phone(value, keepLast: max(0, keepLast), maskCharacter: maskCharacter)
            #expect(try mask.apply(to: value) == expected, "\(Array(value.unicodeScalars)) with \(mask)")
        }
    }

    @Test func phoneMaskKeepsOnlyALeadingPlus() throws {
        #expect(try PhoneMask().apply(to: " (+1) 555 0123") == " (+*) *** **23")
        #expect(try PhoneMask().apply(to: "1+555 0123") == "***** **23")
        #expect(try PhoneMask().apply(to: "++1 555 0123") == "+** *** **23")
        #expect(try PhoneMask(keepLast: 2, maskCharacter: "•").apply(to: "+1 555 0123") == "+• ••• ••23")
    }

    // MARK: Email mask

    @Test(arguments: Alphabet.allCases)
    func emailMaskMatchesTheGraphemeReference(_ alphabet: Alphabet) throws {
        var random = SplitMix64(seed: 0x454D_4149 ^ UInt64(alphabet.rawValue))
        for _ in 0..<400 {
            let value = alphabet.randomString(length: random.next(upTo: 30), using: &random)
            let keepLocalFirst = random.next(upTo: 6) - 1
            let keepDomain = random.next(upTo: 2) == 0
            let maskCharacter = Self.maskCharacters[random.next(upTo: Self.maskCharacters.count)]
            let mask = EmailMask(keepLocalFirst: keepLocalFirst, keepDomain: keepDomain, maskCharacter: maskCharacter)
            let expected = Reference.email(
                value, keepLocalFirst: max(0, keepLocalFirst), keepDomain: keepDomain, maskCharacter: maskCharacter)
            #expect(try mask.apply(to: value) == expected, "\(Array(value.unicodeScalars)) with \(mask)")
        }
    }

    @Test(arguments: [
        ("a.b@example", "a**@*******"), ("ab@c.d", "a*@*.d"), ("@a.b", "****"), ("a@", "**"), ("a@b@c", "*****"),
        ("a@.b", "****"), ("a@b..c", "******"), ("a@b.", "****"), ("ab@c\r\n.d", "a*@**.d"),
    ])
    func emailMaskEdgeCasesWithoutTheDomain(_ value: String, _ expected: String) throws {
        #expect(try EmailMask(keepDomain: false).apply(to: value) == expected)
    }

    // MARK: Postal codes

    @Test(arguments: Alphabet.allCases)
    func postalCodePrefixMatchesTheGraphemeReference(_ alphabet: Alphabet) throws {
        var random = SplitMix64(seed: 0x504F_5354 ^ UInt64(alphabet.rawValue))
        let maskCharacters: [Character?] = [nil, "*", "#", "•", "👩‍👩‍👧"]
        for _ in 0..<400 {
            let value = alphabet.randomString(length: random.next(upTo: 14), using: &random)
            let keep = random.next(upTo: 7)
            let maskCharacter = maskCharacters[random.next(upTo: maskCharacters.count)]
            let generalization = Generalization.postalCodePrefix(keep: keep, maskCharacter: maskCharacter)
            let expected = Reference.postalCode(value, keep: keep, maskCharacter: maskCharacter)
            #expect(
                try generalization.apply(to: .string(value)) == .string(expected),
                "\(Array(value.unicodeScalars)) with \(generalization)")
        }
    }

    // MARK: Number labels

    @Test func integerBucketLabelsMatchTheirBounds() throws {
        var random = SplitMix64(seed: 0x4E55_4D42)
        let widths = [1, 2, 3, 7, 10, 500, 1000, 86_400, 1 << 40]
        for _ in 0..<2000 {
            let width = widths[random.next(upTo: widths.count)]
            // Whole numbers and halves are exact in binary, so the reference can use them directly.
            let value = Double(Int64(bitPattern: random.next()) >> (random.next(upTo: 50) + 13)) / 2
            let whole = Int(value.rounded(.down))
            let lower = Int((Double(whole) / Double(width)).rounded(.down)) * width
            #expect(
                try Generalization.numberBucket(width: Double(width)).apply(to: .number(value))
                    == .string("\(lower)-\(lower + width - 1)"), "\(value) in width \(width)")
        }
    }

    @Test func fractionalBucketLabelsMatchTheirBounds() throws {
        var random = SplitMix64(seed: 0x4652_4143)
        // (width, units, decimals): widths exact in binary, values multiples of 1/64.
        let widths: [(Double, Int, Int)] = [(0.5, 5, 1), (0.25, 25, 2), (2.5, 25, 1), (0.125, 125, 3), (1.5, 15, 1)]
        for _ in 0..<2000 {
            let (width, units, decimals) = widths[random.next(upTo: widths.count)]
            let value = Double(Int64(bitPattern: random.next()) >> (random.next(upTo: 30) + 30)) / 64
            var scale = 1
            for _ in 0..<decimals { scale *= 10 }
            let scaled = Int((value * Double(scale)).rounded(.down))
            let lower = Int((Double(scaled) / Double(units)).rounded(.down)) * units
            let bounds = (Reference.fixedPoint(lower, decimals), Reference.fixedPoint(lower + units, decimals))
            let expected = "[\(bounds.0), \(bounds.1))"
            #expect(
                try Generalization.numberBucket(width: width).apply(to: .number(value)) == .string(expected),
                "\(value) in width \(width)")
        }
    }

    @Test func ageBandLabelsMatchTheirBounds() throws {
        var random = SplitMix64(seed: 0x4147_4542)
        for _ in 0..<2000 {
            let width = random.next(upTo: 25) + 1
            let topCode: Int? = random.next(upTo: 3) == 0 ? nil : random.next(upTo: 150) + 1
            let age = Double(random.next(upTo: 2000)) / 10
            let expected: String
            if let topCode, age >= Double(topCode) {
                expected = "\(topCode)+"
            } else {
                let lower = Int(age) / width * width
                expected = "\(lower)-\(min(lower + width - 1, (topCode ?? .max) - 1))"
            }
            #expect(
                try Generalization.ageBand(width: width, topCode: topCode).apply(to: .number(age)) == .string(expected),
                "\(age) in width \(width), top code \(String(describing: topCode))")
        }
        #expect(
            try Generalization.ageBand(width: 1).apply(to: .number(0x1p52 - 1))
                == .string("4503599627370495-4503599627370495"))
    }

    // MARK: Dates

    @Test func dateTruncationMatchesTheCalendar() throws {
        var random = SplitMix64(seed: 0x4441_5445)
        let invalidTimes = ["T24:00:00Z", "T12:00:00", "T1:00:00Z"]
        let times = ["", "T00:00:00Z", "t23:59:60.123456+14:00", " 12:30:00-05:30"] + invalidTimes
        for _ in 0..<3000 {
            let year = random.next(upTo: 10_000)
            let month = random.next(upTo: 14)
            let day = random.next(upTo: 33)
            let time = times[random.next(upTo: times.count)]
            let date = "\(Reference.padded(year, 4))-\(Reference.padded(month, 2))-\(Reference.padded(day, 2))"
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            let valid =
                (1...12).contains(month) && day >= 1 && day <= monthDays[max(0, min(11, month - 1))]
                && !invalidTimes.contains(time)
            for granularity in DateGranularity.allCases {
                let truncation = Generalization.dateTruncation(granularity)
                if valid {
                    let expected = String(date.prefix(granularity == .year ? 4 : granularity == .month ? 7 : 10))
                    #expect(try truncation.apply(to: .string(date + time)) == .string(expected), "\(date + time)")
                } else {
                    let error = #expect(throws: MaskingError.self, "\(date + time)") {
                        try truncation.apply(to: .string(date + time))
                    }
                    #expect(error?.code == .invalidFormat)
                }
            }
        }
    }

    @Test func dateShiftKeepsTheTimeTextAsWritten() throws {
        let key = try MaskingKey(id: MaskingKeyID("fast-path"), bytes: [UInt8](repeating: 0x42, count: 32))
        let shift = try DateShift(key: key, maximumDays: 400)
        let context = MaskingContext(field: try FieldPath("visit.at"))
        for suffix in ["", "T08:30:00Z", "t23:59:60.123456789+14:00", " 00:00:00-00:30"] {
            let shifted = try shift.apply(to: "2000-02-29" + suffix, recordKey: "r", context: context)
            #expect(shifted.utf8.count == 10 + suffix.utf8.count)
            #expect(shifted.hasSuffix(suffix))
            #expect(shifted.dropLast(suffix.count) != "2000-02-29")
        }
    }

    // MARK: - Support

    static let maskCharacters: [Character] = ["*", "x", "•", "👩‍👩‍👧", "e\u{301}", "\u{E9}"]

    /// Which characters random values are drawn from.
    enum Alphabet: Int, CaseIterable, CustomTestStringConvertible {
        /// Letters, digits, separators and `@`, `+`, `.`: the byte fast path.
        case ascii
        /// ASCII with CR, LF and CR LF: CR LF is one grapheme, so the general path.
        case asciiWithLineBreaks
        /// Mostly ASCII with non-ASCII characters mixed in.
        case mixed

        var testDescription: String { "\(self)" }

        static let asciiCharacters: [Character] = Array("aZk09123456789 -.()+@@..--  #*/_~\t") + ["\u{7F}", "\u{0}"]
        static let lineBreaks: [Character] = ["\r\n", "\r", "\n"]
        static let nonASCII: [Character] = [
            "é", "e\u{301}", "👩‍👩‍👧", "٣", "５", "\u{212A}", "\u{37E}", "ß", "\u{A0}", "ｰ", "1\u{301}", "\u{FF0B}",
        ]

        func randomString(length: Int, using random: inout SplitMix64) -> String {
            var value = ""
            for _ in 0..<length {
                let roll = random.next(upTo: 10)
                switch self {
                case .asciiWithLineBreaks where roll == 0:
                    value.append(Self.lineBreaks[random.next(upTo: Self.lineBreaks.count)])
                case .mixed where roll < 2:
                    value.append(Self.nonASCII[random.next(upTo: Self.nonASCII.count)])
                default:
                    value.append(Self.asciiCharacters[random.next(upTo: Self.asciiCharacters.count)])
                }
            }
            return value
        }
    }

    /// SplitMix64: a tiny deterministic generator, so failures reproduce.
    struct SplitMix64 {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// The strategies' documented behaviour, Character by Character.
    enum Reference {
        static func partial(
            _ value: String, keepFirst: Int, keepLast: Int, maskCharacter: Character, preserving: Set<Character>
        ) -> String {
            // Counted in place: a filtered String could fuse a CR and LF that were apart.
            let significant = value.reduce(0) { $0 + (preserving.contains($1) ? 0 : 1) }
            let show = (keepFirst + keepLast) * 2 <= significant
            var result = ""
            var position = 0
            for character in value {
                if preserving.contains(character) {
                    result.append(character)
                    continue
                }
                let visible = show && (position < keepFirst || position >= significant - keepLast)
                result.append(visible ? character : maskCharacter)
                position += 1
            }
            return result
        }

        static func phone(_ value: String, keepLast: Int, maskCharacter: Character) -> String {
            func isDigit(_ character: Character) -> Bool {
                let scalars = character.unicodeScalars
                return scalars.count == 1 && scalars.first?.properties.numericType == .decimal
            }
            let separators: Set<Character> = [" ", "-", ".", "(", ")"]
            let digits = value.reduce(0) { $0 + (isDigit($1) ? 1 : 0) }
            let shown = digits >= 2 * keepLast ? keepLast : 0
            var result = ""
            var digitsSeen = 0
            var first = true
            for character in value {
                if separators.contains(character) {
                    result.append(character)
                    continue
                }
                if character == "+" && first {
                    result.append(character)
                } else if isDigit(character) {
                    digitsSeen += 1
                    result.append(digitsSeen > digits - shown ? character : maskCharacter)
                } else {
                    result.append(maskCharacter)
                }
                first = false
            }
            return result
        }

        static func email(_ value: String, keepLocalFirst: Int, keepDomain: Bool, maskCharacter: Character) -> String {
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            let labels = parts.count == 2 ? parts[1].split(separator: ".", omittingEmptySubsequences: false) : []
            guard parts.count == 2, !parts[0].isEmpty, !labels.contains(where: \.isEmpty) else {
                return String(repeating: maskCharacter, count: value.count)
            }
            let local = parts[0]
            let reveal = min(keepLocalFirst, local.count / 2)
            var result = String(local.prefix(reveal)) + String(repeating: maskCharacter, count: local.count - reveal)
            result.append("@")
            if keepDomain || labels.count == 1 {
                result += keepDomain ? String(parts[1]) : String(repeating: maskCharacter, count: parts[1].count)
            } else {
                result += labels.dropLast().map { String(repeating: maskCharacter, count: $0.count) + "." }.joined()
                result += labels[labels.count - 1]
            }
            return result
        }

        static func postalCode(_ code: String, keep: Int, maskCharacter: Character?) -> String {
            let isSeparator = { (character: Character) in character == " " || character == "-" }
            let reveal = code.reduce(0) { $0 + (isSeparator($1) ? 0 : 1) } > keep ? keep : 0
            var result = ""
            var position = 0
            for character in code {
                if let maskCharacter {
                    result.append(isSeparator(character) || position < reveal ? character : maskCharacter)
                } else if position < reveal {
                    result.append(character)
                } else {
                    break
                }
                if !isSeparator(character) { position += 1 }
            }
            return result
        }

        static func fixedPoint(_ units: Int, _ decimals: Int) -> String {
            let digits = padded(Int(units.magnitude), decimals + 1)
            return (units < 0 ? "-" : "") + digits.dropLast(decimals) + "." + digits.suffix(decimals)
        }

        static func padded(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
    }
}
