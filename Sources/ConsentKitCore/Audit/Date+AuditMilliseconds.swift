#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Date {
    /// Whole milliseconds since 1970-01-01T00:00:00Z, rounded down and clamped
    /// to `Int64`: the only time resolution audit data commits to, so an entry
    /// or tree head survives any storage round trip bit for bit.
    var auditMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded(.down)
        guard milliseconds.isFinite else { return milliseconds < 0 ? .min : .max }
        if milliseconds >= 9.2e18 { return .max }
        if milliseconds <= -9.2e18 { return .min }
        return Int64(milliseconds)
    }

    /// The instant `milliseconds` after 1970-01-01T00:00:00Z.
    init(auditMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
