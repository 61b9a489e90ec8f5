import ConsentKitCore
import Testing

/// Every way ``TCString/init(decoding:)`` rejects input, with the code, segment,
/// bit offset and field it must report. Invalid strings are built bit by bit with
/// ``TCFTestBits``, a tiny writer independent of the SDK's encoder.
@Suite("TC string validation errors")
struct TCStringErrorTests {
    /// Vector 0 of the official set (iabtcf-java TCStringV2Test.java): 44 characters, 259 bits of fields.
    static let valid = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"
    /// Where the vendor-consent section starts in every core segment.
    static let vendorSectionOffset = 213

    func expectError(
        _ input: String, _ code: TCStringError.Code, segment: Int = 0, bitOffset: Int?, field: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let value = try TCString(decoding: input)
            Issue.record("decoded \(value.cmpID) instead of failing with \(code)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.segment == segment, "\(error)", sourceLocation: sourceLocation)
            #expect(error.bitOffset == bitOffset, "\(error)", sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
            #expect(!error.message.isEmpty)
            #expect(error.description.contains(error.message))
        }
    }

    @Test func tooLongIsRejectedBeforeDecoding() {
        let input = String(repeating: "A", count: TCString.maximumEncodedLength + 1)
        expectError(input, .tooLong, bitOffset: nil)
        // Exactly at the limit the length is fine; decoding then finds version 0.
        expectError(String(repeating: "A", count: TCString.maximumEncodedLength), .unsupportedVersion, bitOffset: 0)
    }

    @Test func emptyStringAndEmptySegments() {
        expectError("", .empty, bitOffset: nil)
        expectError(".IAAA", .empty, segment: 0, bitOffset: nil)
        expectError(Self.valid + ".", .empty, segment: 1, bitOffset: nil)
        expectError(Self.valid + "..IAAA", .empty, segment: 1, bitOffset: nil)
    }

    @Test func invalidCharactersNameTheirPosition() {
        expectError("CO tybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", .invalidCharacter, bitOffset: 12)
        // Standard base64's '+' and '/' are not web-safe.
        expectError("COtybn4PA/zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", .invalidCharacter, bitOffset: 54)
        expectError("COtybn4PA+zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", .invalidCharacter, bitOffset: 54)
        expectError(Self.valid + ".I$AA", .invalidCharacter, segment: 1, bitOffset: 6)
        expectError("CO=tybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", .invalidCharacter, bitOffset: 12)
        expectError("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAé", .invalidCharacter, bitOffset: 43 * 6)
    }

    @Test func paddingMustCompleteAGroupOfFour() throws {
        // 44 characters already form whole groups: any '=' is wrong.
        expectError(Self.valid + "=", .invalidPadding, bitOffset: 44 * 6)
        expectError(Self.valid + "==", .invalidPadding, bitOffset: 44 * 6)
        // Vector 3's publisher-TC segment is 11 characters + "=" (iabtcf-java TCStringV2Test.java).
        let padded = try TCString(decoding: Self.valid + ".cAAAAAAAITg=")
        #expect(try TCString(decoding: Self.valid + ".cAAAAAAAITg") == padded)
        expectError(Self.valid + ".cAAAAAAAITg==", .invalidPadding, segment: 1, bitOffset: 11 * 6)
        expectError(Self.valid + ".cAAAAAAAIT===", .invalidPadding, segment: 1, bitOffset: 10 * 6)
        expectError("====", .invalidPadding, bitOffset: 0)
    }

    @Test func truncationNamesTheFieldBeingRead() {
        // 10 characters = 60 bits: Version (6) and Created (36) fit, LastUpdated does not.
        expectError(String(Self.valid.prefix(10)), .truncated, bitOffset: 42, field: "LastUpdated")
        expectError("C", .truncated, bitOffset: 6, field: "Created")
        // The bit field says 98 vendors but the string ends.
        var bits = TCFTestBits.core()
        bits.bitFieldSection(maxVendorID: 98, ids: [23])
        let truncated = String(bits.base64.prefix((Self.vendorSectionOffset + 17 + 40) / 6))
        expectError(truncated, .truncated, bitOffset: Self.vendorSectionOffset + 17, field: "VendorConsents.BitField")
        // A publisher-TC segment that announces custom purposes it does not carry.
        var publisher = TCFTestBits()
        publisher.add(3, 3)
        publisher.add(0, 24)
        publisher.add(0, 24)
        publisher.add(63, 6)
        expectError(
            Self.valid + "." + publisher.base64, .truncated, segment: 1, bitOffset: 57, field: "CustomPurposesConsent")
    }

    @Test func onlyVersionTwoIsSupported() {
        // A TCF v1 consent string (iabtcf-java TCStringDecoderTest uses this prefix for v1).
        expectError("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA", .unsupportedVersion, bitOffset: 0, field: "Version")
        do {
            _ = try TCString(decoding: "DBABMA")
            Issue.record("a GPP header decoded as a TC string")
        } catch {
            #expect(error.code == .unsupportedVersion)
            #expect(error.message.contains("GPPString"))
        }
    }

    @Test func lettersPastZAreInvalid() {
        expectError(
            TCFTestBits.core(language: (26, 13)).base64, .invalidValue, bitOffset: 108, field: "ConsentLanguage")
        expectError(TCFTestBits.core(language: (4, 63)).base64, .invalidValue, bitOffset: 114, field: "ConsentLanguage")
        expectError(TCFTestBits.core(country: (0, 30)).base64, .invalidValue, bitOffset: 207, field: "PublisherCC")
    }

    @Test func rangeEntriesAreValidated() {
        let start = Self.vendorSectionOffset + 16 + 1 + 12  // first IsARange bit
        func consents(max: Int, _ entries: [(Int, Int?)]) -> String {
            var bits = TCFTestBits.core()
            bits.rangeSection(maxVendorID: max, entries: entries)
            bits.bitFieldSection(maxVendorID: 0, ids: [])
            bits.add(0, 12)
            return bits.base64
        }
        // Vendor 0 does not exist.
        expectError(
            consents(max: 10, [(0, nil)]), .invalidValue, bitOffset: start + 1,
            field: "VendorConsents.StartOrOnlyVendorId")
        // A range that ends before it starts.
        expectError(
            consents(max: 10, [(8, 5)]), .invalidRange, bitOffset: start + 17, field: "VendorConsents.EndVendorId")
        // Beyond MaxVendorId, as a single and as a range end.
        expectError(
            consents(max: 10, [(11, nil)]), .vendorIDOutOfRange, bitOffset: start + 1,
            field: "VendorConsents.StartOrOnlyVendorId")
        expectError(
            consents(max: 10, [(2, 11)]), .vendorIDOutOfRange, bitOffset: start + 17,
            field: "VendorConsents.EndVendorId")
        // Out of order and overlapping entries; adjacent ones are fine.
        expectError(consents(max: 10, [(6, nil), (5, nil)]), .rangesOutOfOrder, bitOffset: start + 17 + 1)
        expectError(consents(max: 20, [(5, 10), (8, 12)]), .rangesOverlap, bitOffset: start + 33 + 1)
        expectError(consents(max: 20, [(5, 10), (10, nil)]), .rangesOverlap, bitOffset: start + 33 + 1)
        expectError(consents(max: 20, [(5, 10), (5, nil)]), .rangesOverlap, bitOffset: start + 33 + 1)
        #expect(throws: Never.self) { try TCString(decoding: consents(max: 20, [(5, 10), (11, 12)])) }
    }

    @Test func vendorLegitimateInterestErrorsNameTheirSection() {
        var bits = TCFTestBits.core()
        bits.bitFieldSection(maxVendorID: 0, ids: [])
        bits.rangeSection(maxVendorID: 5, entries: [(6, nil)])
        bits.add(0, 12)
        expectError(
            bits.base64, .vendorIDOutOfRange, bitOffset: Self.vendorSectionOffset + 17 + 29 + 1,
            field: "VendorLegitimateInterests.StartOrOnlyVendorId")
    }

    @Test func publisherRestrictionsAreValidated() throws {
        func restrictions(_ entries: [(purpose: Int, type: Int, ranges: [(Int, Int?)])]) -> String {
            var bits = TCFTestBits.core()
            bits.bitFieldSection(maxVendorID: 0, ids: [])
            bits.bitFieldSection(maxVendorID: 0, ids: [])
            bits.add(entries.count, 12)
            for entry in entries {
                bits.add(entry.purpose, 6)
                bits.add(entry.type, 2)
                bits.rangeEntries(entry.ranges)
            }
            return bits.base64
        }
        let first = Self.vendorSectionOffset + 17 + 17 + 12  // PurposeId of the first entry
        expectError(
            restrictions([(0, 1, [(5, nil)])]), .invalidValue, bitOffset: first, field: "PubRestrictionEntry.PurposeId")
        expectError(
            restrictions([(2, 3, [(5, nil)])]), .invalidValue, bitOffset: first + 6,
            field: "PubRestrictionEntry.RestrictionType")
        expectError(
            restrictions([(2, 1, [(9, nil), (4, nil)])]), .rangesOutOfOrder, bitOffset: first + 8 + 12 + 17 + 1)
        expectError(restrictions([(2, 1, [(0, nil)])]), .invalidValue, bitOffset: first + 8 + 12 + 1)
        // Repeated and overlapping vendors are tolerated (deployed CMPs emit them, vector 21) and merged.
        let merged = try TCString(decoding: restrictions([(2, 0, [(5, nil), (5, nil), (5, 9), (8, 12)])]))
        #expect(Array(merged.publisherRestrictions[0].vendors) == [5, 6, 7, 8, 9, 10, 11, 12])
    }

    @Test func setBitsAfterTheLastFieldAreTrailingData() {
        // Vector 0 ends its fields at bit 259; its last character carries 5 zero bits.
        expectError(Self.valid + "B", .trailingData, bitOffset: 44 * 6 + 5)
        expectError(String(Self.valid.dropLast()) + "B", .trailingData, bitOffset: 43 * 6 + 5)
        expectError(Self.valid + ".IAAAB", .trailingData, segment: 1, bitOffset: 4 * 6 + 5)
        // Zero padding of any length is accepted (vector 16 carries 57 zero bits).
        #expect(throws: Never.self) { try TCString(decoding: Self.valid + "AAAAAAAA") }
    }

    @Test func segmentTypesAreChecked() {
        expectError(Self.valid + ".gAAA", .unknownSegment, segment: 1, bitOffset: 0, field: "SegmentType")
        expectError(Self.valid + ".IAAA.IAAA", .duplicateSegment, segment: 2, bitOffset: 0)
        expectError(Self.valid + ".QAAA.IAAA.QAAA", .duplicateSegment, segment: 3, bitOffset: 0)
        expectError(Self.valid + ".YAAAAAAAAAA.YAAAAAAAAAA", .duplicateSegment, segment: 2, bitOffset: 0)
        expectError(Self.valid + ".AAAA", .duplicateSegment, segment: 1, bitOffset: 0)
    }

    @Test func errorsAreValuesWithReadableDescriptions() {
        let error = TCStringError(
            code: .truncated, segment: 1, bitOffset: 42, field: "LastUpdated", message: "LastUpdated needs 36 bits")
        #expect(error == error)
        #expect(
            error.description == "invalid TC string: LastUpdated needs 36 bits (segment 1, bit 42, field LastUpdated)")
        #expect(TCStringError.Code.truncated.description == "truncated")
        #expect(TCStringError.Code.truncated != TCStringError.Code.trailingData)
    }
}

/// Builds TC string bits field by field for the error tests, independent of the SDK.
struct TCFTestBits {
    var bits: [Bool] = []

    mutating func add(_ value: Int, _ width: Int) {
        for shift in stride(from: width - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    /// A core segment up to and including PublisherCC (213 bits): version 2, cmp 10, policy 5, service-specific.
    static func core(language: (Int, Int) = (4, 13), country: (Int, Int) = (3, 4)) -> TCFTestBits {
        var bits = TCFTestBits()
        bits.add(2, 6)
        bits.add(16_436_736_000, 36)
        bits.add(16_436_736_000, 36)
        bits.add(10, 12)
        bits.add(1, 12)
        bits.add(0, 6)
        bits.add(language.0, 6)
        bits.add(language.1, 6)
        bits.add(100, 12)
        bits.add(5, 6)
        bits.add(1, 1)
        bits.add(0, 1)
        bits.add(0, 12)
        bits.add(0, 24)
        bits.add(0, 24)
        bits.add(0, 1)
        bits.add(country.0, 6)
        bits.add(country.1, 6)
        return bits
    }

    mutating func bitFieldSection(maxVendorID: Int, ids: Set<Int>) {
        add(maxVendorID, 16)
        add(0, 1)
        for id in stride(from: 1, through: maxVendorID, by: 1) { bits.append(ids.contains(id)) }
    }

    mutating func rangeSection(maxVendorID: Int, entries: [(Int, Int?)]) {
        add(maxVendorID, 16)
        add(1, 1)
        rangeEntries(entries)
    }

    mutating func rangeEntries(_ entries: [(Int, Int?)]) {
        add(entries.count, 12)
        for (start, end) in entries {
            add(end == nil ? 0 : 1, 1)
            add(start, 16)
            if let end { add(end, 16) }
        }
    }

    var base64: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var padded = bits
        while padded.count % 6 != 0 { padded.append(false) }
        var result = ""
        for chunk in stride(from: 0, to: padded.count, by: 6) {
            var value = 0
            for bit in padded[chunk..<(chunk + 6)] { value = value << 1 | (bit ? 1 : 0) }
            result.append(alphabet[value])
        }
        return result
    }
}
