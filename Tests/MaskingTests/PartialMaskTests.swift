import Masking
import Testing

@Suite("Partial mask")
struct PartialMaskTests {
    @Test func keepsTheLastFourOfACardAndItsSeparators() {
        let mask = PartialMask(keepLast: 4, preserving: ["-", " "])
        #expect(mask.apply(to: "4111-1111-1111-1234") == "****-****-****-1234")
        #expect(mask.apply(to: "4111 1111 1111 1234") == "**** **** **** 1234")
    }

    @Test func keepsFirstAndLast() {
        #expect(PartialMask(keepFirst: 1, keepLast: 2, maskCharacter: "•").apply(to: "Alexandra") == "A••••••ra")
    }

    @Test func masksGraphemeClustersWhole() {
        #expect(PartialMask(keepLast: 1).apply(to: "👩‍👩‍👧éé") == "**é")
    }

    @Test(arguments: ["", "1", "12", "1234", "12345", "1234567"])
    func neverReturnsTheOriginalOfAShortValue(_ value: String) {
        let masked = PartialMask(keepLast: 4).apply(to: value)
        #expect(masked.count == value.count)
        if !value.isEmpty { #expect(masked != value) }
    }
}
