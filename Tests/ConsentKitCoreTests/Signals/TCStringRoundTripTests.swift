import ConsentKitCore
import Testing

/// Encode → decode round trips of random TC string values, from a fixed seed.
@Suite("TC string round trips")
struct TCStringRoundTripTests {
    /// A random vendor set whose shape varies: empty, sparse singles, long runs,
    /// dense bit patterns, or a `maxVendorID` well above the highest member.
    static func randomVendors(_ rng: inout SignalsRandom, allowLargeIDs: Bool = true) -> TCFVendorSet {
        let shape = Int.random(in: 0..<6, using: &rng)
        var ids: [Int] = []
        var maxVendorID: Int?
        switch shape {
        case 0:
            break
        case 1:
            let limit = allowLargeIDs && Bool.random(using: &rng) ? 65_535 : 1_200
            for _ in 0..<Int.random(in: 1...12, using: &rng) { ids.append(Int.random(in: 1...limit, using: &rng)) }
        case 2:
            var next = Int.random(in: 1...50, using: &rng)
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let length = Int.random(in: 1...300, using: &rng)
                ids.append(contentsOf: next..<min(next + length, 65_536))
                next += length + Int.random(in: 2...400, using: &rng)
                if next > 60_000 { break }
            }
        case 3:
            let limit = Int.random(in: 1...900, using: &rng)
            ids = (1...limit).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
        case 4:
            ids = [Int.random(in: 1...40, using: &rng)]
            maxVendorID = Int.random(in: ids[0]...2_000, using: &rng)
        default:
            let limit = Int.random(in: 1...200, using: &rng)
            ids = (1...limit).filter { $0 % 2 == 0 }
        }
        let set = try? TCFVendorSet(ids, maxVendorID: maxVendorID)
        return set ?? TCFVendorSet()
    }

    static func randomIDs(_ rng: inout SignalsRandom, upTo limit: Int) -> TCFIDSet {
        guard limit > 0 else { return TCFIDSet() }
        let mask = UInt64.random(in: 0...UInt64.max, using: &rng) & ((1 << UInt64(limit)) - 1)
        return TCFIDSet(bitmask: mask)
    }

    static func randomLetters(_ rng: inout SignalsRandom) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String([letters[Int.random(in: 0..<26, using: &rng)], letters[Int.random(in: 0..<26, using: &rng)]])
    }

    /// A random TC string that obeys the TCF 2.2 LI rule when its policy version is 4 or later.
    static func randomTCString(_ rng: inout SignalsRandom) throws -> TCString {
        let policy = [2, 4, 5, Int.random(in: 0...63, using: &rng)][Int.random(in: 0..<4, using: &rng)]
        var legitimateInterest = randomIDs(&rng, upTo: 24)
        if policy >= 4 { for purpose in 3...6 { legitimateInterest.remove(purpose) } }
        var restrictions: [TCFPublisherRestriction] = []
        for _ in 0..<[0, 0, 1, 3, 12][Int.random(in: 0..<5, using: &rng)] {
            let vendors = randomVendors(&rng)
            restrictions.append(
                try TCFPublisherRestriction(
                    purpose: Int.random(in: 1...63, using: &rng),
                    restrictionType: TCFPublisherRestriction.RestrictionType.allCases.randomElement(using: &rng)
                        ?? .notAllowed,
                    vendorSet: vendors))
        }
        let custom = Int.random(in: 0...63, using: &rng)
        let publisherTC =
            Bool.random(using: &rng)
            ? try TCFPublisherTC(
                purposesConsent: randomIDs(&rng, upTo: 24), purposesLegitimateInterest: randomIDs(&rng, upTo: 24),
                numberOfCustomPurposes: custom, customPurposesConsent: randomIDs(&rng, upTo: custom),
                customPurposesLegitimateInterest: randomIDs(&rng, upTo: custom)) : nil
        let timestamp = Int64.random(in: 0..<(1 << 36), using: &rng)
        return try TCString(
            createdDeciseconds: timestamp,
            lastUpdatedDeciseconds: Bool.random(using: &rng) ? timestamp : Int64.random(in: 0..<(1 << 36), using: &rng),
            cmpID: Int.random(in: 0...4095, using: &rng),
            cmpVersion: Int.random(in: 0...4095, using: &rng),
            consentScreen: Int.random(in: 0...63, using: &rng),
            consentLanguage: randomLetters(&rng),
            vendorListVersion: Int.random(in: 0...4095, using: &rng),
            tcfPolicyVersion: policy,
            isServiceSpecific: Bool.random(using: &rng),
            usesNonStandardTexts: Bool.random(using: &rng),
            specialFeatureOptIns: randomIDs(&rng, upTo: 12),
            purposesConsent: randomIDs(&rng, upTo: 24),
            purposesLegitimateInterest: legitimateInterest,
            purposeOneTreatment: Bool.random(using: &rng),
            publisherCountryCode: randomLetters(&rng),
            vendorConsents: randomVendors(&rng),
            vendorLegitimateInterests: randomVendors(&rng),
            publisherRestrictions: restrictions,
            disclosedVendors: Bool.random(using: &rng) ? randomVendors(&rng) : nil,
            allowedVendors: Int.random(in: 0..<4, using: &rng) == 0 ? randomVendors(&rng) : nil,
            publisherTC: publisherTC)
    }

    /// Bits of the range encoding after `IsRangeEncoding`, computed independently of the SDK.
    static func rangeBits(_ set: TCFVendorSet) -> Int {
        12 + set.ranges.reduce(0) { $0 + ($1.count == 1 ? 17 : 33) }
    }

    @Test(arguments: 0..<8)
    func randomValuesRoundTrip(batch: Int) throws {
        var rng = SignalsRandom(seed: 0x7C_F2_2200 + UInt64(batch))
        for _ in 0..<250 {
            let value = try Self.randomTCString(&rng)
            let encoded = value.encoded()
            let decoded = try TCString(decoding: encoded)
            #expect(decoded == value, "\(encoded)")
            #expect(decoded.encoded() == encoded)
            // The encoder picked the shorter vendor encoding (bit field on a tie).
            for set in [decoded.vendorConsents, decoded.vendorLegitimateInterests]
                + [decoded.disclosedVendors].compactMap({ $0 })
            {
                let range = Self.rangeBits(set)
                let expected: TCFVendorSet.Encoding = range < set.maxVendorID ? .range : .bitField
                #expect(set.decodedEncoding == expected, "\(set): range \(range) bits vs bit field \(set.maxVendorID)")
            }
        }
    }

    @Test func encoderClearsLegitimateInterestForPurposes3To6UnderTCF22() throws {
        let purposes = try TCFIDSet([2, 3, 4, 5, 6, 7])
        let tcf22 = try TCString(
            createdDeciseconds: 16_436_736_000, lastUpdatedDeciseconds: 16_436_736_000, cmpID: 10,
            vendorListVersion: 100, tcfPolicyVersion: 5, purposesLegitimateInterest: purposes)
        #expect(tcf22.purposesLegitimateInterest == purposes, "the value keeps what it was given")
        #expect(Array(try TCString(decoding: tcf22.encoded()).purposesLegitimateInterest) == [2, 7])

        let tcf20 = try TCString(
            createdDeciseconds: 15_800_580_600, lastUpdatedDeciseconds: 15_800_580_600, cmpID: 10,
            vendorListVersion: 15, tcfPolicyVersion: 2, purposesLegitimateInterest: purposes)
        #expect(try TCString(decoding: tcf20.encoded()).purposesLegitimateInterest == purposes)
    }

    @Test func fieldsOutsideTheirBitWidthsAreRejected() {
        func rejects(_ make: () throws -> TCString, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(throws: ValidationError.self, sourceLocation: sourceLocation) { try make() }
        }
        rejects { try TCString(createdDeciseconds: -1, lastUpdatedDeciseconds: 0, cmpID: 1, vendorListVersion: 1) }
        rejects { try TCString(createdDeciseconds: 1 << 36, lastUpdatedDeciseconds: 0, cmpID: 1, vendorListVersion: 1) }
        rejects { try TCString(createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 4096, vendorListVersion: 1) }
        rejects { try TCString(createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, vendorListVersion: 4096) }
        rejects {
            try TCString(
                createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, consentScreen: 64, vendorListVersion: 1)
        }
        rejects {
            try TCString(
                createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, consentLanguage: "ENG", vendorListVersion: 1
            )
        }
        rejects {
            try TCString(
                createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, consentLanguage: "É1", vendorListVersion: 1)
        }
        rejects {
            try TCString(
                createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, vendorListVersion: 1,
                specialFeatureOptIns: TCFIDSet([13]))
        }
        rejects {
            try TCString(
                createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, vendorListVersion: 1,
                purposesConsent: TCFIDSet([25]))
        }
        #expect(throws: ValidationError.self) { try TCFVendorSet([0]) }
        #expect(throws: ValidationError.self) { try TCFVendorSet([65_536]) }
        #expect(throws: ValidationError.self) { try TCFVendorSet([10], maxVendorID: 9) }
        #expect(throws: ValidationError.self) { try TCFIDSet([65]) }
        #expect(throws: ValidationError.self) {
            try TCFPublisherRestriction(purpose: 0, restrictionType: .notAllowed, vendors: [1])
        }
        #expect(throws: ValidationError.self) {
            try TCFPublisherRestriction(
                purpose: 1, restrictionType: .notAllowed, vendors: stride(from: 1, to: 9_000, by: 2))
        }
        #expect(throws: ValidationError.self) {
            try TCFPublisherTC(numberOfCustomPurposes: 2, customPurposesConsent: TCFIDSet([3]))
        }
        // Lower-case codes are accepted and stored upper-cased.
        let lower = try? TCString(
            createdDeciseconds: 0, lastUpdatedDeciseconds: 0, cmpID: 1, consentLanguage: "fr", vendorListVersion: 1,
            publisherCountryCode: "de")
        #expect(lower?.consentLanguage == "FR")
        #expect(lower?.publisherCountryCode == "DE")
    }

    @Test func vendorSetsAreCanonical() throws {
        let set = try TCFVendorSet([5, 3, 4, 4, 10, 11, 1])
        #expect(Array(set) == [1, 3, 4, 5, 10, 11])
        #expect(set.ranges == [1...1, 3...5, 10...11])
        #expect(set.count == 6)
        #expect(set.maxVendorID == 11)
        #expect(set == (try TCFVendorSet(ranges: [10...11, 3...4, 1...1, 4...5])))
        #expect(set.contains(4) && !set.contains(2) && !set.contains(0) && !set.contains(12) && !set.contains(-1))
        #expect(set != (try TCFVendorSet([1, 3, 4, 5, 10, 11], maxVendorID: 12)), "MaxVendorId is part of the value")
        #expect(TCFVendorSet().isEmpty && TCFVendorSet().maxVendorID == 0)
        #expect(set.description == "6 vendors [1, 3-5, 10-11], max 11")
        let ids = try TCFIDSet([3, 1, 24])
        #expect(
            Array(ids) == [1, 3, 24] && ids.count == 3 && ids.highestID == 24 && !ids.contains(0) && !ids.contains(99))
        #expect(ids.description == "[1, 3, 24]")
    }
}
