import ConsentKitCore
import Foundation
import Testing

@Suite("Preference values, keys and decoding")
struct PreferenceValueTests {
    private struct Wrapper: Codable, Equatable {
        var value: PreferenceValue
    }

    @Test(arguments: [
        (#"{"value":"weekly"}"#, PreferenceValue.text("weekly")),
        (#"{"value":["shoes","bags"]}"#, .list(["shoes", "bags"])),
        (#"{"value":[]}"#, .list([])),
        (#"{"value":3.5}"#, .number(3.5)),
        (#"{"value":true}"#, .bool(true)),
    ])
    func decodesPlainJSON(_ json: String, _ expected: PreferenceValue) throws {
        let decoded = try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8))
        #expect(decoded.value == expected)
        let again = try JSONDecoder().decode(Wrapper.self, from: JSONEncoder().encode(decoded))
        #expect(again == decoded)
    }

    @Test(arguments: [#"{"value":{"a":1}}"#, #"{"value":null}"#, #"{"value":[1,2]}"#, #"{"value":["a",null]}"#])
    func refusesOtherJSON(_ json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8)) }
    }

    @Test func preferenceDecodingNamesTheWrongField() throws {
        let good = #"{"key":"topics","value":["a"],"provenance":"zeroParty","purpose":"newsletter","recordedAt":0,"updatedAt":1,"source":"web"}"#
        let preference = try JSONDecoder().decode(Preference.self, from: Data(good.utf8))
        #expect(preference.provenance == .zeroParty)
        #expect(try JSONDecoder().decode(Preference.self, from: JSONEncoder().encode(preference)) == preference)

        let wrongType = good.replacingOccurrences(of: #""provenance":"zeroParty""#, with: #""provenance":7"#)
        #expect {
            try JSONDecoder().decode(Preference.self, from: Data(wrongType.utf8))
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["provenance"]
        }
        let unknownProvenance = good.replacingOccurrences(of: "zeroParty", with: "fourthParty")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Preference.self, from: Data(unknownProvenance.utf8)) }
        let badKey = good.replacingOccurrences(of: #""key":"topics""#, with: #""key":"Topics""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Preference.self, from: Data(badKey.utf8)) }
        let backwards = good.replacingOccurrences(of: #""updatedAt":1"#, with: #""updatedAt":-1"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Preference.self, from: Data(backwards.utf8)) }
    }

    @Test(arguments: [
        ("", ValidationError.Code.empty),
        ("Topics", .invalidCharacter),
        ("topics!", .invalidCharacter),
        ("größe", .invalidCharacter),
        ("1topics", .invalidFormat),
        ("-topics", .invalidFormat),
        (String(repeating: "a", count: 65), .tooLong),
        ("top\u{7}ics", .controlCharacter),
    ])
    func invalidKeys(_ raw: String, _ code: ValidationError.Code) {
        #expect(throws: ValidationError.self) { try PreferenceKey(raw) }
        do {
            _ = try PreferenceKey(raw)
        } catch {
            #expect(error.code == code, "\(raw.debugDescription): \(error)")
        }
    }

    @Test func validKeysAndWellKnownOnes() throws {
        #expect(try PreferenceKey("shoe.size_eu-2").rawValue == "shoe.size_eu-2")
        #expect(try PreferenceKey(String(repeating: "a", count: 64)).rawValue.count == 64)
        #expect([PreferenceKey.topics, .channels, .frequency, .language].map(\.rawValue) == ["topics", "channels", "frequency", "language"])
        #expect(PreferenceSchema.standard.kinds[.topics] == .list)
        #expect(PreferenceSchema.standard.kinds[.frequency] == .text)
    }

    @Test func schemaCanBeExtended() throws {
        let size = try PreferenceKey("shoe.size")
        let schema = PreferenceSchema.standard.declaring([size: .number])
        #expect(throws: PreferenceError.self) { try schema.check(size, .text("42")) }
        try schema.check(size, .number(42))
        try schema.check(try PreferenceKey("anything"), .bool(false))
    }

    @Test func provenanceOrderAndDefaults() {
        #expect(Provenance.allCases.sorted() == [.zeroParty, .firstParty, .inferred, .thirdParty])
        #expect(Provenance.customerOriginated == [.zeroParty, .firstParty])
    }
}
