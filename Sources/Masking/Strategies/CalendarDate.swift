import ConsentKitCore

/// A date read from an ISO 8601 calendar date (`YYYY-MM-DD`) or the date part
/// of an RFC 3339 timestamp, with the timestamp's time text kept verbatim.
///
/// Parsed by hand, byte by byte, so no locale, calendar or time zone database
/// can change how a value reads: proleptic Gregorian calendar, years 0000-9999,
/// month and day ranges checked (February 29 only in leap years).
struct CalendarDate: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    /// Everything after the date (`T12:30:00.5+02:00`), validated as an RFC 3339
    /// time with its offset; empty for a bare date.
    var timeText: String

    /// Day numbers (days since 1970-01-01) from 0000-01-01 to 9999-12-31.
    static let dayNumberRange =
        UTCDateArithmetic.days(year: 0, month: 1, day: 1)..<UTCDateArithmetic.days(year: 10_000, month: 1, day: 1)

    /// Parses `YYYY-MM-DD` or an RFC 3339 `date-time`
    /// (`YYYY-MM-DD(T|t| )hh:mm:ss[.frac](Z|z|±hh:mm)`).
    ///
    /// Cost: one pass over the bytes; no allocation for a bare date or a
    /// timestamp whose time text fits in 15 bytes.
    /// - Throws: ``MaskingError`` `.invalidFormat` for anything else; the message
    ///   says what is wrong but does not quote the value.
    init(parsing text: String) throws(MaskingError) {
        var text = text
        switch text.withUTF8({ Self.parse($0) }) {
        case .success(let date): self = date
        case .failure(let error): throw error
        }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<CalendarDate, MaskingError> {
        func fail(_ why: String) -> Result<CalendarDate, MaskingError> {
            // The value itself stays out of the message: dates are often personal data.
            .failure(
                MaskingError(
                    code: .invalidFormat,
                    message: "a \(bytes.count)-byte value is not a YYYY-MM-DD date or RFC 3339 timestamp: \(why)"))
        }
        var cursor = ByteCursor(bytes)
        guard let year = cursor.number(4), cursor.expect(UInt8(ascii: "-")), let month = cursor.number(2),
            cursor.expect(UInt8(ascii: "-")), let day = cursor.number(2)
        else { return fail("the date must be YYYY-MM-DD") }
        guard (1...12).contains(month) else { return fail("the month is not 01-12") }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else {
            return fail("the day is not in its month (leap years checked)")
        }
        let timeStart = cursor.index
        if !cursor.isAtEnd {
            guard cursor.expect({ $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ") })
            else { return fail("the date must end or be followed by T and a time") }
            guard let hour = cursor.number(2), cursor.expect(UInt8(ascii: ":")), let minute = cursor.number(2),
                cursor.expect(UInt8(ascii: ":")), let second = cursor.number(2)
            else { return fail("the time must be hh:mm:ss") }
            // Second 60 is a leap second, which RFC 3339 allows.
            guard hour <= 23, minute <= 59, second <= 60 else { return fail("the time is out of range") }
            if cursor.expect(UInt8(ascii: ".")) {
                guard cursor.number(1) != nil else { return fail("a fraction needs at least one digit") }
                while cursor.number(1) != nil {}
            }
            if !cursor.expect({ $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z") }) {
                guard cursor.expect({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }),
                    let offsetHour = cursor.number(2), cursor.expect(UInt8(ascii: ":")),
                    let offsetMinute = cursor.number(2)
                else { return fail("the time needs an offset, Z or ±hh:mm") }
                guard offsetHour <= 23, offsetMinute <= 59 else { return fail("offset is out of range") }
            }
            guard cursor.isAtEnd else { return fail("unexpected text after the offset") }
        }
        // The time text is validated ASCII; it is kept exactly as written.
        let timeText = String(decoding: UnsafeBufferPointer(rebasing: bytes[timeStart...]), as: UTF8.self)
        return .success(CalendarDate(year: year, month: month, day: day, timeText: timeText))
    }

    /// Reads a date's bytes front to back; a read that does not match consumes nothing.
    private struct ByteCursor {
        let bytes: UnsafeBufferPointer<UInt8>
        private(set) var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        /// The value of the next `digits` bytes when all are ASCII digits.
        mutating func number(_ digits: Int) -> Int? {
            guard bytes.count - index >= digits else { return nil }
            var value = 0
            for offset in index..<(index + digits) {
                let digit = bytes[offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            index += digits
            return value
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            expect { $0 == byte }
        }

        mutating func expect(_ accepts: (UInt8) -> Bool) -> Bool {
            guard index < bytes.count, accepts(bytes[index]) else { return false }
            index += 1
            return true
        }
    }

    init(year: Int, month: Int, day: Int, timeText: String = "") {
        self.year = year
        self.month = month
        self.day = day
        self.timeText = timeText
    }

    static func daysIn(month: Int, year: Int) -> Int {
        UTCDateArithmetic.daysIn(month: month, year: year)
    }

    /// Days since 1970-01-01 (Core's civil-date arithmetic; only differences matter here).
    var dayNumber: Int {
        UTCDateArithmetic.days(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01, or `nil` outside years 0000-9999.
    init?(dayNumber: Int, timeText: String = "") {
        guard Self.dayNumberRange.contains(dayNumber) else { return nil }
        let (year, month, day) = UTCDateArithmetic.civil(fromDays: dayNumber)
        self.init(year: year, month: month, day: day, timeText: timeText)
    }

    /// `YYYY`
    var yearText: String { dateText(components: 1) }
    /// `YYYY-MM`
    var monthText: String { dateText(components: 2) }
    /// `YYYY-MM-DD`
    var dayText: String { dateText(components: 3) }
    /// The date followed by the original time text.
    var text: String { timeText.isEmpty ? dayText : dayText + timeText }

    /// The first `components` of year, month and day, zero-padded and joined by `-`.
    private func dateText(components: Int) -> String {
        var count = DecimalText.count(of: year, minimumDigits: 4)
        if components >= 2 { count += 1 + DecimalText.count(of: month, minimumDigits: 2) }
        if components >= 3 { count += 1 + DecimalText.count(of: day, minimumDigits: 2) }
        return SingleByteText.makeString(count: count) { output in
            var written = DecimalText.write(year, minimumDigits: 4, to: output, at: 0)
            if components >= 2 {
                output[written] = UInt8(ascii: "-")
                written = DecimalText.write(month, minimumDigits: 2, to: output, at: written + 1)
            }
            if components >= 3 {
                output[written] = UInt8(ascii: "-")
                written = DecimalText.write(day, minimumDigits: 2, to: output, at: written + 1)
            }
            return written
        }
    }
}
