import ConsentKitCore
import Foundation
import Testing

@Suite("Validated identifiers")
struct IdentifierTests {
    @Test func acceptsOrdinaryAndUnicodeIdentifiers() throws {
        #expect(try PurposeID("newsletter").rawValue == "newsletter")
        #expect(try SubjectID("cust-💡-42").description == "cust-💡-42")
        #expect(try DataCategory("contact") < DataCategory("payment"))
        #expect(try Channel(String(repeating: "a", count: 256)).rawValue.count == 256)
    }

    @Test func rejectsEmptyOverlongAndControlCharacters() {
        #expect { try PurposeID("") } throws: { ($0 as? ValidationError)?.code == .empty }
        #expect { try SubjectID(String(repeating: "é", count: 129)) } throws: {
            // 129 × 2 bytes = 258 > 256
            ($0 as? ValidationError)?.code == .tooLong
        }
        #expect { try Channel("web\n") } throws: { error in
            guard let error = error as? ValidationError else { return false }
            return error.code == .controlCharacter && error.message.contains("offset 3") && error.kind == "Channel"
        }
        #expect { try DataCategory("a\u{85}b") } throws: { ($0 as? ValidationError)?.code == .controlCharacter }
    }

    @Test func equalityIsByBytesLikeADatabaseKey() throws {
        let composed = try SubjectID("Ren\u{E9}")  // é as one scalar (NFC)
        let decomposed = try SubjectID("Rene\u{301}")  // e + combining acute (NFD)
        #expect(composed.rawValue == decomposed.rawValue)  // Swift strings: canonically equivalent
        #expect(composed != decomposed)  // identifiers: different bytes, different subjects
        #expect(Set([composed, decomposed]).count == 2)
        #expect(try SubjectID("a") < SubjectID("b"))
        #expect(try SubjectID("Z") < SubjectID("a"))  // byte order
    }

    @Test func decodingValidatesToo() throws {
        let decoded = try JSONDecoder().decode([PurposeID].self, from: Data(#"["ads","analytics"]"#.utf8))
        #expect(decoded.map(\.rawValue) == ["ads", "analytics"])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PurposeID].self, from: Data(#"[""]"#.utf8)) }
        let encoded = try JSONEncoder().encode(try SubjectID("s-1"))
        #expect(String(decoding: encoded, as: UTF8.self) == #""s-1""#)
    }
}

@Suite("Field paths")
struct FieldPathTests {
    @Test func parsesAndPrintsDottedPaths() throws {
        let path = try FieldPath("payment.card.number")
        #expect(path.segments == ["payment", "card", "number"])
        #expect(path.description == "payment.card.number")
    }

    @Test(arguments: ["", "a..b", ".a", "a.", "contact.e mail", "a.b$"])
    func rejectsMalformedPaths(_ raw: String) {
        #expect(throws: ValidationError.self) { try FieldPath(raw) }
    }

    @Test func coversPrefixesAndWildcards() throws {
        let contact = try FieldPath("contact")
        let email = try FieldPath("contact.email")
        let anyEmail = try FieldPath("*.email")
        #expect(contact.covers(email))
        #expect(!email.covers(contact))
        #expect(anyEmail.covers(email))
        #expect(try !anyEmail.covers(FieldPath("contact.phone")))
    }
}

@Suite("Retention periods")
struct RetentionPeriodTests {
    let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test func monthsFollowTheCalendarInUTC() throws {
        let period = try RetentionPeriod(.months(1), after: .lastInteraction)
        let january31 = try #require(utc.date(from: DateComponents(year: 2026, month: 1, day: 31)))
        let expiry = try #require(period.expiry(after: january31))
        #expect(utc.dateComponents([.year, .month, .day], from: expiry) == DateComponents(year: 2026, month: 2, day: 28))
        #expect(period.isExpired(after: january31, now: expiry))
        #expect(!period.isExpired(after: january31, now: expiry.addingTimeInterval(-1)))
        #expect(period.description == "1 month after lastInteraction")
    }

    @Test func negativeDurationsAreRejectedAlsoWhenDecoded() {
        #expect(throws: ValidationError.self) { try RetentionPeriod(.days(-1), after: .collection) }
        let json = #"{"duration":{"days":-3},"trigger":"collection"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RetentionPeriod.self, from: Data(json.utf8)) }
    }

    @Test func roundTripsThroughJSON() throws {
        let period = try RetentionPeriod(.years(10), after: .contractEnd)
        let data = try JSONEncoder().encode(period)
        #expect(try JSONDecoder().decode(RetentionPeriod.self, from: data) == period)
    }
}

@Suite("UTC calendar arithmetic")
struct UTCDateArithmeticTests {
    /// The integer arithmetic behind `RetentionPeriod.expiry(after:)` must agree
    /// with Foundation's Gregorian calendar at UTC, including month-end clamping
    /// and leap days, across centuries and before 1970.
    @Test func agreesWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        // 1970, just before it, 2000-02-29, its last half second, 2024-01-31,
        // 2024-02-29, 2100-02-28T23:59:59, 1900-01-01.
        let notable: [TimeInterval] = [
            0, -1, 951_782_400, 951_868_799.5, 1_706_659_200, 1_709_164_800, 4_107_542_399, -2_208_988_800,
        ]
        let random = (0..<400).map { _ in
            TimeInterval(Int64.random(in: -6_000_000_000...9_000_000_000, using: &generator)) + 0.25
        }
        let durations: [RetentionPeriod.Duration] = [
            .days(0), .days(1), .days(400), .months(1), .months(13), .months(25), .years(1), .years(4), .years(100),
        ]
        for instant in notable + random {
            let date = Date(timeIntervalSince1970: instant)
            for duration in durations {
                var components = DateComponents()
                switch duration {
                case .days(let n): components.day = n
                case .months(let n): components.month = n
                case .years(let n): components.year = n
                }
                let expected = calendar.date(byAdding: components, to: date)
                let actual = try RetentionPeriod(duration, after: .collection).expiry(after: date)
                #expect(actual == expected, "\(date) + \(duration)")
            }
        }
    }
}
