/// What a consent event says about its purposes.
public enum ConsentEventKind: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The subject agreed (opt-in).
    case grant
    /// The subject declined when asked.
    case deny
    /// The subject took back an earlier agreement (GDPR Art. 7(3)), or opted
    /// out of sale and sharing (CCPA), including through an opt-out signal.
    case withdraw
    /// The subject objected to processing on legitimate interest (GDPR Art. 21).
    case object
    /// An earlier agreement ran out; recorded by the host's expiry job.
    case expire

    /// Whether the event ends or refuses processing.
    public var isRefusal: Bool { self != .grant }

    public var description: String { rawValue }
}
