extension TCString {
    /// Purposes 3–6, for which TCF 2.2 forbids legitimate interest.
    static let purposesWithoutLegitimateInterest = TCFIDSet(bitmask: 0b11_1100)

    /// The canonical TC string for this value: the core segment, then the
    /// disclosed-vendors, allowed-vendors and publisher-TC segments that are
    /// present, joined by `.`, in web-safe base64 without padding.
    ///
    /// Each vendor section uses whichever of bit field and range encoding is
    /// shorter (bit field on a tie), as the reference encoders do. Each segment
    /// is zero-padded to a whole byte and then to a whole character. For policy
    /// version 4 or later the legitimate-interest bits of purposes 3–6 are written
    /// as 0, as TCF 2.2 requires; for older policy versions they are kept.
    ///
    /// `TCString(decoding: x.encoded()) == x` for every value whose
    /// ``purposesLegitimateInterest`` already obeys that rule.
    ///
    /// - Complexity: O(*r*) in the number of vendor runs plus the bit-field lengths.
    public func encoded() -> String {
        var result = WebSafeBase64.encode(coreBits())
        if let disclosedVendors {
            var writer = BitWriter()
            writer.write(1, width: 3)
            Self.writeVendorSection(disclosedVendors, to: &writer)
            result += "." + WebSafeBase64.encode(writer)
        }
        if let allowedVendors {
            var writer = BitWriter()
            writer.write(2, width: 3)
            Self.writeVendorSection(allowedVendors, to: &writer)
            result += "." + WebSafeBase64.encode(writer)
        }
        if let publisherTC {
            var writer = BitWriter()
            writer.write(3, width: 3)
            writer.write(publisherTC.purposesConsent.fieldBits(width: 24), width: 24)
            writer.write(publisherTC.purposesLegitimateInterest.fieldBits(width: 24), width: 24)
            let custom = publisherTC.numberOfCustomPurposes
            writer.write(custom, width: 6)
            writer.write(publisherTC.customPurposesConsent.fieldBits(width: custom), width: custom)
            writer.write(publisherTC.customPurposesLegitimateInterest.fieldBits(width: custom), width: custom)
            result += "." + WebSafeBase64.encode(writer)
        }
        return result
    }

    private func coreBits() -> BitWriter {
        var writer = BitWriter(reservingBits: 256 + vendorConsents.maxVendorID + vendorLegitimateInterests.maxVendorID)
        writer.write(Self.formatVersion, width: 6)
        writer.write(UInt64(createdDeciseconds), width: 36)
        writer.write(UInt64(lastUpdatedDeciseconds), width: 36)
        writer.write(cmpID, width: 12)
        writer.write(cmpVersion, width: 12)
        writer.write(consentScreen, width: 6)
        Self.writeLetters(consentLanguage, to: &writer)
        writer.write(vendorListVersion, width: 12)
        writer.write(tcfPolicyVersion, width: 6)
        writer.write(isServiceSpecific)
        writer.write(usesNonStandardTexts)
        writer.write(specialFeatureOptIns.fieldBits(width: 12), width: 12)
        writer.write(purposesConsent.fieldBits(width: 24), width: 24)
        let legitimateInterest =
            isTCF22
            ? purposesLegitimateInterest.subtracting(Self.purposesWithoutLegitimateInterest)
            : purposesLegitimateInterest
        writer.write(legitimateInterest.fieldBits(width: 24), width: 24)
        writer.write(purposeOneTreatment)
        Self.writeLetters(publisherCountryCode, to: &writer)
        Self.writeVendorSection(vendorConsents, to: &writer)
        Self.writeVendorSection(vendorLegitimateInterests, to: &writer)
        writer.write(publisherRestrictions.count, width: 12)
        for restriction in publisherRestrictions {
            writer.write(restriction.purpose, width: 6)
            writer.write(Int(restriction.restrictionType.rawValue), width: 2)
            Self.writeRangeEntries(restriction.vendors, to: &writer)
        }
        return writer
    }

    /// Two upper-case ASCII letters as 6-bit values 0 (`A`) ... 25 (`Z`).
    private static func writeLetters(_ code: String, to writer: inout BitWriter) {
        for byte in code.utf8.prefix(2) {
            writer.write(Int(byte) - 65, width: 6)
        }
    }

    /// The number of bits the range encoding of `set` takes after `IsRangeEncoding`.
    static func rangeEncodingBitCount(_ set: TCFVendorSet) -> Int {
        var bits = 12
        set.forEachRun { lower, upper in bits += lower == upper ? 17 : 33 }
        return bits
    }

    /// `MaxVendorId`, `IsRangeEncoding` and the shorter of the two encodings.
    static func writeVendorSection(_ set: TCFVendorSet, to writer: inout BitWriter) {
        writer.write(set.maxVendorID, width: 16)
        let useRanges =
            rangeEncodingBitCount(set) < set.maxVendorID
            && set.runCount <= TCFPublisherRestriction.maximumRangeEntries
        writer.write(useRanges)
        if useRanges {
            writeRangeEntries(set, to: &writer)
            return
        }
        if case .bits(let words) = set.storage {
            var remaining = set.maxVendorID
            for word in words {
                let width = min(64, remaining)
                writer.write(word &>> UInt64(64 - width), width: width)
                remaining -= width
            }
            return
        }
        var next = 1
        set.forEachRun { lower, upper in
            writer.write(repeating: false, count: lower - next)
            writer.write(repeating: true, count: upper - lower + 1)
            next = upper + 1
        }
        writer.write(repeating: false, count: set.maxVendorID - next + 1)
    }

    /// `NumEntries` and one single or range entry per run.
    private static func writeRangeEntries(_ set: TCFVendorSet, to writer: inout BitWriter) {
        writer.write(set.runCount, width: 12)
        set.forEachRun { lower, upper in
            writer.write(lower != upper)
            writer.write(lower, width: 16)
            if lower != upper { writer.write(upper, width: 16) }
        }
    }
}
