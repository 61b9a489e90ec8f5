import Masking
import Testing

@Suite("Partial mask")
struct PartialMaskTests {
    @Test func keepsTheLastFourOfACardAndItsSeparators() throws {
        let mask = PartialMask(keepLast: 4, preserving: ["-", " "])
        #expect(try mask.apply(to: "4111-1111-1111-1234") == "****-****-****-1234")
        #expect(try mask.apply(to: "4111 1111 1111 1234") == "**** **** **** 1234")
    }

    @Test func keepsFirstAndLast() throws {
        #expect(try PartialMask(keepFirst: 1, keepLast: 2, maskCharacter: "•").apply(to: "Alexandra") == "A••••••ra")
    }

    @Test func masksGraphemeClustersWhole() throws {
        #expect(try PartialMask(keepLast: 1).apply(to: "👩‍👩‍👧éé") == "**é")
    }

    @Test(arguments: ["", "1", "12", "1234", "12345", "1234567"])
    func neverReturnsTheOriginalOfAShortValue(_ value: String) throws {
        let masked = try PartialMask(keepLast: 4).apply(to: value)
        #expect(masked.count == value.count)
        if !value.isEmpty { #expect(masked != value) }
    }

    @Test func hugeKeepCountsDoNotOverflow() throws {
        #expect(try PartialMask(keepFirst: .max, keepLast: .max).apply(to: "secret") == "******")
    }

    @Test(arguments: ["4111-1111-1111-1234", "Alexandra", "👩‍👩‍👧éé", "12", ""])
    func maskingTwiceNeverRevealsMore(_ value: String) throws {
        for mask in [
            PartialMask(keepLast: 4, preserving: ["-"]), PartialMask(keepFirst: 1, keepLast: 2),
            PartialMask(keepFirst: 3),
        ] {
            let once = try mask.apply(to: value)
            let twice = try mask.apply(to: once)
            #expect(twice.count == once.count)
            for (first, second) in zip(once, twice) where second != "*" {
                #expect(first == second)
            }
        }
    }

    @Test func refusesAValueOverTheLimit() throws {
        let huge = String(repeating: "x", count: MaskingLimits.maximumValueByteCount + 1)
        let error = #expect(throws: MaskingError.self) { try PartialMask(keepLast: 4).apply(to: huge) }
        #expect(error?.code == .tooLarge)
        let atLimit = String(repeating: "x", count: MaskingLimits.maximumValueByteCount)
        #expect(try PartialMask(keepLast: 4).apply(to: atLimit).hasSuffix("*xxxx"))
    }
}
