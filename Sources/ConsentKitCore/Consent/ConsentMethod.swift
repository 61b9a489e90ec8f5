/// How a consent event was expressed. Consent must be an unambiguous,
/// affirmative act (GDPR Art. 4(11), recital 32; CCPA §7004): the ledger
/// refuses a grant whose method is not affirmative, and a grant for a purpose
/// over special-category data unless the method is explicit (Art. 9(2)(a)).
public enum ConsentMethod: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The subject clicked a clearly labelled button or ticked an unticked box.
    case affirmativeAction
    /// A dedicated express statement naming the purpose and data, such as a
    /// separate checkbox "I agree to the processing of my health data for ...".
    case explicitStatement
    /// The subject confirmed through a second step (email confirmation link).
    case doubleOptIn
    /// A signed paper or electronic form.
    case signedForm
    /// A recorded verbal statement (call center).
    case recordedVerbal
    /// A preference centre where each purpose is switched on or off.
    case preferenceCenter
    /// An IAB TCF consent string from a consent-management platform.
    case tcfString
    /// An IAB GPP string.
    case gppString
    /// A Global Privacy Control signal (`Sec-GPC: 1`): an opt-out only.
    case globalPrivacyControl
    /// Migrated from an earlier system, with its own proof.
    case imported
    /// Inferred from behaviour ("by continuing to browse ..."): not consent.
    case implicit
    /// A box ticked in advance: not consent (CJEU C-673/17 Planet49).
    case preTickedBox
    /// A default setting the subject did not change: not consent.
    case defaultSetting

    /// Whether the method is an affirmative act that can express a grant.
    public var isAffirmative: Bool {
        switch self {
        case .implicit, .preTickedBox, .defaultSetting, .globalPrivacyControl: false
        default: true
        }
    }

    /// Whether the method meets the higher bar of explicit consent needed for
    /// special categories (EDPB Guidelines 05/2020 §4).
    public var isExplicit: Bool {
        switch self {
        case .explicitStatement, .doubleOptIn, .signedForm, .recordedVerbal: true
        default: false
        }
    }

    public var description: String { rawValue }
}
