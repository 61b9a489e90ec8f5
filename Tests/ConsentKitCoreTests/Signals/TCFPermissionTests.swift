import ConsentKitCore
import Testing

/// "May vendor V process for purpose P?" under the TCF v2.2 rules, on official
/// vectors and on strings built for one rule each.
@Suite("TCF vendor and purpose questions")
struct TCFPermissionTests {
    /// Vector 13 (iabgpp-es TcfEuV2.test.ts, policy 5): purposes consent [1, 3, 4, 5, 6], LI [2],
    /// vendor consents [11, 28, 29], no vendor LI, disclosed [11, 28, 29, 50, 60, 80].
    static let vector13 = "CPTtLAAPTtLAAAAAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.d4AACEAAAAAA"

    static func make(
        policy: Int = 5, serviceSpecific: Bool = true, consent: [Int] = [], legitimateInterest: [Int] = [],
        vendorConsents: [Int] = [], vendorLegitimateInterests: [Int] = [], purposeOneTreatment: Bool = false,
        restrictions: [TCFPublisherRestriction] = [], disclosed: [Int]? = nil
    ) throws -> TCString {
        try TCString(
            createdDeciseconds: 17_682_624_000, lastUpdatedDeciseconds: 17_682_624_000, cmpID: 10,
            vendorListVersion: 141, tcfPolicyVersion: policy, isServiceSpecific: serviceSpecific,
            purposesConsent: TCFIDSet(consent), purposesLegitimateInterest: TCFIDSet(legitimateInterest),
            purposeOneTreatment: purposeOneTreatment, publisherCountryCode: "DE",
            vendorConsents: TCFVendorSet(vendorConsents),
            vendorLegitimateInterests: TCFVendorSet(vendorLegitimateInterests),
            publisherRestrictions: restrictions, disclosedVendors: try disclosed.map { try TCFVendorSet($0) })
    }

    @Test func consentNeedsThePurposeAndTheVendor() throws {
        let tc = try TCString(decoding: Self.vector13)
        let allowed = tc.isVendorAllowed(vendor: 28, purpose: 1)
        #expect(allowed.isAllowed && allowed.reason == .consentGiven && allowed.basis == .consent)
        #expect(allowed.restriction == nil && allowed.vendor == 28 && allowed.purpose == 1)
        #expect(tc.isVendorAllowed(vendor: 28, purpose: 2).reason == .noPurposeConsent)
        #expect(tc.isVendorAllowed(vendor: 30, purpose: 1).reason == .noVendorConsent)
        #expect(!tc.isVendorAllowed(vendor: 30, purpose: 1).isAllowed)
        // Purpose 2 has LI transparency, but no vendor has LI in this string.
        #expect(
            tc.isVendorAllowed(vendor: 28, purpose: 2, registration: .legitimateInterest).reason
                == .noVendorLegitimateInterest)
        #expect(allowed.description == "vendor 28, purpose 1: allowed (consentGiven, basis consent)")
    }

    @Test func legitimateInterestNeverCountsForPurposes3To6UnderTCF22() throws {
        for policy in [4, 5] {
            let tc = try Self.make(policy: policy, legitimateInterest: [2, 7, 9], vendorLegitimateInterests: [5])
            #expect(
                tc.isVendorAllowed(vendor: 5, purpose: 2, registration: .legitimateInterest).reason
                    == .legitimateInterestEstablished)
            #expect(tc.isVendorAllowed(vendor: 5, purpose: 7, registration: .legitimateInterest).isAllowed)
            #expect(
                tc.isVendorAllowed(vendor: 5, purpose: 8, registration: .legitimateInterest).reason
                    == .noPurposeLegitimateInterest)
            for purpose in 3...6 {
                let answer = tc.isVendorAllowed(vendor: 5, purpose: purpose, registration: .legitimateInterest)
                #expect(!answer.isAllowed && answer.reason == .legitimateInterestNotAllowed)
            }
        }
        // Purpose 1 can only rest on consent, under every policy version.
        let tc20 = try Self.make(policy: 2, legitimateInterest: [1, 3, 4], vendorLegitimateInterests: [5])
        #expect(
            tc20.isVendorAllowed(vendor: 5, purpose: 1, registration: .legitimateInterest).reason
                == .legitimateInterestNotAllowed)
        // Decoded TCF 2.0 strings keep their answer for purposes 3-6.
        #expect(tc20.isVendorAllowed(vendor: 5, purpose: 3, registration: .legitimateInterest).isAllowed)
    }

    @Test func decodedTCF22StringsKeepNonCompliantBitsButTheAnswersIgnoreThem() throws {
        // A policy-5 string whose PurposesLITransparency sets purposes 2-4 (a non-compliant CMP).
        var bits = TCFTestBits()
        bits.add(2, 6)
        bits.add(16_436_736_000, 36)
        bits.add(16_436_736_000, 36)
        bits.add(10, 12)
        bits.add(1, 12)
        bits.add(0, 6)
        bits.add(4, 6)
        bits.add(13, 6)
        bits.add(100, 12)
        bits.add(5, 6)
        bits.add(1, 1)
        bits.add(0, 1)
        bits.add(0, 12)
        bits.add(0, 24)
        bits.add(0b0111 << 20, 24)
        bits.add(0, 1)
        bits.add(3, 6)
        bits.add(4, 6)
        bits.bitFieldSection(maxVendorID: 0, ids: [])
        bits.bitFieldSection(maxVendorID: 3, ids: [3])
        bits.add(0, 12)
        let tc = try TCString(decoding: bits.base64)
        #expect(Array(tc.purposesLegitimateInterest) == [2, 3, 4])
        #expect(tc.isVendorAllowed(vendor: 3, purpose: 2, registration: .legitimateInterest).isAllowed)
        #expect(
            tc.isVendorAllowed(vendor: 3, purpose: 3, registration: .legitimateInterest).reason
                == .legitimateInterestNotAllowed)
    }

    @Test func publisherRestrictionsOverrideDeclarations() throws {
        let restrictions = [
            try TCFPublisherRestriction(purpose: 2, restrictionType: .notAllowed, vendors: [10]),
            try TCFPublisherRestriction(purpose: 2, restrictionType: .requireConsent, vendors: [11, 13]),
            try TCFPublisherRestriction(purpose: 2, restrictionType: .requireLegitimateInterest, vendors: [12, 13]),
        ]
        let built = try Self.make(
            consent: [1, 2, 7], legitimateInterest: [2, 7], vendorConsents: Array(10...13),
            vendorLegitimateInterests: Array(10...13), restrictions: restrictions)
        // The same answers after an encode/decode round trip.
        for tc in [built, try TCString(decoding: built.encoded())] {
            for registration in TCFPurposeRegistration.allCases {
                let flat = tc.isVendorAllowed(vendor: 10, purpose: 2, registration: registration)
                #expect(!flat.isAllowed && flat.reason == .notAllowedByPublisher && flat.restriction == .notAllowed)
                #expect(
                    tc.isVendorAllowed(vendor: 13, purpose: 2, registration: registration).reason
                        == .conflictingRestrictions)
                // Restrictions apply to their purpose only.
                #expect(tc.isVendorAllowed(vendor: 10, purpose: 7, registration: registration).isAllowed)
            }
            let switched = tc.isVendorAllowed(vendor: 11, purpose: 2, registration: .flexibleLegitimateInterest)
            #expect(switched.isAllowed && switched.basis == .consent && switched.restriction == .requireConsent)
            #expect(
                tc.isVendorAllowed(vendor: 11, purpose: 2, registration: .legitimateInterest).reason
                    == .publisherRequiresOtherBasis)
            #expect(
                tc.isVendorAllowed(vendor: 11, purpose: 2, registration: .consent).isAllowed,
                "type 1 is moot for a consent purpose")
            let toLI = tc.isVendorAllowed(vendor: 12, purpose: 2, registration: .flexibleConsent)
            #expect(
                toLI.isAllowed && toLI.basis == .legitimateInterest && toLI.reason == .legitimateInterestEstablished)
            #expect(
                tc.isVendorAllowed(vendor: 12, purpose: 2, registration: .consent).reason
                    == .publisherRequiresOtherBasis)
            #expect(tc.isVendorAllowed(vendor: 12, purpose: 2, registration: .legitimateInterest).isAllowed)
        }
    }

    @Test func officialVectorWithRepeatedRestrictionVendors() throws {
        // Vector 21 (iabtcf-es ReportedIssues.test.ts, issue 201): purposes 1-10 require consent for
        // vendors [7, 20, 71, 122, 140, 183] and legitimate interest for vendor 730.
        let vector = try #require(SignalVectors.tcf.first { $0.index == 21 })
        let tc = try TCString(decoding: vector.tcString)
        #expect(tc.isVendorAllowed(vendor: 7, purpose: 2, registration: .flexibleLegitimateInterest).basis == .consent)
        #expect(
            tc.isVendorAllowed(vendor: 7, purpose: 2, registration: .legitimateInterest).reason
                == .publisherRequiresOtherBasis)
        #expect(
            tc.isVendorAllowed(vendor: 730, purpose: 2, registration: .consent).reason == .publisherRequiresOtherBasis)
        #expect(
            tc.isVendorAllowed(vendor: 730, purpose: 2, registration: .flexibleConsent).reason
                == .legitimateInterestEstablished)
        #expect(tc.isSpecialFeatureOptedIn(1) && tc.isSpecialFeatureOptedIn(2) && !tc.isSpecialFeatureOptedIn(3))
        #expect(!tc.isSpecialFeatureOptedIn(0) && !tc.isSpecialFeatureOptedIn(13))
    }

    @Test func purposeOneTreatmentAndGlobalScope() throws {
        let treated = try Self.make(consent: [2], vendorConsents: [5], purposeOneTreatment: true)
        #expect(treated.isVendorAllowed(vendor: 5, purpose: 1).reason == .purposeOneNotDisclosed)
        // Vector 0 (iabtcf-java TCStringV2Test.java) is a global-scope string: invalid since September 2021.
        let global = try TCString(decoding: "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA")
        #expect(!global.isServiceSpecific)
        #expect(global.isVendorAllowed(vendor: 1, purpose: 2).reason == .notServiceSpecific)
        #expect(global.isVendorAllowed(vendor: 1, specialPurpose: 1).reason == .notServiceSpecific)
    }

    @Test func outOfRangeQuestionsAreDeniedNotTrapped() throws {
        let tc = try TCString(decoding: Self.vector13)
        for purpose in [Int.min, -1, 0, 25, 64, Int.max] {
            #expect(tc.isVendorAllowed(vendor: 28, purpose: purpose).reason == .invalidPurpose)
        }
        for vendor in [Int.min, 0, 65_536, Int.max] {
            #expect(tc.isVendorAllowed(vendor: vendor, purpose: 1).reason == .invalidVendor)
            #expect(tc.isVendorAllowed(vendor: vendor, specialPurpose: 1).reason == .invalidVendor)
        }
        #expect(tc.isVendorAllowed(vendor: 28, specialPurpose: 0).reason == .invalidPurpose)
    }

    @Test func specialPurposesNeedOnlyDisclosure() throws {
        let tc = try TCString(decoding: Self.vector13)
        let disclosed = tc.isVendorAllowed(vendor: 50, specialPurpose: 1)
        #expect(
            disclosed.isAllowed && disclosed.reason == .specialPurposeDisclosed && disclosed.basis == .specialPurpose)
        #expect(tc.isVendorAllowed(vendor: 51, specialPurpose: 2).reason == .vendorNotDisclosed)
        #expect(tc.isVendorDisclosed(80) && !tc.isVendorDisclosed(81))
        // Vector 4 (iabtcf-java testCanParseRangeEncodedVendorLegitimateInterests) has no disclosed
        // segment: vendors with a consent (127) or LI (128) bit count as shown.
        let older = try #require(SignalVectors.tcf.first { $0.index == 4 })
        let tc4 = try TCString(decoding: older.tcString)
        #expect(tc4.disclosedVendors == nil && !tc4.isVendorDisclosed(128))
        #expect(tc4.isVendorAllowed(vendor: 128, specialPurpose: 1).isAllowed)
        #expect(tc4.isVendorAllowed(vendor: 127, specialPurpose: 1).isAllowed)
        #expect(!tc4.isVendorAllowed(vendor: 126, specialPurpose: 1).isAllowed)
    }
}
