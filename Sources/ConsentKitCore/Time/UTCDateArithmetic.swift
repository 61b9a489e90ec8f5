#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Calendar arithmetic in the proleptic Gregorian calendar at UTC, in pure
/// integer math.
///
/// Same results as Foundation's `Calendar(identifier: .gregorian)` with a UTC
/// time zone (the day of month is clamped: 31 January + 1 month is 28 or 29
/// February; 29 February + 1 year is 28 February), but ~50 times cheaper,
/// because folding consent lifetimes runs once per grant on every
/// `ConsentLedger.state(of:)`. Day/civil conversions follow Howard Hinnant's
/// public-domain `days_from_civil` / `civil_from_days` algorithms.
package enum UTCDateArithmetic {
    /// `date` moved by `duration`; `nil` outside ±1,000,000 years.
    static func adding(_ duration: RetentionPeriod.Duration, to date: Date) -> Date? {
        switch duration {
        case .days(let days):
            return date.addingTimeInterval(Double(days) * 86_400)
        case .months(let months):
            return adding(months: months, to: date)
        case .years(let years):
            let (months, overflow) = years.multipliedReportingOverflow(by: 12)
            return overflow ? nil : adding(months: months, to: date)
        }
    }

    private static func adding(months: Int, to date: Date) -> Date? {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 3e13, abs(months) < 12_000_000 else { return nil }
        let days = (seconds / 86_400).rounded(.down)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: Int(days))
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let newDay = min(day, daysIn(month: newMonth, year: newYear))
        return Date(timeIntervalSince1970: Double(self.days(year: newYear, month: newMonth, day: newDay)) * 86_400 + secondOfDay)
    }

    package static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    package static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (days since 1970-01-01).
    package static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
