#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How long data may be kept, counted from which event: "13 months after the
/// last interaction", "10 years after the contract ends".
///
/// Months and years follow the Gregorian calendar in UTC, so "1 month after
/// 31 January" is the last day of February, the same on every server.
///
/// In JSON: `{"duration": {"months": 13}, "trigger": "lastInteraction"}`.
public struct RetentionPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The event the period is counted from.
    public struct Trigger: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The trigger's stable name, used in JSON and explanations.
        public let rawValue: String

        /// A trigger named by the host, for events ConsentKit does not know.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Decodes the trigger's name from a single string.
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        /// Encodes the trigger's name as a single string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        /// When the data was collected.
        public static let collection = Trigger(rawValue: "collection")
        /// The subject's last interaction with the host.
        public static let lastInteraction = Trigger(rawValue: "lastInteraction")
        /// The end of the contract the data serves.
        public static let contractEnd = Trigger(rawValue: "contractEnd")
        /// The withdrawal of the consent the data was collected under.
        public static let consentWithdrawal = Trigger(rawValue: "consentWithdrawal")

        public var description: String { rawValue }
    }

    /// A length of time in calendar units. In JSON: `{"days": 30}`,
    /// `{"months": 13}` or `{"years": 10}`.
    public enum Duration: Hashable, Sendable, Codable, CustomStringConvertible {
        /// A number of days.
        case days(Int)
        /// A number of calendar months.
        case months(Int)
        /// A number of calendar years.
        case years(Int)

        private enum CodingKeys: String, CodingKey {
            case days, months, years
        }

        /// Decodes an object with exactly one of `days`, `months`, `years`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.allKeys.count == 1, let key = container.allKeys.first else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "a duration is one of {\"days\": n}, {\"months\": n}, {\"years\": n}"))
            }
            let count = try container.decode(Int.self, forKey: key)
            switch key {
            case .days: self = .days(count)
            case .months: self = .months(count)
            case .years: self = .years(count)
            }
        }

        /// Encodes `{"days": n}`, `{"months": n}` or `{"years": n}`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .days(let n): try container.encode(n, forKey: .days)
            case .months(let n): try container.encode(n, forKey: .months)
            case .years(let n): try container.encode(n, forKey: .years)
            }
        }

        public var description: String {
            switch self {
            case .days(let n): "\(n) day\(n == 1 ? "" : "s")"
            case .months(let n): "\(n) month\(n == 1 ? "" : "s")"
            case .years(let n): "\(n) year\(n == 1 ? "" : "s")"
            }
        }
    }

    /// How long.
    public let duration: Duration
    /// From which event.
    public let trigger: Trigger

    /// Creates a period.
    /// - Throws: ``ValidationError`` `.invalidFormat` for a negative duration.
    public init(_ duration: Duration, after trigger: Trigger) throws(ValidationError) {
        switch duration {
        case .days(let n), .months(let n), .years(let n):
            guard n >= 0 else {
                throw ValidationError(
                    code: .invalidFormat, kind: "RetentionPeriod", message: "duration \(duration) is negative")
            }
        }
        self.duration = duration
        self.trigger = trigger
    }

    /// The instant data whose trigger event happened at `event` must be gone by,
    /// or `nil` if the date falls outside the representable range.
    public func expiry(after event: Date) -> Date? {
        UTCDateArithmetic.adding(duration, to: event)
    }

    /// Decodes `{"duration": ..., "trigger": ...}` and validates it like `init(_:after:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let duration = try container.decode(Duration.self, forKey: .duration)
        let trigger = try container.decode(Trigger.self, forKey: .trigger)
        do {
            try self.init(duration, after: trigger)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .duration, in: container, debugDescription: error.description)
        }
    }

    /// Whether data whose trigger happened at `event` has outlived this period at `now`.
    public func isExpired(after event: Date, now: Date) -> Bool {
        guard let expiry = expiry(after: event) else { return false }
        return now >= expiry
    }

    public var description: String { "\(duration) after \(trigger)" }
}
