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
        let json = #"{"duration":{"days":{"_0":-3}},"trigger":{"rawValue":"collection"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RetentionPeriod.self, from: Data(json.utf8)) }
    }

    @Test func roundTripsThroughJSON() throws {
        let period = try RetentionPeriod(.years(10), after: .contractEnd)
        let data = try JSONEncoder().encode(period)
        #expect(try JSONDecoder().decode(RetentionPeriod.self, from: data) == period)
    }
}
