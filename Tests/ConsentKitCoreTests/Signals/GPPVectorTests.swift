import ConsentKitCore
import Testing

/// The GPP strings and usnat sections of `Vectors/gpp/iabgpp-es-test-strings.json`
/// (IABTechLab/iabgpp-es at fd0546e7, UsNat.test.ts, GppModel.test.ts, HeaderV1.test.ts),
/// with every value the upstream tests assert.
@Suite("GPP and usnat official vectors")
struct GPPVectorTests {
    static var file: GPPVectorFile? { SignalVectors.gpp }

    /// Compares every field present in `expected`; `upstreamPadded` allows upstream's
    /// zero-padding of original-layout lists to the current layout's 16 and 3 entries.
    static func check(
        _ section: USNatSection, _ expected: GPPVectorFile.USNatFields, upstreamPadded: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        var checked = 0
        func same(_ actual: UInt8, _ wanted: Int?) {
            guard let wanted else { return }
            #expect(Int(actual) == wanted, sourceLocation: sourceLocation)
            checked += 1
        }
        func same(_ actual: [USNatSection.Consent], _ wanted: [Int]?) {
            guard let wanted else { return }
            let values = actual.map { Int($0.rawValue) }
            if upstreamPadded, values.count < wanted.count {
                #expect(values == Array(wanted.prefix(values.count)), sourceLocation: sourceLocation)
                #expect(wanted.dropFirst(values.count).allSatisfy { $0 == 0 }, sourceLocation: sourceLocation)
            } else {
                #expect(values == wanted, sourceLocation: sourceLocation)
            }
            checked += 1
        }
        if let version = expected.Version {
            #expect(section.version == version, sourceLocation: sourceLocation)
            checked += 1
        }
        same(section.sharingNotice.rawValue, expected.SharingNotice)
        same(section.saleOptOutNotice.rawValue, expected.SaleOptOutNotice)
        same(section.sharingOptOutNotice.rawValue, expected.SharingOptOutNotice)
        same(section.targetedAdvertisingOptOutNotice.rawValue, expected.TargetedAdvertisingOptOutNotice)
        same(section.sensitiveDataProcessingOptOutNotice.rawValue, expected.SensitiveDataProcessingOptOutNotice)
        same(section.sensitiveDataLimitUseNotice.rawValue, expected.SensitiveDataLimitUseNotice)
        same(section.saleOptOut.rawValue, expected.SaleOptOut)
        same(section.sharingOptOut.rawValue, expected.SharingOptOut)
        same(section.targetedAdvertisingOptOut.rawValue, expected.TargetedAdvertisingOptOut)
        same(section.sensitiveDataProcessing, expected.SensitiveDataProcessing)
        same(section.knownChildSensitiveDataConsents, expected.KnownChildSensitiveDataConsents)
        same(section.personalDataConsents.rawValue, expected.PersonalDataConsents)
        same(section.mspaCoveredTransaction.rawValue, expected.MspaCoveredTransaction)
        same(section.mspaOptOutOptionMode.rawValue, expected.MspaOptOutOptionMode)
        same(section.mspaServiceProviderMode.rawValue, expected.MspaServiceProviderMode)
        if expected.hasGpcKey {
            #expect(section.gpc == expected.Gpc, sourceLocation: sourceLocation)
            checked += 1
        }
        return checked
    }

    @Test(arguments: SignalVectors.gpp?.usnatSections ?? [])
    func usnatSectionsDecodeAndEncodeExactly(_ vector: GPPVectorFile.Section) throws {
        let section = try USNatSection(decoding: vector.section)
        #expect(Self.check(section, vector.expected) == 17, "all 17 fields pinned by the encoder test")
        // These come from encoder tests, so our encoder must reproduce them byte for byte.
        #expect(section.encoded() == vector.section)
    }

    @Test(arguments: SignalVectors.gpp?.gppStrings ?? [])
    func gppStringsDecode(_ vector: GPPVectorFile.GPP) throws {
        let gpp = try GPPString(decoding: vector.gpp)
        #expect(gpp.sectionIDs.map(\.rawValue) == vector.expected.sectionIds)
        #expect(gpp.sections.count == gpp.sectionIDs.count)
        for (id, encoded) in vector.expected.sections ?? [:] {
            #expect(gpp.section(GPPSectionID(rawValue: Int(id) ?? 0)) == encoded)
        }
        if let expected = vector.expected.usnat {
            let section = try #require(try gpp.usNat())
            #expect(Self.check(section, expected, upstreamPadded: vector.upstreamPadsToCurrentLayout ?? false) > 0)
        } else if !gpp.sectionIDs.contains(.usNat) {
            #expect(try gpp.usNat() == nil)
        }
        if let expected = vector.expected.tcfeuv2 {
            let tc = try #require(try gpp.tcfEuV2())
            if let value = expected.Version { #expect(value == TCString.formatVersion) }
            if let value = expected.CmpId { #expect(tc.cmpID == value) }
            if let value = expected.CmpVersion { #expect(tc.cmpVersion == value) }
            if let value = expected.ConsentScreen { #expect(tc.consentScreen == value) }
            if let value = expected.ConsentLanguage { #expect(tc.consentLanguage == value) }
            if let value = expected.VendorListVersion { #expect(tc.vendorListVersion == value) }
            if let value = expected.PolicyVersion { #expect(tc.tcfPolicyVersion == value) }
            if let value = expected.IsServiceSpecific { #expect(tc.isServiceSpecific == value) }
            if let value = expected.UseNonStandardStacks { #expect(tc.usesNonStandardTexts == value) }
            if let value = expected.PurposeOneTreatment { #expect(tc.purposeOneTreatment == value) }
            if let value = expected.PublisherCountryCode { #expect(tc.publisherCountryCode == value) }
            if let value = expected.VendorConsents { #expect(Array(tc.vendorConsents) == value) }
            if let value = expected.VendorLegitimateInterests { #expect(Array(tc.vendorLegitimateInterests) == value) }
            if let value = expected.VendorsDisclosed { #expect(tc.disclosedVendors.map { Array($0) } == value) }
            if let value = expected.Created_ds { #expect(tc.createdDeciseconds == value) }
            if let value = expected.LastUpdated_ds { #expect(tc.lastUpdatedDeciseconds == value) }
        }
        // Our header encoding is the reference encoder's, so the whole string round-trips exactly.
        #expect(gpp.encoded() == vector.gpp)
        #expect(try GPPString(decoding: gpp.encoded()) == gpp)
    }

    @Test(arguments: SignalVectors.gpp?.invalid ?? [])
    func invalidStringsAreRejected(_ vector: GPPVectorFile.Invalid) {
        do {
            if let input = vector.gpp {
                let gpp = try GPPString(decoding: input)
                Issue.record("decoded \(gpp.sectionIDs)")
            } else if let input = vector.section {
                let section = try USNatSection(decoding: input)
                Issue.record("decoded \(section)")
            }
        } catch {
            #expect(error.code.description == vector.expectedCode, "\(error)")
        }
    }

    @Test func vectorFileIsComplete() throws {
        let file = try #require(Self.file)
        #expect(file.source.commit == "fd0546e7b28e7e186bc27aac6375e6c10a80e47e")
        #expect(file.source.license == "Apache-2.0")
        #expect(file.usnatSections.count == 6)
        #expect(file.gppStrings.count == 13)
        #expect(file.invalid.count == 5)
    }
}
