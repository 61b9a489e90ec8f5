/// What applies to a consent-based purpose before the subject has said anything.
public enum ConsentDefault: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Nothing happens until the subject opts in (GDPR; CCPA for minors and sensitive data).
    case optIn
    /// Processing may run until the subject opts out (CCPA sale and sharing for adults).
    case optOut

    public var description: String { rawValue }
}
