import ConsentKitCore
import Foundation
import Testing

/// The 24 official TC strings of `Vectors/tcf/iab-test-strings.json` (iabtcf-java,
/// iabtcf-es and iabgpp-es test suites; each vector names its source file, test and
/// commit). Every key of every vector's `expected` object is compared.
@Suite("TC string official vectors")
struct TCStringVectorTests {
    /// The keys of `expected` this suite compares; `everyExpectedKeyIsChecked` proves none is skipped.
    static let checkedKeys: Set<String> = [
        "cmpId", "cmpVersion", "consentScreen", "consentLanguage", "vendorListVersion", "tcfPolicyVersion",
        "isServiceSpecific", "useNonStandardTexts", "useNonStandardStacks", "purposeOneTreatment",
        "specialFeatureOptins", "purposesConsent", "purposesLITransparency", "publisherCountryCode",
        "vendorConsents", "vendorConsentsEncoding", "vendorConsentsMaxId", "vendorLegitimateInterests",
        "vendorLIEncoding", "vendorLIMaxId", "publisherRestrictions", "created", "lastUpdated", "created_ds",
        "lastUpdated_ds", "disclosedVendors", "disclosedVendorsEncoding", "allowedVendors", "allowedVendorsEncoding",
        "publisherTC",
    ]

    /// How our canonical encoding of each vector compares with the upstream string.
    /// Our encoder writes segments in the order core, disclosed, allowed, publisher TC;
    /// picks the shorter vendor encoding, bit field on a tie (iabtcf-java, iabtcf-es);
    /// merges repeated restriction vendors; and pads each segment to a whole byte, then
    /// a whole character (iabtcf-java, iabtcf-es).
    enum Reencoding: Sendable {
        /// Byte for byte identical, every segment (iabtcf-java strings, canonical).
        case identical
        /// Same bits; the producer padded some segment further, to a multiple of 24 bits
        /// (the iabgpp-es TCF encoder) or beyond. Core identical unless noted.
        case zeroPadding
        /// Same segments (up to padding), but the producer wrote them in another order.
        case segmentOrder
        /// The core differs: the producer chose range encoding where range and bit field
        /// are equally long (iabgpp-es prefers range on a tie).
        case rangeOnTie
        /// The core differs: the producer listed restricted vendors twice (iabtcf-es issue
        /// 201); we merge the repeats, so our core is shorter.
        case repeatedRestrictionVendors
        /// A later segment differs: the producer wrote a bit field far longer than the
        /// range encoding (the 1,524-bit all-zero disclosed-vendors field of vector 23).
        case nonMinimalVendorEncoding
    }

    static let reencoding: [Reencoding] = [
        .identical, .identical, .identical, .identical, .identical, .identical, .identical, .identical,  // 0-7
        .identical, .identical, .zeroPadding, .zeroPadding, .zeroPadding, .zeroPadding, .segmentOrder,  // 8-14
        .zeroPadding, .segmentOrder, .zeroPadding, .zeroPadding, .rangeOnTie, .zeroPadding,  // 15-20
        .repeatedRestrictionVendors, .zeroPadding, .nonMinimalVendorEncoding,  // 21-23
    ]

    @Test(arguments: SignalVectors.tcf)
    func decodesEveryExpectedField(_ vector: TCFVector) throws {
        let tc = try TCString(decoding: vector.tcString)
        let expected = vector.expected
        #expect(tc.cmpID == expected.cmpId)
        #expect(tc.cmpVersion == expected.cmpVersion)
        #expect(tc.consentScreen == expected.consentScreen)
        #expect(tc.consentLanguage == expected.consentLanguage)
        #expect(tc.vendorListVersion == expected.vendorListVersion)
        #expect(tc.tcfPolicyVersion == expected.tcfPolicyVersion)
        #expect(tc.isServiceSpecific == expected.isServiceSpecific)
        #expect(tc.usesNonStandardTexts == expected.useNonStandardTexts)
        #expect(tc.usesNonStandardTexts == expected.useNonStandardStacks)
        #expect(tc.purposeOneTreatment == expected.purposeOneTreatment)
        #expect(Array(tc.specialFeatureOptIns) == expected.specialFeatureOptins)
        #expect(Array(tc.purposesConsent) == expected.purposesConsent)
        #expect(Array(tc.purposesLegitimateInterest) == expected.purposesLITransparency)
        #expect(tc.publisherCountryCode == expected.publisherCountryCode)

        #expect(Array(tc.vendorConsents) == expected.vendorConsents)
        #expect(Self.name(tc.vendorConsents.decodedEncoding) == expected.vendorConsentsEncoding)
        #expect(tc.vendorConsents.maxVendorID == expected.vendorConsentsMaxId)
        #expect(Array(tc.vendorLegitimateInterests) == expected.vendorLegitimateInterests)
        #expect(Self.name(tc.vendorLegitimateInterests.decodedEncoding) == expected.vendorLIEncoding)
        #expect(tc.vendorLegitimateInterests.maxVendorID == expected.vendorLIMaxId)

        #expect(tc.publisherRestrictions.count == expected.publisherRestrictions.count)
        for (actual, wanted) in zip(tc.publisherRestrictions, expected.publisherRestrictions) {
            #expect(actual.purpose == wanted.purposeId)
            #expect(Int(actual.restrictionType.rawValue) == wanted.restrictionType)
            #expect(Array(actual.vendors) == wanted.vendorIds)
        }

        #expect(tc.createdDeciseconds == expected.created_ds)
        #expect(tc.lastUpdatedDeciseconds == expected.lastUpdated_ds)
        #expect(isoDeciseconds(tc.createdDeciseconds) == expected.created)
        #expect(isoDeciseconds(tc.lastUpdatedDeciseconds) == expected.lastUpdated)
        #expect(tc.created == Date(timeIntervalSince1970: Double(expected.created_ds) / 10))
        #expect(tc.lastUpdated == Date(timeIntervalSince1970: Double(expected.lastUpdated_ds) / 10))

        // Optional segments: present exactly when `expected` has them.
        #expect(tc.disclosedVendors.map { Array($0) } == expected.disclosedVendors)
        #expect(Self.name(tc.disclosedVendors?.decodedEncoding) == (expected.disclosedVendorsEncoding ?? "absent"))
        #expect(tc.allowedVendors.map { Array($0) } == expected.allowedVendors)
        #expect(Self.name(tc.allowedVendors?.decodedEncoding) == (expected.allowedVendorsEncoding ?? "absent"))
        if let wanted = expected.publisherTC {
            let publisherTC = try #require(tc.publisherTC)
            #expect(Array(publisherTC.purposesConsent) == wanted.pubPurposesConsent)
            #expect(Array(publisherTC.purposesLegitimateInterest) == wanted.pubPurposesLITransparency)
            #expect(publisherTC.numberOfCustomPurposes == wanted.numCustomPurposes)
            #expect(Array(publisherTC.customPurposesConsent) == wanted.customPurposesConsent)
            #expect(Array(publisherTC.customPurposesLegitimateInterest) == wanted.customPurposesLITransparency)
        } else {
            #expect(tc.publisherTC == nil)
        }
    }

    @Test("every key of every vector's expected object is compared")
    func everyExpectedKeyIsChecked() {
        #expect(SignalVectors.tcf.count == 24)
        #expect(SignalVectors.tcfExpectedKeys.count == 24)
        var fields = 0
        for (index, keys) in SignalVectors.tcfExpectedKeys.enumerated() {
            let unchecked = Set(keys).subtracting(Self.checkedKeys)
            #expect(unchecked.isEmpty, "vector \(index) has unchecked keys \(unchecked.sorted())")
            fields += keys.count
        }
        print("TC string vectors: \(SignalVectors.tcf.count) vectors, \(fields) expected fields compared")
    }

    @Test(arguments: SignalVectors.tcf)
    func reencodingRoundTrips(_ vector: TCFVector) throws {
        let tc = try TCString(decoding: vector.tcString)
        let encoded = tc.encoded()
        let again = try TCString(decoding: encoded)
        #expect(again == tc, "decode(encode(x)) == x")
        #expect(again.encoded() == encoded, "encoding is a fixed point")

        let theirs = vector.tcString.split(separator: ".").map { String($0.prefix { $0 != "=" }) }
        let ours = encoded.split(separator: ".").map(String.init)
        let theirBits = theirs.map(Self.significantBits)
        let ourBits = ours.map(Self.significantBits)
        switch Self.reencoding[vector.index] {
        case .identical:
            #expect(ours == theirs)
        case .zeroPadding:
            #expect(ours != theirs)
            #expect(ourBits == theirBits, "only trailing zero bits differ")
            if vector.index != 20 { #expect(ours[0] == theirs[0], "core byte-identical") }
        case .segmentOrder:
            #expect(ours[0] == theirs[0], "core byte-identical")
            #expect(ourBits != theirBits)
            #expect(ourBits.sorted() == theirBits.sorted(), "same segments in another order")
        case .rangeOnTie:
            #expect(ours[0] != theirs[0])
            #expect(tc.vendorConsents.decodedEncoding == .range)
            #expect(again.vendorConsents.decodedEncoding == .bitField)
            // Range: 12 + 17 bits for one vendor; bit field: MaxVendorId bits.
            #expect(tc.vendorConsents.count == 1 && tc.vendorConsents.maxVendorID == 29)
        case .repeatedRestrictionVendors:
            #expect(ours[0] != theirs[0])
            #expect(ourBits[0].count < theirBits[0].count)
        case .nonMinimalVendorEncoding:
            #expect(ours[0] == theirs[0], "core byte-identical")
            #expect(tc.disclosedVendors?.decodedEncoding == .bitField)
            #expect(again.disclosedVendors?.decodedEncoding == .range)
            #expect(ours[1].count < theirs[1].count)
        }
    }

    /// Vector 12 comes from the iabgpp-es encoder test "encode with vendor [11, 28, 29] and
    /// publisher TC", which asks for legitimate interest on purposes 2-5; the TCF 2.2 encoder
    /// keeps only purpose 2. Built from those inputs, our encoder must write the same core.
    @Test func encoderAppliesTheTCF22RuleLikeTheReferenceEncoder() throws {
        let vector = try #require(SignalVectors.tcf.first { $0.index == 12 })
        let value = try TCString(
            createdDeciseconds: 16_436_736_000, lastUpdatedDeciseconds: 16_436_736_000, cmpID: 10,
            cmpVersion: 0, consentScreen: 0, consentLanguage: "EN", vendorListVersion: 0, tcfPolicyVersion: 5,
            isServiceSpecific: true, usesNonStandardTexts: false,
            purposesConsent: TCFIDSet([1, 3, 4, 5, 6]), purposesLegitimateInterest: TCFIDSet([2, 3, 4, 5]),
            purposeOneTreatment: false, publisherCountryCode: "AA", vendorConsents: TCFVendorSet([11, 28, 29]),
            disclosedVendors: TCFVendorSet([11, 28, 29, 50, 60, 80]),
            publisherTC: TCFPublisherTC(
                purposesConsent: TCFIDSet([1, 3, 4, 5, 6]), purposesLegitimateInterest: TCFIDSet([2, 7])))
        let ours = value.encoded().split(separator: ".").map(String.init)
        let theirs = vector.tcString.split(separator: ".").map(String.init)
        #expect(ours[0] == theirs[0])
        #expect(ours.map(Self.significantBits) == theirs.map(Self.significantBits))
        #expect(Array(try TCString(decoding: value.encoded()).purposesLegitimateInterest) == [2])
    }

    /// A segment's bits as a `0`/`1` string without trailing zeros (padding).
    static func significantBits(_ segment: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var bits = ""
        for character in segment {
            guard let value = alphabet.firstIndex(of: character) else { return "invalid" }
            let binary = String(value, radix: 2)
            bits += String(repeating: "0", count: 6 - binary.count) + binary
        }
        while bits.hasSuffix("0") { bits.removeLast() }
        return bits
    }

    static func name(_ encoding: TCFVendorSet.Encoding?) -> String {
        switch encoding {
        case .bitField: "bitfield"
        case .range: "range"
        case nil: "absent"
        }
    }
}
