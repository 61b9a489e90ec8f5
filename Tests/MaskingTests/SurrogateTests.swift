import ConsentKitCore
import Masking
import Testing

@Suite("Surrogate annotation")
struct SurrogateTests {
    @Test func annotatesWithTypeAndCharacterCount() throws {
        #expect(try SurrogateAnnotation.annotate("5290174866730142", type: "CARD") == "CARD(16):5290174866730142")
        #expect(try SurrogateAnnotation.annotate("k1:AbC-_", type: "EMAIL_2") == "EMAIL_2(8):k1:AbC-_")
        #expect(try SurrogateAnnotation.annotate("αβγ 👩‍💻", type: "X") == "X(5):αβγ 👩‍💻")
    }

    @Test(arguments: ["", "card", "Card", "CA RD", "CARD:", "É", String(repeating: "A", count: 33)])
    func badTypesAreRefused(_ type: String) {
        let error = #expect(throws: MaskingError.self) { try SurrogateAnnotation.annotate("x", type: type) }
        #expect(error?.code == .invalidFormat)
    }

    @Test func badTokensAreRefused() {
        let empty = #expect(throws: MaskingError.self) { try SurrogateAnnotation.annotate("", type: "T") }
        #expect(empty?.code == .invalidLength)
        let long = #expect(throws: MaskingError.self) {
            try SurrogateAnnotation.annotate(String(repeating: "a", count: SurrogateAnnotation.maximumTokenLength + 1), type: "T")
        }
        #expect(long?.code == .invalidLength)
        for token in ["\u{301}abc", "ab👍\u{200D}", "ab\u{1100}"] {
            let error = #expect(throws: MaskingError.self) { try SurrogateAnnotation.annotate(token, type: "T") }
            #expect(error?.code == .invalidCharacter, "\(token.debugDescription)")
        }
    }

    @Test func findsEveryAnnotationInFreeText() throws {
        let card = try SurrogateAnnotation.annotate("5290 1748 6673 0142", type: "CARD")
        let email = try SurrogateAnnotation.annotate("k1:QUJD(x):y", type: "EMAIL")
        let text = "Paid with \(card), mailed \(email). Über (3): done; NAME(4):Zoë!"
        let matches = try SurrogateAnnotation.find(in: text)
        #expect(matches.map(\.type) == ["CARD", "EMAIL", "NAME"])
        #expect(matches.map(\.token) == ["5290 1748 6673 0142", "k1:QUJD(x):y", "Zoë!"])
        for match in matches {
            #expect(text[match.range] == "\(match.type)(\(match.token.count)):\(match.token)")
            #expect(text[match.tokenRange] == match.token)
        }
        #expect(matches[0].description == "CARD(19)")
    }

    @Test(arguments: [
        "card(3):abc",  // lower-case type
        "xCARD(3):abc",  // glued to a word
        "_x9CARD(3):abc",  // glued to a word
        "CARD(03):abc",  // leading zero
        "CARD(0):",  // zero length
        "CARD(1234567):abc",  // more than six digits
        "CARD(3)abc", "CARD(3:abc", "CARD3):abc", "CARD():abc", "CARD(-3):abc", "CARD( 3):abc",
        "CARD(4):abc",  // fewer characters left than announced
        "(3):abc", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG(3):abc",  // 33-character type
        "CARD(2):\u{301}ab",  // token starts inside a character
    ])
    func malformedLookAlikesAreIgnored(_ text: String) throws {
        #expect(try SurrogateAnnotation.find(in: text).isEmpty)
    }

    @Test func lengthNotDelimitersEndsTheToken() throws {
        let matches = try SurrogateAnnotation.find(in: "A(1):B(1):c and T(2):xyz")
        // The second "(1):" sits inside the first token's tail, glued to it: not a match.
        #expect(matches.map(\.token) == ["B", "xy"])
        #expect(matches.map(\.type) == ["A", "T"])
        let nested = try SurrogateAnnotation.find(in: "OUTER(12):INNER(3):abc tail")
        #expect(nested.map(\.token) == ["INNER(3):abc"])
    }

    @Test func replaceReversesEveryAnnotation() throws {
        let text = "a CARD(4):wxyz b EMAIL(2):pq c"
        let replaced = try SurrogateAnnotation.replace(in: text) { match throws(MaskingError) in
            "<\(match.type.lowercased()):\(String(match.token.reversed()))>"
        }
        #expect(replaced == "a <card:zyxw> b <email:qp> c")
        #expect(try SurrogateAnnotation.replace(in: "nothing here") { _ throws(MaskingError) in "x" } == "nothing here")
    }

    @Test func replaceIsAllOrNothing() {
        let error = #expect(throws: MaskingError.self) {
            try SurrogateAnnotation.replace(in: "A(1):x B(1):y") { match throws(MaskingError) in
                guard match.token == "x" else { throw MaskingError(code: .authenticationFailed, message: "test") }
                return "X"
            }
        }
        #expect(error?.code == .authenticationFailed)
    }

    @Test func roundTripsWithFormatPreservingEncryption() throws {
        let key = try MaskingKey(id: MaskingKeyID("k1"), bytes: [UInt8](repeating: 4, count: 32))
        let fpe = try FormatPreservingEncryption(key: key, format: .creditCard)
        let context = MaskingContext(field: try FieldPath("note.body"))
        let card = "4111 1111 1111 1111"
        let note = "Card \(try SurrogateAnnotation.annotate(try fpe.encrypt(card, context: context), type: "CARD")) declined."
        #expect(!note.contains(card))
        let restored = try SurrogateAnnotation.replace(in: note) { match throws(MaskingError) in
            try fpe.decrypt(match.token, context: context)
        }
        #expect(restored == "Card \(card) declined.")
    }

    @Test func textSizeLimit() throws {
        let largest = String(repeating: "a", count: SurrogateAnnotation.maximumTextByteCount)
        #expect(try SurrogateAnnotation.find(in: largest).isEmpty)
        let error = #expect(throws: MaskingError.self) { try SurrogateAnnotation.find(in: largest + "a") }
        #expect(error?.code == .tooLarge)
        let replacing = #expect(throws: MaskingError.self) {
            try SurrogateAnnotation.replace(in: largest + "a") { _ throws(MaskingError) in "" }
        }
        #expect(replacing?.code == .tooLarge)
    }
}
