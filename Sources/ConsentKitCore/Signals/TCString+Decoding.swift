extension TCString {
    /// Decodes and validates a TC string as a CMP sends it (cookie `euconsent-v2`,
    /// `gdpr_consent` query parameter, OpenRTB `user.consent`, or the GPP `tcfeuv2` section).
    ///
    /// Accepts web-safe base64 with or without `=` padding, the core segment
    /// followed by at most one each of the disclosed-vendors, allowed-vendors and
    /// publisher-TC segments in any order. Zero bits after a segment's last field
    /// are padding; anything else is an error. Range entries of vendor sections
    /// must ascend without overlap and stay within `MaxVendorId`. Publisher
    /// restriction entries must ascend but may repeat vendors, because deployed
    /// CMPs emit such strings (iabtcf-es issue 201); repeats are merged.
    ///
    /// - Throws: ``TCStringError`` naming the segment, bit offset and field of the
    ///   first problem: `.tooLong` (over ``maximumEncodedLength`` bytes, checked before
    ///   anything else), `.empty`, `.invalidCharacter`, `.invalidPadding`, `.truncated`,
    ///   `.unsupportedVersion`, `.invalidValue`, `.vendorIDOutOfRange`, `.invalidRange`,
    ///   `.rangesOutOfOrder`, `.rangesOverlap`, `.trailingData`, `.unknownSegment`,
    ///   `.duplicateSegment`. Never traps on any input.
    /// - Complexity: O(*n*) in the string's length. The bits are decoded straight
    ///   from the UTF-8 bytes into stack scratch memory; the only allocations are
    ///   the vendor sets' storage and the restriction list. A typical string takes
    ///   about a microsecond (see the Signals benchmarks).
    public init(decoding string: String) throws(TCStringError) {
        let length = string.utf8.count
        guard length <= Self.maximumEncodedLength else {
            throw TCStringError(
                code: .tooLong, segment: 0, bitOffset: nil, field: nil,
                message: "the string is \(length) bytes, the limit is \(Self.maximumEncodedLength)")
        }
        var copy = string
        let outcome: Result<TCString, TCStringError> = copy.withUTF8 { utf8 in
            Result { () throws(TCStringError) -> TCString in try Self.decode(utf8) }
        }
        self = try outcome.get()
    }

    /// Decodes the UTF-8 bytes of a TC string.
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>) throws(TCStringError) -> TCString {
        guard !utf8.isEmpty else {
            throw TCStringError(code: .empty, segment: 0, bitOffset: nil, field: nil, message: "the string is empty")
        }
        var core = CoreFields()
        var disclosed: TCFVendorSet?
        var allowed: TCFVendorSet?
        var publisherTC: TCFPublisherTC?
        var segment = 0
        var start = 0
        while start <= utf8.count {
            var end = start
            while end < utf8.count, utf8[end] != UInt8(ascii: ".") { end += 1 }
            let characters = UnsafeBufferPointer(rebasing: utf8[start..<end])
            let dataCount = try checkedDataCount(characters, segment: segment)
            let data = UnsafeBufferPointer(rebasing: characters[0..<dataCount])
            if segment == 0 {
                try WebSafeBase64.withBits(of: data) { (bits) throws(TCStringError) in
                    try decodeCore(&bits, into: &core)
                    try expectOnlyPadding(bits, segment: 0)
                }
            } else {
                try WebSafeBase64.withBits(of: data) { (bits) throws(TCStringError) in
                    let typeOffset = bits.position
                    let type = try bits.int(3, segment: segment, "SegmentType")
                    switch type {
                    case 1:
                        guard disclosed == nil else { throw duplicate("DisclosedVendors", segment, typeOffset) }
                        disclosed = try readVendorSection(&bits, segment: segment, .disclosedVendors)
                    case 2:
                        guard allowed == nil else { throw duplicate("AllowedVendors", segment, typeOffset) }
                        allowed = try readVendorSection(&bits, segment: segment, .allowedVendors)
                    case 3:
                        guard publisherTC == nil else { throw duplicate("PublisherTC", segment, typeOffset) }
                        publisherTC = try readPublisherTC(&bits, segment: segment)
                    case 0:
                        throw duplicate("core", segment, typeOffset)
                    default:
                        throw TCStringError(
                            code: .unknownSegment, segment: segment, bitOffset: typeOffset, field: "SegmentType",
                            message:
                                "segment type \(type) is not 1 (disclosed vendors), 2 (allowed vendors) or 3 (publisher TC)"
                        )
                    }
                    try expectOnlyPadding(bits, segment: segment)
                }
            }
            segment += 1
            start = end + 1
        }
        return TCString(
            validatedCreated: core.created, lastUpdated: core.lastUpdated, cmpID: core.cmpID,
            cmpVersion: core.cmpVersion, consentScreen: core.consentScreen, consentLanguage: core.consentLanguage,
            vendorListVersion: core.vendorListVersion, tcfPolicyVersion: core.tcfPolicyVersion,
            isServiceSpecific: core.isServiceSpecific, usesNonStandardTexts: core.usesNonStandardTexts,
            specialFeatureOptIns: core.specialFeatureOptIns, purposesConsent: core.purposesConsent,
            purposesLegitimateInterest: core.purposesLegitimateInterest, purposeOneTreatment: core.purposeOneTreatment,
            publisherCountryCode: core.publisherCountryCode, vendorConsents: core.vendorConsents,
            vendorLegitimateInterests: core.vendorLegitimateInterests,
            publisherRestrictions: core.publisherRestrictions, disclosedVendors: disclosed, allowedVendors: allowed,
            publisherTC: publisherTC)
    }

    /// The core segment's fields, in string order.
    private struct CoreFields {
        var created: Int64 = 0
        var lastUpdated: Int64 = 0
        var cmpID = 0
        var cmpVersion = 0
        var consentScreen = 0
        var consentLanguage = ""
        var vendorListVersion = 0
        var tcfPolicyVersion = 0
        var isServiceSpecific = false
        var usesNonStandardTexts = false
        var specialFeatureOptIns = TCFIDSet()
        var purposesConsent = TCFIDSet()
        var purposesLegitimateInterest = TCFIDSet()
        var purposeOneTreatment = false
        var publisherCountryCode = ""
        var vendorConsents = TCFVendorSet()
        var vendorLegitimateInterests = TCFVendorSet()
        var publisherRestrictions: [TCFPublisherRestriction] = []
    }

    private static func decodeCore(_ bits: inout BitReader, into core: inout CoreFields) throws(TCStringError) {
        let version = try bits.int(6, segment: 0, "Version")
        guard version == formatVersion else {
            let hint = version == 3 ? " (a version-3 header is a GPP string: decode it with GPPString)" : ""
            throw TCStringError(
                code: .unsupportedVersion, segment: 0, bitOffset: 0, field: "Version",
                message: "version \(version) is not supported, only TC string version 2\(hint)")
        }
        core.created = Int64(try bits.int(36, segment: 0, "Created"))
        core.lastUpdated = Int64(try bits.int(36, segment: 0, "LastUpdated"))
        core.cmpID = try bits.int(12, segment: 0, "CmpId")
        core.cmpVersion = try bits.int(12, segment: 0, "CmpVersion")
        core.consentScreen = try bits.int(6, segment: 0, "ConsentScreen")
        core.consentLanguage = try readLetters(&bits, "ConsentLanguage")
        core.vendorListVersion = try bits.int(12, segment: 0, "VendorListVersion")
        core.tcfPolicyVersion = try bits.int(6, segment: 0, "TcfPolicyVersion")
        core.isServiceSpecific = try bits.bit(segment: 0, "IsServiceSpecific")
        core.usesNonStandardTexts = try bits.bit(segment: 0, "UseNonStandardTexts")
        core.specialFeatureOptIns = TCFIDSet(
            fieldBits: try bits.raw(12, segment: 0, "SpecialFeatureOptIns"), width: 12)
        core.purposesConsent = TCFIDSet(fieldBits: try bits.raw(24, segment: 0, "PurposesConsent"), width: 24)
        core.purposesLegitimateInterest = TCFIDSet(
            fieldBits: try bits.raw(24, segment: 0, "PurposesLITransparency"), width: 24)
        core.purposeOneTreatment = try bits.bit(segment: 0, "PurposeOneTreatment")
        core.publisherCountryCode = try readLetters(&bits, "PublisherCC")
        core.vendorConsents = try readVendorSection(&bits, segment: 0, .vendorConsents)
        core.vendorLegitimateInterests = try readVendorSection(&bits, segment: 0, .vendorLegitimateInterests)
        let restrictionCount = try bits.int(12, segment: 0, "NumPubRestrictions")
        if restrictionCount > 0 {
            var restrictions: [TCFPublisherRestriction] = []
            restrictions.reserveCapacity(min(restrictionCount, bits.remaining / 20 + 1))
            for _ in 0..<restrictionCount {
                restrictions.append(try readRestriction(&bits))
            }
            core.publisherRestrictions = restrictions
        }
    }

    /// Two letters of six bits each, 0 = `A` ... 25 = `Z`.
    private static func readLetters(_ bits: inout BitReader, _ field: StaticString) throws(TCStringError) -> String {
        let offset = bits.position
        let first = try bits.int(6, segment: 0, field)
        guard first <= 25 else {
            throw TCStringError.invalidValue(
                first, segment: 0, bitOffset: offset, field: field, expected: "a letter 0 (A)...25 (Z)")
        }
        let second = try bits.int(6, segment: 0, field)
        guard second <= 25 else {
            throw TCStringError.invalidValue(
                second, segment: 0, bitOffset: offset + 6, field: field, expected: "a letter 0 (A)...25 (Z)")
        }
        return String(unsafeUninitializedCapacity: 2) { buffer in
            buffer[0] = UInt8(65 + first)
            buffer[1] = UInt8(65 + second)
            return 2
        }
    }

    /// Field names for the four vendor sections, in the specification's spelling.
    struct VendorSectionNames {
        let maxVendorID: StaticString
        let isRangeEncoding: StaticString
        let bitField: StaticString
        let numEntries: StaticString
        let isARange: StaticString
        let start: StaticString
        let end: StaticString

        static let vendorConsents = VendorSectionNames(
            maxVendorID: "VendorConsents.MaxVendorId", isRangeEncoding: "VendorConsents.IsRangeEncoding",
            bitField: "VendorConsents.BitField", numEntries: "VendorConsents.NumEntries",
            isARange: "VendorConsents.IsARange", start: "VendorConsents.StartOrOnlyVendorId",
            end: "VendorConsents.EndVendorId")
        static let vendorLegitimateInterests = VendorSectionNames(
            maxVendorID: "VendorLegitimateInterests.MaxVendorId",
            isRangeEncoding: "VendorLegitimateInterests.IsRangeEncoding",
            bitField: "VendorLegitimateInterests.BitField", numEntries: "VendorLegitimateInterests.NumEntries",
            isARange: "VendorLegitimateInterests.IsARange", start: "VendorLegitimateInterests.StartOrOnlyVendorId",
            end: "VendorLegitimateInterests.EndVendorId")
        static let disclosedVendors = VendorSectionNames(
            maxVendorID: "DisclosedVendors.MaxVendorId", isRangeEncoding: "DisclosedVendors.IsRangeEncoding",
            bitField: "DisclosedVendors.BitField", numEntries: "DisclosedVendors.NumEntries",
            isARange: "DisclosedVendors.IsARange", start: "DisclosedVendors.StartOrOnlyVendorId",
            end: "DisclosedVendors.EndVendorId")
        static let allowedVendors = VendorSectionNames(
            maxVendorID: "AllowedVendors.MaxVendorId", isRangeEncoding: "AllowedVendors.IsRangeEncoding",
            bitField: "AllowedVendors.BitField", numEntries: "AllowedVendors.NumEntries",
            isARange: "AllowedVendors.IsARange", start: "AllowedVendors.StartOrOnlyVendorId",
            end: "AllowedVendors.EndVendorId")
        static let restriction = VendorSectionNames(
            maxVendorID: "PubRestrictionEntry.MaxVendorId", isRangeEncoding: "PubRestrictionEntry.IsRangeEncoding",
            bitField: "PubRestrictionEntry.BitField", numEntries: "PubRestrictionEntry.NumEntries",
            isARange: "PubRestrictionEntry.IsARange", start: "PubRestrictionEntry.StartOrOnlyVendorId",
            end: "PubRestrictionEntry.EndVendorId")
    }

    /// `MaxVendorId`, `IsRangeEncoding`, then a bit field or a range section.
    private static func readVendorSection(
        _ bits: inout BitReader, segment: Int, _ names: VendorSectionNames
    ) throws(TCStringError) -> TCFVendorSet {
        let maxVendorID = try bits.int(16, segment: segment, names.maxVendorID)
        if try bits.bit(segment: segment, names.isRangeEncoding) {
            var builder = TCFVendorSet.Builder()
            try readRangeEntries(&bits, segment: segment, names, maxVendorID: maxVendorID, strict: true, into: &builder)
            return TCFVendorSet(
                storage: .runs(builder.runs), count: builder.count, maxVendorID: maxVendorID, encoding: .range)
        }
        guard maxVendorID <= bits.remaining else {
            throw TCStringError.truncated(
                BitReader.Overrun(bitOffset: bits.position, requested: maxVendorID, available: bits.remaining),
                segment: segment, field: names.bitField)
        }
        // The bit field becomes the set's storage as is: 64 vendors per word, most significant first.
        var words = [UInt64](repeating: 0, count: (maxVendorID + 63) / 64)
        var count = 0
        var remaining = maxVendorID
        for index in words.indices {
            let width = min(64, remaining)
            let word = try bits.raw(width, segment: segment, names.bitField) << UInt64(64 - width)
            words[index] = word
            count += word.nonzeroBitCount
            remaining -= width
        }
        return TCFVendorSet(storage: .bits(words), count: count, maxVendorID: maxVendorID, encoding: .bitField)
    }

    /// `NumEntries` then that many `IsARange`, `StartOrOnlyVendorId`, [`EndVendorId`].
    ///
    /// Strict entries (vendor sections) must ascend without overlap; lenient ones
    /// (publisher restrictions) must ascend by start and may overlap.
    private static func readRangeEntries(
        _ bits: inout BitReader, segment: Int, _ names: VendorSectionNames, maxVendorID: Int, strict: Bool,
        into builder: inout TCFVendorSet.Builder
    ) throws(TCStringError) {
        let entryCount = try bits.int(12, segment: segment, names.numEntries)
        var previousLower = 0
        var previousUpper = 0
        for index in 0..<entryCount {
            let isRange = try bits.bit(segment: segment, names.isARange)
            let startOffset = bits.position
            let lower = try bits.int(16, segment: segment, names.start)
            let endOffset = bits.position
            let upper = try isRange ? bits.int(16, segment: segment, names.end) : lower
            guard lower >= 1 else {
                throw TCStringError.invalidValue(
                    lower, segment: segment, bitOffset: startOffset, field: names.start, expected: "a vendor ID ≥ 1")
            }
            guard upper >= lower else {
                throw TCStringError(
                    code: .invalidRange, segment: segment, bitOffset: endOffset, field: "\(names.end)",
                    message: "range entry \(index) ends at vendor \(upper), before its start \(lower)")
            }
            guard upper <= maxVendorID else {
                throw TCStringError(
                    code: .vendorIDOutOfRange, segment: segment, bitOffset: isRange ? endOffset : startOffset,
                    field: "\(isRange ? names.end : names.start)",
                    message: "range entry \(index) names vendor \(upper), above MaxVendorId \(maxVendorID)")
            }
            if index > 0 {
                if lower < previousLower {
                    throw TCStringError(
                        code: .rangesOutOfOrder, segment: segment, bitOffset: startOffset, field: "\(names.start)",
                        message:
                            "range entry \(index) starts at vendor \(lower), below the previous entry \(previousLower)...\(previousUpper)"
                    )
                }
                if strict, lower <= previousUpper {
                    throw TCStringError(
                        code: .rangesOverlap, segment: segment, bitOffset: startOffset, field: "\(names.start)",
                        message:
                            "range entry \(index) (\(lower)...\(upper)) overlaps the previous entry \(previousLower)...\(previousUpper)"
                    )
                }
            }
            builder.insertAscending(UInt16(lower), UInt16(upper))
            previousLower = lower
            previousUpper = upper
        }
    }

    private static func readRestriction(_ bits: inout BitReader) throws(TCStringError) -> TCFPublisherRestriction {
        let purposeOffset = bits.position
        let purpose = try bits.int(6, segment: 0, "PubRestrictionEntry.PurposeId")
        guard purpose >= 1 else {
            throw TCStringError.invalidValue(
                purpose, segment: 0, bitOffset: purposeOffset, field: "PubRestrictionEntry.PurposeId",
                expected: "a purpose ID ≥ 1")
        }
        let typeOffset = bits.position
        let rawType = try bits.int(2, segment: 0, "PubRestrictionEntry.RestrictionType")
        guard let type = TCFPublisherRestriction.RestrictionType(rawValue: UInt8(rawType)) else {
            throw TCStringError.invalidValue(
                rawType, segment: 0, bitOffset: typeOffset, field: "PubRestrictionEntry.RestrictionType",
                expected: "0 (not allowed), 1 (require consent) or 2 (require legitimate interest)")
        }
        var builder = TCFVendorSet.Builder()
        try readRangeEntries(
            &bits, segment: 0, .restriction, maxVendorID: TCFVendorSet.maximumVendorID, strict: false, into: &builder)
        let highest = builder.runs.last.map { Int($0.upper) } ?? 0
        let vendors = TCFVendorSet(
            storage: .runs(builder.runs), count: builder.count, maxVendorID: highest, encoding: .range)
        return TCFPublisherRestriction(validatedPurpose: purpose, restrictionType: type, vendors: vendors)
    }

    private static func readPublisherTC(_ bits: inout BitReader, segment: Int) throws(TCStringError) -> TCFPublisherTC {
        let consent = TCFIDSet(fieldBits: try bits.raw(24, segment: segment, "PubPurposesConsent"), width: 24)
        let legitimateInterest = TCFIDSet(
            fieldBits: try bits.raw(24, segment: segment, "PubPurposesLITransparency"), width: 24)
        let customCount = try bits.int(6, segment: segment, "NumCustomPurposes")
        let customConsent = TCFIDSet(
            fieldBits: try bits.raw(customCount, segment: segment, "CustomPurposesConsent"), width: customCount)
        let customLegitimateInterest = TCFIDSet(
            fieldBits: try bits.raw(customCount, segment: segment, "CustomPurposesLITransparency"), width: customCount)
        return TCFPublisherTC(
            validatedPurposesConsent: consent, purposesLegitimateInterest: legitimateInterest,
            numberOfCustomPurposes: customCount, customPurposesConsent: customConsent,
            customPurposesLegitimateInterest: customLegitimateInterest)
    }

    /// The segment's data character count, or the base64 problem as a ``TCStringError``.
    private static func checkedDataCount(
        _ characters: UnsafeBufferPointer<UInt8>, segment: Int
    ) throws(TCStringError) -> Int {
        guard !characters.isEmpty else {
            throw TCStringError(
                code: .empty, segment: segment, bitOffset: nil, field: nil, message: "segment \(segment) is empty")
        }
        switch WebSafeBase64.dataCharacterCount(characters) {
        case .success(let count):
            return count
        case .failure(.invalidCharacter(let offset, let byte)):
            throw TCStringError(
                code: .invalidCharacter, segment: segment, bitOffset: offset * 6, field: nil,
                message: "byte 0x\(String(byte, radix: 16)) at character \(offset) is not web-safe base64")
        case .failure(.invalidPadding(let offset)):
            throw TCStringError(
                code: .invalidPadding, segment: segment, bitOffset: offset * 6, field: nil,
                message: "'=' padding at character \(offset) does not complete a group of four characters")
        }
    }

    private static func expectOnlyPadding(_ bits: BitReader, segment: Int) throws(TCStringError) {
        if let offset = bits.firstSetBitInRemainder() {
            throw TCStringError(
                code: .trailingData, segment: segment, bitOffset: offset, field: nil,
                message: "bit \(offset) is set after the segment's last field at bit \(bits.position)")
        }
    }

    private static func duplicate(_ name: String, _ segment: Int, _ offset: Int) -> TCStringError {
        TCStringError(
            code: .duplicateSegment, segment: segment, bitOffset: offset, field: "SegmentType",
            message: "a second \(name) segment")
    }
}

extension BitReader {
    /// Reads a `width`-bit field (at most 62 bits) as an `Int`, naming it in the error.
    @inline(__always)
    mutating func int(_ width: Int, segment: Int, _ field: StaticString) throws(TCStringError) -> Int {
        Int(truncatingIfNeeded: try raw(width, segment: segment, field))
    }

    /// Reads a `width`-bit field (0...64) right-aligned, naming it in the error.
    @inline(__always)
    mutating func raw(_ width: Int, segment: Int, _ field: StaticString) throws(TCStringError) -> UInt64 {
        do {
            return try read(width)
        } catch {
            throw TCStringError.truncated(error, segment: segment, field: field)
        }
    }

    /// Reads a one-bit flag, naming it in the error.
    @inline(__always)
    mutating func bit(segment: Int, _ field: StaticString) throws(TCStringError) -> Bool {
        do {
            return try readBit()
        } catch {
            throw TCStringError.truncated(error, segment: segment, field: field)
        }
    }
}
