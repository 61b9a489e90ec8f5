/// How much of a date ``Generalization/dateTruncation(_:)`` keeps.
public enum DateGranularity: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `1990-05-17` → `1990`.
    case year
    /// `1990-05-17` → `1990-05`.
    case month
    /// `1990-05-17T08:30:00Z` → `1990-05-17` (drops the time of a timestamp).
    case day

    /// The case name.
    public var description: String { rawValue }
}
