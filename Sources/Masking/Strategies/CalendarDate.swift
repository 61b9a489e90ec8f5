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

    /// Days from 0000-01-01 (day 0) to 9999-12-31.
    static let dayNumberRange = 0..<daysBefore(year: 10_000)

    /// Parses `YYYY-MM-DD` or an RFC 3339 `date-time`
    /// (`YYYY-MM-DD(T|t| )hh:mm:ss[.frac](Z|z|±hh:mm)`).
    /// - Throws: ``MaskingError`` `.invalidFormat` for anything else; the message
    ///   says what is wrong but does not quote the value.
    init(parsing text: String) throws(MaskingError) {
        var bytes = Array(text.utf8)[...]
        func fail(_ why: String) -> MaskingError {
            // The value itself stays out of the message: dates are often personal data.
            MaskingError(
                code: .invalidFormat,
                message: "a \(text.utf8.count)-byte value is not a YYYY-MM-DD date or RFC 3339 timestamp: \(why)")
        }
        func number(_ digits: Int) -> Int? {
            guard bytes.count >= digits else { return nil }
            var value = 0
            for byte in bytes.prefix(digits) {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            bytes = bytes.dropFirst(digits)
            return value
        }
        func expect(_ allowed: UInt8...) -> Bool {
            guard let byte = bytes.first, allowed.contains(byte) else { return false }
            bytes = bytes.dropFirst()
            return true
        }

        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2)
        else { throw fail("the date must be YYYY-MM-DD") }
        guard (1...12).contains(month) else { throw fail("the month is not 01-12") }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw fail("the day is not in its month (leap years checked)")
        }
        let timeStart = bytes.startIndex
        if !bytes.isEmpty {
            guard expect(UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")) else {
                throw fail("the date must end or be followed by T and a time")
            }
            guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
                let second = number(2)
            else { throw fail("the time must be hh:mm:ss") }
            // Second 60 is a leap second, which RFC 3339 allows.
            guard hour <= 23, minute <= 59, second <= 60 else { throw fail("the time is out of range") }
            if expect(UInt8(ascii: ".")) {
                guard number(1) != nil else { throw fail("a fraction needs at least one digit") }
                while number(1) != nil {}
            }
            if !expect(UInt8(ascii: "Z"), UInt8(ascii: "z")) {
                guard expect(UInt8(ascii: "+"), UInt8(ascii: "-")), let offsetHour = number(2),
                    expect(UInt8(ascii: ":")), let offsetMinute = number(2)
                else { throw fail("the time needs an offset, Z or ±hh:mm") }
                guard offsetHour <= 23, offsetMinute <= 59 else { throw fail("offset is out of range") }
            }
            guard bytes.isEmpty else { throw fail("unexpected text after the offset") }
        }
        self.year = year
        self.month = month
        self.day = day
        // The time text is validated ASCII; it is kept exactly as written.
        let all = Array(text.utf8)
        self.timeText = String(decoding: all[timeStart...], as: UTF8.self)
    }

    init(year: Int, month: Int, day: Int, timeText: String = "") {
        self.year = year
        self.month = month
        self.day = day
        self.timeText = timeText
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days in the years 0 through `year - 1`; `year` ≥ 0.
    static func daysBefore(year: Int) -> Int {
        // Leap years among 0..<year: multiples of 4, less those of 100, plus those of 400 (year 0 is one).
        365 * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400
    }

    /// Days in the months before `month` of `year`.
    static func daysBefore(month: Int, year: Int) -> Int {
        var days = 0
        for earlier in 1..<month { days += daysIn(month: earlier, year: year) }
        return days
    }

    /// Days since 0000-01-01.
    var dayNumber: Int {
        Self.daysBefore(year: year) + Self.daysBefore(month: month, year: year) + day - 1
    }

    /// The date `dayNumber` days after 0000-01-01, or `nil` outside years 0000-9999.
    init?(dayNumber: Int, timeText: String = "") {
        guard Self.dayNumberRange.contains(dayNumber) else { return nil }
        // 146,097 days per 400 years gives a guess within a year; step to the exact one.
        var year = dayNumber * 400 / 146_097
        while year > 0 && Self.daysBefore(year: year) > dayNumber { year -= 1 }
        while Self.daysBefore(year: year + 1) <= dayNumber { year += 1 }
        var remaining = dayNumber - Self.daysBefore(year: year)
        var month = 1
        while remaining >= Self.daysIn(month: month, year: year) {
            remaining -= Self.daysIn(month: month, year: year)
            month += 1
        }
        self.init(year: year, month: month, day: remaining + 1, timeText: timeText)
    }

    /// `YYYY`
    var yearText: String { Self.padded(year, 4) }
    /// `YYYY-MM`
    var monthText: String { yearText + "-" + Self.padded(month, 2) }
    /// `YYYY-MM-DD`
    var dayText: String { monthText + "-" + Self.padded(day, 2) }
    /// The date followed by the original time text.
    var text: String { dayText + timeText }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
