import ConsentKitCore
import Foundation
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func literalsAndAccessors() throws {
        let value: JSONValue = ["name": "Ada", "age": 36, "pi": 3.5, "tags": ["a", nil, true], "none": nil]
        #expect(value["name"]?.stringValue == "Ada")
        #expect(value["age"]?.numberValue == 36)
        #expect(value["tags"]?[2]?.boolValue == true)
        #expect(value["tags"]?[1]?.isNull == true)
        #expect(value["tags"]?[9] == nil)
        #expect(value["tags"]?[-1] == nil)
        #expect(value["missing"] == nil)
        #expect(value["none"] == .null)
        #expect(value[0] == nil)
        #expect(value.objectValue?.count == 5)
        #expect(value["tags"]?.arrayValue?.count == 3)
        let nested: JSONValue = ["contact": ["email": "ada@example.com"]]
        #expect(nested[try FieldPath("contact.email")] == "ada@example.com")
        #expect(nested[try FieldPath("contact.phone")] == nil)
        #expect(nested[try FieldPath("contact.email.x")] == nil)
        #expect(JSONValue.null.typeName == "null")
        let duplicate: JSONValue = ["a": 1, "a": 2]
        #expect(duplicate == ["a": 2])
    }

    @Test func printsCompactSortedJSON() {
        let value: JSONValue = ["b": [1, 2.5, -0.0, 1e300], "a": "q\"\\\n\u{01}é", "c": [:], "d": [], "e": nil, "f": false]
        #expect(
            value.jsonString
                == #"{"a":"q\"\\\n\u0001é","b":[1,2.5,0,1e+300],"c":{},"d":[],"e":null,"f":false}"#)
        #expect("\(JSONValue.number(9_007_199_254_740_992))" == "9007199254740992")
        #expect(JSONValue.number(18_014_398_509_481_984).jsonString == "1.8014398509481984e+16")
        #expect(JSONValue.number(1e16).jsonString == "1e+16")
    }

    @Test func codableIsPlainJSON() throws {
        let value: JSONValue = ["name": "Ada", "list": [1, true, nil, "x", ["k": 2.5]]]
        let data = try JSONEncoder().encode(value)
        let back = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(back == value)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""name":"Ada""#))
        #expect(try JSONValue(parsing: data) == value)
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(JSONValue.number(.nan)) }
    }

    @Test func parsesRFC8259() throws {
        let text = #"""
             { "s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", "n": [0, -0, 1.5e3, -2E-2, 123456789012],
               "t": true, "f": false, "z": null, "o": {}, "a": [] }
            """#
        let value = try JSONValue(parsing: text)
        #expect(value["s"] == "a\"b\\c/d\u{08}\u{0C}\n\r\té😀")
        #expect(value["n"] == [0, 0, 1500, -0.02, 123_456_789_012])
        #expect(value["t"] == true && value["f"] == false && value["z"] == .null)
        #expect(value["o"] == [:] && value["a"] == [])
        #expect(try JSONValue(parsing: "  42 ") == 42)
        #expect(try JSONValue(parsing: #""ü""#) == "ü")
        #expect(try JSONValue(parsing: Array("[1]".utf8)[...]) == [1])
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
        "\"abc", "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "[1] [2]", "{\"a\":1,\"a\":2}", "1e400", "NaN", "[1 2]", "\u{FEFF}{}",
    ])
    func rejectsMalformedJSON(_ text: String) {
        let error = #expect(throws: MinimizationError.self) { try JSONValue(parsing: text) }
        #expect(error?.code == .malformedJSON)
        #expect(error?.message.contains("offset") == true)
    }

    @Test func rejectsInvalidUTF8() {
        let error = #expect(throws: MinimizationError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(error?.code == .malformedJSON)
        #expect(throws: MinimizationError.self) { try JSONValue(parsing: [0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func parsingEnforcesLimitsWhileReading() throws {
        let deep64 = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try JSONValue(parsing: deep64).arrayValue?.count == 1)
        let deep65 = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = #expect(throws: MinimizationError.self) { try JSONValue(parsing: deep65) }
        #expect(error?.code == .tooDeep)
        // A hostile document fails at the limit, not after a stack overflow.
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: MinimizationError.self) { try JSONValue(parsing: hostile) }

        let limits = MinimizationLimits(maximumNodeCount: 4, maximumByteCount: 64)
        #expect(try JSONValue(parsing: "[1,2,3]", limits: limits) == [1, 2, 3])
        let tooMany = #expect(throws: MinimizationError.self) { try JSONValue(parsing: "[1,2,3,4]", limits: limits) }
        #expect(tooMany?.code == .tooLarge)
        let tooLong = #expect(throws: MinimizationError.self) {
            try JSONValue(parsing: "[" + String(repeating: " ", count: 70) + "]", limits: limits)
        }
        #expect(tooLong?.code == .tooLarge)
        #expect(tooLong?.message.contains("72 bytes") == true)
    }
}
