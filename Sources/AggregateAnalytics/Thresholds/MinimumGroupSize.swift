/// Suppresses every group smaller than a threshold before an aggregate is released.
///
/// Small groups identify people: "customers in postcode 1234 who bought
/// insulin" may be one person. Releasing only groups of at least `k` members
/// is the first line of defence; differential privacy (noise) is the second.
/// The threshold applies to the true member count, before any noise.
public struct MinimumGroupSize: Hashable, Sendable, Codable {
    /// The smallest group that may be released.
    public let threshold: Int

    /// Creates a threshold.
    /// - Throws: ``ThresholdError`` when `threshold` is below 2: a group of one
    ///   is an individual, never an aggregate.
    public init(_ threshold: Int) throws(ThresholdError) {
        guard threshold >= 2 else { throw ThresholdError(threshold: threshold) }
        self.threshold = threshold
    }

    /// What survives a threshold: the released groups and how many were withheld.
    public struct Release<Key: Hashable & Sendable>: Sendable {
        /// The groups at or above the threshold, with their values.
        public let groups: [Key: Int]
        /// How many groups were withheld. Which ones is not said: the missing
        /// keys themselves could reveal that a small group exists.
        public let suppressedGroupCount: Int
    }

    /// Keeps only the groups whose count reaches the threshold.
    public func release<Key: Hashable & Sendable>(_ counts: [Key: Int]) -> Release<Key> {
        var kept: [Key: Int] = [:]
        kept.reserveCapacity(counts.count)
        var suppressed = 0
        for (key, count) in counts {
            if count >= threshold { kept[key] = count } else { suppressed += 1 }
        }
        return Release(groups: kept, suppressedGroupCount: suppressed)
    }

    /// Decodes a threshold and validates it like `init(_:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(container.decode(Int.self))
        } catch let error as ThresholdError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the threshold as a single integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(threshold)
    }
}

/// A minimum group size below 2 was requested.
public struct ThresholdError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rejected threshold.
    public let threshold: Int

    public var description: String {
        "minimum group size must be at least 2 (a group of one is an individual), got \(threshold)"
    }
}
