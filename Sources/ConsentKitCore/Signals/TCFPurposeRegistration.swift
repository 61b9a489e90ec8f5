/// How a vendor declared a TCF purpose in the Global Vendor List: its default
/// legal basis and whether the publisher may switch it ("flexible").
///
/// A TC string alone cannot say which basis a vendor relies on; pass the
/// vendor's declaration (from the GVL the string's ``TCString/vendorListVersion``
/// names) to ``TCString/isVendorAllowed(vendor:purpose:registration:)``.
/// When unknown, `.consent` is the conservative choice.
public enum TCFPurposeRegistration: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Declared under consent (the GVL vendor's `purposes`), not flexible.
    case consent
    /// Declared under legitimate interest (`legIntPurposes`), not flexible.
    case legitimateInterest
    /// Declared under consent and listed in `flexiblePurposes`: a publisher restriction
    /// may require legitimate interest.
    case flexibleConsent
    /// Declared under legitimate interest and listed in `flexiblePurposes`: a publisher
    /// restriction may require consent.
    case flexibleLegitimateInterest

    /// The registration in words, for example `consent (flexible)`.
    public var description: String {
        switch self {
        case .consent: "consent"
        case .legitimateInterest: "legitimate interest"
        case .flexibleConsent: "consent (flexible)"
        case .flexibleLegitimateInterest: "legitimate interest (flexible)"
        }
    }
}
