/// Where a stored attribute about a customer came from.
///
/// Personalization that respects the customer uses what they told you
/// (``zeroParty``) or did with you (``firstParty``); what a model guessed
/// (``inferred``) or another organisation supplied (``thirdParty``) is
/// weaker ground and often needs its own disclosure. Every ``Preference``
/// carries its provenance so ``PreferenceCenter/preferences(of:in:allowedProvenance:)``
/// can hand out only the kinds a host allows.
public enum Provenance: String, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Declared by the customer on purpose: a preference centre, a survey, a
    /// signup form ("zero-party data", Forrester 2018).
    case zeroParty
    /// Observed from the customer's own interactions with this host: orders,
    /// visits, replies.
    case firstParty
    /// Derived by the host (a model, a rule) rather than said or done by the customer.
    case inferred
    /// Obtained from another organisation (a data broker, a partner).
    case thirdParty

    /// What the customer said or did with the host: ``zeroParty`` and ``firstParty``.
    public static let customerOriginated: Set<Provenance> = [.zeroParty, .firstParty]

    /// Orders from most to least direct: zero-party first.
    public static func < (lhs: Provenance, rhs: Provenance) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// A short human-readable form.
    public var description: String { rawValue }
}
