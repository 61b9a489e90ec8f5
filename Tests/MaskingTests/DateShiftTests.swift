import ConsentKitCore
import Foundation
import Masking
import Testing

@Suite("Date shift")
struct DateShiftTests {
    static let key = makeKey("k1", fill: 0x11)
    static let otherKey = makeKey("k2", fill: 0x22)
    static let birthDate = makeContext("patient.birth_date", tenant: "acme")

    /// A fixed 32-byte test key; a bad literal stops the run loudly.
    static func makeKey(_ id: String, fill: UInt8) -> MaskingKey {
        do {
            return try MaskingKey(id: MaskingKeyID(id), bytes: (0..<32).map { fill &+ UInt8($0) })
        } catch {
            preconditionFailure("bad test key literal: \(error)")
        }
    }

    static func makeContext(_ field: String, tenant: String? = nil, purpose: String? = nil) -> MaskingContext {
        guard let path = try? FieldPath(field) else { preconditionFailure("bad field literal \(field)") }
        return MaskingContext(
            field: path, tenant: tenant.flatMap { try? TenantID($0) }, purpose: purpose.flatMap { try? PurposeID($0) })
    }

    @Test(arguments: [1, 2, 7, 30, 365, 36_500])
    func offsetsStayInRangeAndAreNeverZero(_ maximumDays: Int) throws {
        let shift = try DateShift(key: Self.key, maximumDays: maximumDays)
        var seen = Set<Int>()
        for index in 0..<3_000 {
            let offset = shift.offsetDays(recordKey: "record-\(index)", context: Self.birthDate)
            #expect(offset != 0)
            #expect((-maximumDays...maximumDays).contains(offset))
            seen.insert(offset)
        }
        // Both directions occur; for small ranges, every offset does.
        #expect(seen.contains { $0 < 0 } && seen.contains { $0 > 0 })
        if maximumDays <= 30 { #expect(seen.count == 2 * maximumDays) }
    }

    @Test func offsetsAreRoughlyUniform() throws {
        let shift = try DateShift(key: Self.key, maximumDays: 3)
        var counts: [Int: Int] = [:]
        for index in 0..<12_000 {
            counts[shift.offsetDays(recordKey: "r\(index)", context: Self.birthDate), default: 0] += 1
        }
        // 2,000 expected per offset; ±15% is over 6 standard deviations.
        for offset in [-3, -2, -1, 1, 2, 3] {
            #expect((1_700...2_300).contains(counts[offset] ?? 0), "offset \(offset)")
        }
    }

    @Test func shiftedDatesAgreeWithFoundationsCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        var random = SplitMix64(seed: 42)
        let shift = try DateShift(key: Self.key, maximumDays: 36_500)
        for index in 0..<500 {
            // Foundation's calendar turns Julian before 1582; stay in the Gregorian era.
            let day = Int(random.next() % UInt64(2_500_000))
            let start = try #require(calendar.date(from: DateComponents(year: 1700, month: 1, day: 1, hour: 12)))
            let original = try #require(calendar.date(byAdding: .day, value: day, to: start))
            let text = try Self.format(calendar.dateComponents([.year, .month, .day], from: original))
            let recordKey = "patient-\(index)"
            let offset = shift.offsetDays(recordKey: recordKey, context: Self.birthDate)
            let expected = try #require(calendar.date(byAdding: .day, value: offset, to: original))
            #expect(
                try shift.apply(to: text, recordKey: recordKey, context: Self.birthDate)
                    == Self.format(calendar.dateComponents([.year, .month, .day], from: expected)))
        }
    }

    @Test(arguments: [
        "2024-02-29", "2000-02-29", "1900-02-28", "1999-12-31", "2024-03-01", "1990-05-17T08:30:00Z",
        "1990-05-17T23:59:59.999999+05:30", "1990-05-17t00:00:00-12:00", "1990-05-17 12:00:00z",
    ])
    func keepsTheInputsFormat(_ value: String) throws {
        let shift = try DateShift(key: Self.key, maximumDays: 400)
        for record in ["a", "b", "c", "d"] {
            let shifted = try shift.apply(to: value, recordKey: record, context: Self.birthDate)
            #expect(shifted.utf8.count == value.utf8.count)
            #expect(shifted.dropFirst(10) == value.dropFirst(10), "the time and offset text stay as written")
            #expect(shifted.prefix(10) != value.prefix(10))
            // The result is a valid date again.
            #expect(
                try Generalization.dateTruncation(.day).apply(to: .string(shifted))
                    == .string(String(shifted.prefix(10))))
        }
    }

    @Test func isDeterministicAndBoundToRecordKeyAndContext() throws {
        let shift = try DateShift(key: Self.key, maximumDays: 36_500)
        let value = "1985-07-04"
        let once = try shift.apply(to: value, recordKey: "r1", context: Self.birthDate)
        #expect(try shift.apply(to: value, recordKey: "r1", context: Self.birthDate) == once)
        #expect(
            try DateShift(key: Self.key, maximumDays: 36_500).apply(to: value, recordKey: "r1", context: Self.birthDate)
                == once)

        let offsets = [
            shift.offsetDays(recordKey: "r1", context: Self.birthDate),
            shift.offsetDays(recordKey: "r2", context: Self.birthDate),
            shift.offsetDays(recordKey: "r1", context: Self.makeContext("patient.admitted")),
            shift.offsetDays(recordKey: "r1", context: Self.makeContext("patient.birth_date", tenant: "globex")),
            shift.offsetDays(recordKey: "r1", context: Self.makeContext("patient.birth_date")),
            shift.offsetDays(
                recordKey: "r1", context: Self.makeContext("patient.birth_date", tenant: "acme", purpose: "research")),
            try DateShift(key: Self.otherKey, maximumDays: 36_500).offsetDays(recordKey: "r1", context: Self.birthDate),
        ]
        #expect(Set(offsets).count == offsets.count)

        var distinct = Set<Int>()
        for index in 0..<200 {
            distinct.insert(shift.offsetDays(recordKey: "record-\(index)", context: Self.birthDate))
        }
        #expect(distinct.count >= 195)
    }

    @Test func lengthPrefixingKeepsAdjacentPartsApart() throws {
        // "ab" + "c" and "a" + "bc" must not seed alike.
        let shift = try DateShift(key: Self.key, maximumDays: 36_500, consistentAcrossFields: true)
        let first = shift.offsetDays(recordKey: "c", context: Self.makeContext("f", tenant: "ab"))
        let second = shift.offsetDays(recordKey: "bc", context: Self.makeContext("f", tenant: "a"))
        #expect(first != second)
    }

    @Test func consistentAcrossFieldsKeepsARecordsIntervals() throws {
        let shift = try DateShift(key: Self.key, maximumDays: 365, consistentAcrossFields: true)
        #expect(shift.consistentAcrossFields)
        let admitted = Self.makeContext("stay.admitted", tenant: "acme")
        let discharged = Self.makeContext("stay.discharged", tenant: "acme")
        for index in 0..<50 {
            let record = "stay-\(index)"
            let offset = shift.offsetDays(recordKey: record, context: admitted)
            #expect(offset == shift.offsetDays(recordKey: record, context: discharged))
            let inDate = try shift.apply(to: "2024-02-27", recordKey: record, context: admitted)
            let outDate = try shift.apply(to: "2024-03-02T10:00:00Z", recordKey: record, context: discharged)
            #expect(try Self.days(from: inDate, to: String(outDate.prefix(10))) == 4)
        }
        // The tenant and purpose still separate, and so does the per-field mode.
        let perField = try DateShift(key: Self.key, maximumDays: 365)
        var differences = 0
        for index in 0..<50 {
            let record = "stay-\(index)"
            let consistent = shift.offsetDays(recordKey: record, context: admitted)
            if consistent
                != shift.offsetDays(recordKey: record, context: Self.makeContext("stay.admitted", tenant: "globex"))
            {
                differences += 1
            }
            if consistent != perField.offsetDays(recordKey: record, context: admitted) { differences += 1 }
        }
        #expect(differences >= 95)
    }

    @Test(arguments: [0, -1, 36_501, Int.max, Int.min])
    func maximumDaysOutOfRangeIsRefused(_ maximumDays: Int) {
        let error = #expect(throws: MaskingError.self) { try DateShift(key: Self.key, maximumDays: maximumDays) }
        #expect(error?.code == .invalidPolicy)
    }

    @Test(arguments: ["", "1990-02-30", "1990-05-17T10:00:00", "17/05/1990", "1990-05-17T10:00:00+25:00", "2023-02-29"])
    func invalidDatesAreInvalidFormat(_ value: String) throws {
        let shift = try DateShift(key: Self.key, maximumDays: 30)
        let error = #expect(throws: MaskingError.self) {
            try shift.apply(to: value, recordKey: "r", context: Self.birthDate)
        }
        #expect(error?.code == .invalidFormat)
    }

    @Test func aShiftPastYearZeroOrNineThousandNineHundredNinetyNineIsRefused() throws {
        let shift = try DateShift(key: Self.key, maximumDays: 30)
        let backward = try #require(
            (0..<100).map { "r\($0)" }.first { shift.offsetDays(recordKey: $0, context: Self.birthDate) < 0 })
        let forward = try #require(
            (0..<100).map { "r\($0)" }.first { shift.offsetDays(recordKey: $0, context: Self.birthDate) > 0 })
        let early = #expect(throws: MaskingError.self) {
            try shift.apply(to: "0000-01-01", recordKey: backward, context: Self.birthDate)
        }
        #expect(early?.code == .invalidFormat)
        let late = #expect(throws: MaskingError.self) {
            try shift.apply(to: "9999-12-31", recordKey: forward, context: Self.birthDate)
        }
        #expect(late?.code == .invalidFormat)
        #expect(try shift.apply(to: "0000-01-01", recordKey: forward, context: Self.birthDate).hasPrefix("0000-"))
    }

    @Test func oversizedInputsAreRefused() throws {
        let shift = try DateShift(key: Self.key, maximumDays: 30)
        let huge = String(repeating: "1", count: MaskingLimits.maximumValueByteCount + 1)
        let value = #expect(throws: MaskingError.self) {
            try shift.apply(to: huge, recordKey: "r", context: Self.birthDate)
        }
        #expect(value?.code == .tooLarge)
        let record = #expect(throws: MaskingError.self) {
            try shift.apply(to: "1990-01-01", recordKey: huge, context: Self.birthDate)
        }
        #expect(record?.code == .tooLarge)
    }

    @Test func descriptionNamesTheKeyButNotItsMaterial() throws {
        let shift = try DateShift(key: Self.key, maximumDays: 30)
        #expect(String(describing: shift) == "DateShift(key: k1, ±30 days)")
        #expect(shift.keyID.rawValue == "k1")
        #expect(shift.maximumDays == 30)
    }

    // MARK: Helpers

    static func format(_ components: DateComponents) throws -> String {
        let year = try #require(components.year)
        let month = try #require(components.month)
        let day = try #require(components.day)
        return GeneralizationTests.date(year, month, day)
    }

    static func days(from start: String, to end: String) throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        func date(_ text: String) throws -> Date {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            try #require(parts.count == 3)
            return try #require(
                calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)))
        }
        return try #require(calendar.dateComponents([.day], from: date(start), to: date(end)).day)
    }
}

extension DateShiftTests {
    /// A small deterministic generator (SplitMix64), so random-input tests are reproducible.
    struct SplitMix64: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
