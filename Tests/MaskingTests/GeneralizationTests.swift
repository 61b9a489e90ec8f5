import ConsentKitCore
import Masking
import Testing

@Suite("Generalization")
struct GeneralizationTests {
    // MARK: Number buckets

    @Test(arguments: [
        (34.0, "30-39"), (30.0, "30-39"), (39.0, "30-39"), (39.5, "30-39"), (40.0, "40-49"), (0.0, "0-9"),
        (-0.0, "0-9"), (-5.0, "-10--1"), (-10.0, "-10--1"), (-10.5, "-20--11"), (1_234_567.0, "1234560-1234569"),
    ])
    func integerWidthsGiveInclusiveIntegerLabels(_ value: Double, _ label: String) throws {
        #expect(try Generalization.numberBucket(width: 10).apply(to: .number(value)) == .string(label))
    }

    @Test(arguments: [
        (0.5, 1.7, "[1.5, 2.0)"), (2.5, 3.0, "[2.5, 5.0)"), (0.1, 0.3, "[0.3, 0.4)"), (0.1, 0.35, "[0.3, 0.4)"),
        (0.1, -0.05, "[-0.1, 0.0)"), (0.25, 1.0, "[1.00, 1.25)"), (0.001, 2.0004, "[2.000, 2.001)"),
        (0.1, 0.7, "[0.7, 0.8)"), (1.5, -3.0, "[-3.0, -1.5)"),
    ])
    func fractionalWidthsGiveExactHalfOpenIntervals(_ width: Double, _ value: Double, _ label: String) throws {
        #expect(try Generalization.numberBucket(width: width).apply(to: .number(value)) == .string(label))
    }

    @Test func everyMultipleOfATenthLandsInItsOwnBucket() throws {
        // 0.1 · k is not exact in binary; the bucket must still start at k tenths.
        for k in -200...200 {
            let value = Double(k) / 10
            let label = try Generalization.numberBucket(width: 0.1).apply(to: .number(value))
            let sign = k < 0 ? "-" : ""
            let magnitude = abs(k)
            #expect(
                label.stringValue?.hasPrefix("[\(sign)\(magnitude / 10).\(magnitude % 10),") == true,
                "k = \(k): \(label)")
        }
    }

    @Test(arguments: [0.0, -1.0, .nan, .infinity, 1e-7, 1.0 / 3.0, 1e300])
    func invalidBucketWidthsAreAPolicyError(_ width: Double) {
        let generalization = Generalization.numberBucket(width: width)
        let invalid = #expect(throws: MaskingError.self) { try generalization.validate() }
        #expect(invalid?.code == .invalidPolicy)
        let error = #expect(throws: MaskingError.self) { try generalization.apply(to: .number(1)) }
        #expect(error?.code == .invalidPolicy)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersAreInvalidFormat(_ value: Double) {
        for generalization in [Generalization.numberBucket(width: 10), .ageBand(width: 10)] {
            let error = #expect(throws: MaskingError.self) { try generalization.apply(to: .number(value)) }
            #expect(error?.code == .invalidFormat)
        }
    }

    @Test func hugeNumbersCannotGetAnExactLabel() {
        let error = #expect(throws: MaskingError.self) {
            try Generalization.numberBucket(width: 10).apply(to: .number(1e300))
        }
        #expect(error?.code == .tooLarge)
    }

    // MARK: Age bands

    @Test(arguments: [
        (34.0, "30-39"), (0.0, "0-9"), (9.99, "0-9"), (89.0, "80-89"), (90.0, "90+"), (120.0, "90+"), (1e300, "90+"),
    ])
    func ageBandsWithATopCode(_ age: Double, _ label: String) throws {
        #expect(try Generalization.ageBand(width: 10, topCode: 90).apply(to: .number(age)) == .string(label))
    }

    @Test func theBandBelowAnUnalignedTopCodeIsCutShort() throws {
        let bands = Generalization.ageBand(width: 10, topCode: 85)
        #expect(try bands.apply(to: .number(84)) == .string("80-84"))
        #expect(try bands.apply(to: .number(85)) == .string("85+"))
        #expect(try Generalization.ageBand(width: 5).apply(to: .number(101)) == .string("100-104"))
        #expect(try Generalization.ageBand(width: 1).apply(to: .number(42.7)) == .string("42-42"))
    }

    @Test func negativeAgesAndBadParametersAreRefused() {
        let negative = #expect(throws: MaskingError.self) {
            try Generalization.ageBand(width: 10).apply(to: .number(-1))
        }
        #expect(negative?.code == .invalidFormat)
        for bad in [Generalization.ageBand(width: 0), .ageBand(width: -5), .ageBand(width: 10, topCode: 0)] {
            let error = #expect(throws: MaskingError.self) { try bad.validate() }
            #expect(error?.code == .invalidPolicy)
        }
    }

    // MARK: Date truncation

    @Test(arguments: [
        ("1990-05-17", DateGranularity.year, "1990"), ("1990-05-17", .month, "1990-05"),
        ("1990-05-17", .day, "1990-05-17"),
        ("1990-05-17T23:59:59Z", .day, "1990-05-17"), ("1990-05-17T23:59:59.123456-05:00", .month, "1990-05"),
        ("2024-02-29t00:00:00+14:00", .day, "2024-02-29"), ("2000-02-29 12:00:00.5z", .year, "2000"),
        ("0000-01-01", .year, "0000"), ("9999-12-31T23:59:60Z", .day, "9999-12-31"),
    ])
    func truncatesDatesAndTimestampsAsWritten(_ value: String, _ granularity: DateGranularity, _ expected: String)
        throws
    {
        #expect(try Generalization.dateTruncation(granularity).apply(to: .string(value)) == .string(expected))
    }

    @Test("An already truncated date stays as coarse as it is", arguments: [
        ("1990", DateGranularity.year, "1990"), ("1990", .month, "1990"), ("1990", .day, "1990"),
        ("1990-05", .year, "1990"), ("1990-05", .month, "1990-05"), ("1990-05", .day, "1990-05"),
    ])
    func truncatedDatesAreNotRefined(_ value: String, _ granularity: DateGranularity, _ expected: String) throws {
        #expect(try Generalization.dateTruncation(granularity).apply(to: .string(value)) == .string(expected))
    }

    @Test(arguments: [
        "", "199", "1990-13", "1990-5-17", "1990-05-7", "90-05-17", "1990/05/17", "1990-00-10", "1990-13-01", "1990-04-31",
        "1900-02-29", "2023-02-29", "1990-05-17T", "1990-05-17T25:00:00Z", "1990-05-17T10:60:00Z",
        "1990-05-17T10:00:61Z",
        "1990-05-17T10:00:00", "1990-05-17T10:00Z", "1990-05-17T10:00:00.Z", "1990-05-17T10:00:00+0500",
        "1990-05-17T10:00:00+24:00", "1990-05-17T10:00:00Z ", " 1990-05-17", "1990-05-17x", "１９９０-05-17",
        "1990-05-17T10:00:00+05:60",
    ])
    func unparseableDatesAreInvalidFormat(_ value: String) {
        let error = #expect(throws: MaskingError.self) {
            try Generalization.dateTruncation(.day).apply(to: .string(value))
        }
        #expect(error?.code == .invalidFormat)
        // The message describes the problem without quoting the (personal) value.
        if let error, value.count > 4 { #expect(!error.message.contains(value)) }
    }

    @Test func leapDaysFollowTheGregorianRules() throws {
        for year in [1600, 2000, 2004, 2024, 0, 4] {
            #expect(
                try Generalization.dateTruncation(.day).apply(to: .string(Self.date(year, 2, 29)))
                    == .string(Self.date(year, 2, 29)))
        }
        for year in [1700, 1800, 1900, 2100, 2023, 1] {
            #expect(throws: MaskingError.self) {
                try Generalization.dateTruncation(.day).apply(to: .string(Self.date(year, 2, 29)))
            }
        }
    }

    // MARK: Postal codes

    @Test func postalCodePrefixes() throws {
        #expect(try Generalization.postalCodePrefix(keep: 3).apply(to: .string("94107")) == .string("941**"))
        #expect(
            try Generalization.postalCodePrefix(keep: 3, maskCharacter: nil).apply(to: .string("94107"))
                == .string("941"))
        #expect(try Generalization.postalCodePrefix(keep: 3).apply(to: .string("94107-1234")) == .string("941**-****"))
        #expect(try Generalization.postalCodePrefix(keep: 3).apply(to: .string("SW1A 1AA")) == .string("SW1* ***"))
        #expect(
            try Generalization.postalCodePrefix(keep: 4, maskCharacter: nil).apply(to: .string("SW1A 1AA"))
                == .string("SW1A"))
        #expect(
            try Generalization.postalCodePrefix(keep: 5, maskCharacter: nil).apply(to: .string("SW1A 1AA"))
                == .string("SW1A 1"))
        #expect(try Generalization.postalCodePrefix(keep: 0).apply(to: .string("75001")) == .string("*****"))
        #expect(
            try Generalization.postalCodePrefix(keep: 2, maskCharacter: "#").apply(to: .string("75001"))
                == .string("75###"))
    }

    @Test(arguments: ["941", "94", "", "9"])
    func aCodeNoLongerThanThePrefixIsMaskedEntirely(_ code: String) throws {
        #expect(
            try Generalization.postalCodePrefix(keep: 3).apply(to: .string(code))
                == .string(String(repeating: "*", count: code.count)))
        #expect(
            try Generalization.postalCodePrefix(keep: 3, maskCharacter: nil).apply(to: .string(code)) == .string(""))
    }

    @Test func negativePrefixIsAPolicyError() {
        let error = #expect(throws: MaskingError.self) {
            try Generalization.postalCodePrefix(keep: -1).apply(to: .string("94107"))
        }
        #expect(error?.code == .invalidPolicy)
    }

    // MARK: Types and limits

    @Test(arguments: [
        (Generalization.numberBucket(width: 10), JSONValue.string("34")), (.numberBucket(width: 10), .null),
        (.ageBand(width: 10), .bool(true)), (.ageBand(width: 10), .string("34")),
        (.dateTruncation(.year), .number(1990)), (.dateTruncation(.year), .array([.string("1990-01-01")])),
        (.postalCodePrefix(keep: 3), .number(94107)), (.postalCodePrefix(keep: 3), .object(["zip": .string("94107")])),
    ])
    func wrongJSONTypesAreATypeMismatch(_ generalization: Generalization, _ value: JSONValue) {
        let error = #expect(throws: MaskingError.self) { try generalization.apply(to: value) }
        #expect(error?.code == .typeMismatch)
    }

    @Test func stringsOverTheLimitAreRefused() {
        let huge = JSONValue.string(String(repeating: "9", count: MaskingLimits.maximumValueByteCount + 1))
        for generalization in [Generalization.postalCodePrefix(keep: 3), .dateTruncation(.day)] {
            let error = #expect(throws: MaskingError.self) { try generalization.apply(to: huge) }
            #expect(error?.code == .tooLarge)
        }
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
