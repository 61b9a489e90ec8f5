import ConsentKitCore
import Testing

@Suite("TCF purpose mapping")
struct TCFPurposeMappingTests {
    static let storage = try! PurposeID("device.storage")
    static let ads = try! PurposeID("ads.personalized")
    static let measurement = try! PurposeID("measurement")
    static let unmapped = try! PurposeID("newsletter")

    static func mapping() throws -> TCFPurposeMapping {
        try TCFPurposeMapping([1: storage, 3: ads, 4: ads, 8: measurement])
    }

    @Test func aCatalogPurposeNeedsEveryTCFPurposeMappedToIt() throws {
        // Vector 13 (iabgpp-es TcfEuV2.test.ts): consent for purposes 1, 3, 4, 5, 6; vendors 11, 28, 29.
        let tc = try TCString(decoding: TCFPermissionTests.vector13)
        let mapping = try Self.mapping()
        #expect(mapping.tcfPurposes == (try TCFIDSet([1, 3, 4, 8])))
        #expect(mapping.requirements[Self.ads] == (try TCFIDSet([3, 4])))
        #expect(mapping.allowedPurposes(in: tc, vendor: 28) == [Self.storage, Self.ads])
        #expect(mapping.allowedPurposes(in: tc, vendor: 30).isEmpty, "vendor 30 has no consent")
        #expect(!mapping.allowedPurposes(in: tc, vendor: 28).contains(Self.unmapped), "unmapped purposes stay denied")

        let stricter = try TCFPurposeMapping(requirements: [Self.ads: TCFIDSet([3, 4, 7])])
        #expect(stricter.allowedPurposes(in: tc, vendor: 28).isEmpty, "purpose 7 has no consent")
    }

    @Test func resolveDecodesAnswersAndHashesTheStringAsReceived() throws {
        let resolution = try Self.mapping().resolve(TCFPermissionTests.vector13, vendor: 28)
        #expect(resolution.allowed == [Self.storage, Self.ads])
        #expect(resolution.denied == [Self.measurement])
        #expect(resolution.vendor == 28)
        #expect(resolution.permissions[8]?.reason == .noPurposeConsent)
        #expect(resolution.permissions[1]?.reason == .consentGiven)
        #expect(resolution.permissions.count == 4)
        #expect(resolution.tcString == (try TCString(decoding: TCFPermissionTests.vector13)))
        // SHA-256 of the UTF-8 string, from Python's hashlib (an independent implementation).
        #expect(resolution.evidenceHash == "292a1ef1bada19e122dd5c780177dfeca8282486a1210ead4997616649ec8484")
        #expect(TCFPurposeMapping.evidenceHash(of: TCFPermissionTests.vector13) == resolution.evidenceHash)
        #expect(throws: TCStringError.self) { try Self.mapping().resolve("not a TC string", vendor: 28) }
    }

    @Test func registrationsChooseTheBasisPerPurpose() throws {
        let tc = try TCFPermissionTests.make(
            consent: [1], legitimateInterest: [8], vendorConsents: [5], vendorLegitimateInterests: [5])
        let mapping = try Self.mapping()
        #expect(mapping.allowedPurposes(in: tc, vendor: 5) == [Self.storage])
        #expect(
            mapping.allowedPurposes(in: tc, vendor: 5, registrations: [8: .legitimateInterest]) == [
                Self.storage, Self.measurement,
            ])
        let resolution = try mapping.resolve(tc.encoded(), vendor: 5, registrations: [8: .legitimateInterest])
        #expect(resolution.allowed == [Self.storage, Self.measurement])
    }

    @Test func invalidMappingsAreRejected() {
        #expect(throws: ValidationError.self) { try TCFPurposeMapping([0: Self.ads]) }
        #expect(throws: ValidationError.self) { try TCFPurposeMapping([25: Self.ads]) }
        #expect(throws: ValidationError.self) { try TCFPurposeMapping(requirements: [Self.ads: TCFIDSet()]) }
        #expect(throws: ValidationError.self) { try TCFPurposeMapping(requirements: [Self.ads: TCFIDSet([30])]) }
    }
}
