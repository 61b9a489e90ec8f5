#if canImport(FoundationEssentials)
    public import FoundationEssentials
#else
    public import Foundation
#endif

extension TCString {
    /// ``createdDeciseconds`` as a `Date`.
    public var created: Date { Date(timeIntervalSince1970: Double(createdDeciseconds) / 10) }

    /// ``lastUpdatedDeciseconds`` as a `Date`.
    public var lastUpdated: Date { Date(timeIntervalSince1970: Double(lastUpdatedDeciseconds) / 10) }

    /// `date` in TC string deciseconds since 1970-01-01T00:00:00Z, rounded to the
    /// nearest decisecond as the reference encoders do; clamped to 0..<2³⁶ so the
    /// result always fits the 36-bit fields.
    public static func deciseconds(from date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 10).rounded()
        guard value > 0 else { return 0 }
        let limit = Double((Int64(1) << 36) - 1)
        return Int64(min(value, limit))
    }
}
