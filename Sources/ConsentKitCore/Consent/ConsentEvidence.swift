/// Proof of how and where a consent event was captured, minimized: no raw IP
/// address, no raw user agent. Produce it with ``EvidenceMinimizer``.
public struct ConsentEvidence: Hashable, Sendable, Codable {
    /// Keyed hash (HMAC-SHA256, hex) of the client's IP address: matches the
    /// same address later, reveals nothing without the key.
    public var networkHash: String?
    /// The IP address truncated to its network (IPv4 /24, IPv6 /48).
    public var networkPrefix: String?
    /// Keyed hash of the user agent.
    public var userAgentHash: String?
    /// SHA-256 (hex) of a consent signal string (TC string, GPP string) the event came from.
    public var signalHash: String?
    /// The host's identifier of the form or screen shown.
    public var formReference: String?

    /// Evidence with the given parts.
    public init(
        networkHash: String? = nil, networkPrefix: String? = nil, userAgentHash: String? = nil,
        signalHash: String? = nil, formReference: String? = nil
    ) {
        self.networkHash = networkHash
        self.networkPrefix = networkPrefix
        self.userAgentHash = userAgentHash
        self.signalHash = signalHash
        self.formReference = formReference
    }

    /// No evidence beyond the event itself.
    public static let none = ConsentEvidence()
}
