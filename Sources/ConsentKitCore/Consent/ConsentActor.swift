/// Who expressed a consent event.
public struct ConsentActor: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The kind of actor.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The subject themself.
        case subject
        /// An agent the subject authorized (CCPA §7063).
        case authorizedAgent
        /// A parent or guardian acting for a child (GDPR Art. 8, COPPA).
        case guardian
        /// A migration from another system.
        case importer
        /// The host's own automation (expiry jobs, signal processing).
        case system
    }

    /// The kind of actor.
    public let kind: Kind
    /// The host's reference for the actor (an agent or guardian id), if any;
    /// never a name or other personal detail.
    public let reference: String?

    /// Creates an actor.
    public init(_ kind: Kind, reference: String? = nil) {
        self.kind = kind
        self.reference = reference
    }

    /// The subject acting for themself.
    public static let subject = ConsentActor(.subject)
    /// The host's automation.
    public static let system = ConsentActor(.system)

    public var description: String { reference.map { "\(kind.rawValue)(\($0))" } ?? kind.rawValue }
}
