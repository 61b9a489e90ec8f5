/// The lawful basis a purpose relies on (GDPR Art. 6(1)).
///
/// Only ``consent`` makes processing depend on what the subject said; under
/// ``legitimateInterest`` the subject may object (Art. 21); the other bases
/// do not ask the subject at all.
public enum LegalBasis: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Art. 6(1)(a): the subject agreed.
    case consent
    /// Art. 6(1)(b): needed to perform a contract with the subject.
    case contract
    /// Art. 6(1)(c): required by law.
    case legalObligation
    /// Art. 6(1)(d): protects someone's life.
    case vitalInterest
    /// Art. 6(1)(e): a task in the public interest.
    case publicTask
    /// Art. 6(1)(f): the controller's legitimate interest, balanced against the subject's.
    case legitimateInterest

    public var description: String { rawValue }
}
