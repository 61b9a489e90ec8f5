import Masking
import Testing

@Suite("Email mask")
struct EmailMaskTests {
    @Test func keepsTheFirstLocalCharacterAndTheDomain() throws {
        #expect(try EmailMask().apply(to: "jane.doe@example.com") == "j*******@example.com")
    }

    @Test func masksTheDomainButItsTopLevelLabel() throws {
        let mask = EmailMask(keepDomain: false)
        #expect(try mask.apply(to: "jane.doe@example.com") == "j*******@*******.com")
        #expect(try mask.apply(to: "a.b@mail.example.co.uk") == "a**@****.*******.**.uk")
        // A one-label domain has no TLD to keep.
        #expect(try mask.apply(to: "root@localhost") == "r***@*********")
    }

    @Test func customMaskCharacterAndKeepCount() throws {
        #expect(try EmailMask(keepLocalFirst: 3, maskCharacter: "•").apply(to: "alexandra@x.io") == "ale••••••@x.io")
        #expect(try EmailMask(keepLocalFirst: 0).apply(to: "jane@example.com") == "****@example.com")
        #expect(try EmailMask(keepLocalFirst: -4).apply(to: "jane@example.com") == "****@example.com")
    }

    @Test(arguments: [
        ("j@example.com", "*@example.com"),
        ("jo@example.com", "j*@example.com"),
        ("joe@example.com", "j**@example.com"),
    ])
    func showsAtMostHalfTheLocalPart(_ value: String, _ expected: String) throws {
        let masked = try EmailMask(keepLocalFirst: 1).apply(to: value)
        #expect(masked == expected)
        // Even asking for more never reveals more than half.
        let local = try EmailMask(keepLocalFirst: 5).apply(to: value).split(separator: "@")[0]
        #expect(local.filter { $0 != "*" }.count <= local.count / 2)
    }

    @Test func masksGraphemeClustersWhole() throws {
        #expect(try EmailMask().apply(to: "josé👩‍👩‍👧@exämple.com") == "j****@exämple.com")
        #expect(try EmailMask(keepDomain: false).apply(to: "ñandú@correo.es") == "ñ****@******.es")
    }

    @Test(arguments: [
        "", "plainaddress", "@example.com", "jane@", "jane@@example.com", "a@b@c.com", "jane@.com", "jane@example.",
        "jane@example..com", "@", "x",
    ])
    func masksANonAddressEntirely(_ value: String) throws {
        let masked = try EmailMask().apply(to: value)
        #expect(masked == String(repeating: "*", count: value.count))
        if !value.isEmpty { #expect(masked != value) }
    }

    @Test(arguments: [
        "jane.doe@example.com", "j@x.io", "ab@cd.ef", "not-an-email", "josé@exämple.com", "a.b@mail.example.co.uk", "",
    ])
    func maskingTwiceNeverRevealsMore(_ value: String) throws {
        for mask in [EmailMask(), EmailMask(keepDomain: false), EmailMask(keepLocalFirst: 3)] {
            let once = try mask.apply(to: value)
            let twice = try mask.apply(to: once)
            #expect(twice.count == once.count)
            // Every character shown by the second pass was already shown by the first.
            for (first, second) in zip(once, twice) where second != "*" {
                #expect(first == second)
            }
            #expect(twice.filter { $0 != "*" }.count <= once.filter { $0 != "*" }.count)
        }
    }

    @Test func refusesAValueOverTheLimit() {
        let huge = String(repeating: "a", count: MaskingLimits.maximumValueByteCount) + "@example.com"
        let error = #expect(throws: MaskingError.self) { try EmailMask().apply(to: huge) }
        #expect(error?.code == .tooLarge)
        let atLimit = String(repeating: "a", count: MaskingLimits.maximumValueByteCount - 12) + "@example.com"
        #expect((try? EmailMask().apply(to: atLimit)) != nil)
    }
}
