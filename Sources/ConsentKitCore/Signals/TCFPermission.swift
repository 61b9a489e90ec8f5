/// The answer to "may vendor V process for purpose P under this TC string?",
/// with the reason, so every decision can explain itself.
///
/// A plain value: comparing, hashing and producing one never allocate.
public struct TCFPermission: Sendable, Hashable, CustomStringConvertible {
    /// The legal basis a decision was made on.
    public enum Basis: Sendable, Hashable, CustomStringConvertible {
        /// The user's consent (purpose and vendor bits).
        case consent
        /// The vendor's legitimate interest (purpose and vendor transparency bits, not objected to).
        case legitimateInterest
        /// A special purpose, which needs no consent and allows no objection, only disclosure.
        case specialPurpose

        /// The basis's name, for example `legitimate interest`.
        public var description: String {
            switch self {
            case .consent: "consent"
            case .legitimateInterest: "legitimate interest"
            case .specialPurpose: "special purpose"
            }
        }
    }

    /// Why the answer is what it is. Opaque, so new reasons can be added;
    /// compare with the static values.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case consentGiven, legitimateInterestEstablished, specialPurposeDisclosed
            case notServiceSpecific, invalidPurpose, invalidVendor
            case notAllowedByPublisher, publisherRequiresOtherBasis, conflictingRestrictions
            case legitimateInterestNotAllowed, purposeOneNotDisclosed
            case noPurposeConsent, noVendorConsent, noPurposeLegitimateInterest, noVendorLegitimateInterest
            case vendorNotDisclosed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Allowed: the user consented to the purpose and to the vendor.
        public static let consentGiven = Reason(.consentGiven)
        /// Allowed: legitimate interest was established for the purpose and the vendor, and not objected to.
        public static let legitimateInterestEstablished = Reason(.legitimateInterestEstablished)
        /// Allowed: the vendor was disclosed to the user, which is all a special purpose needs.
        public static let specialPurposeDisclosed = Reason(.specialPurposeDisclosed)
        /// Denied: a global-scope string (`IsServiceSpecific` = 0), invalid since September 2021.
        public static let notServiceSpecific = Reason(.notServiceSpecific)
        /// Denied: the purpose number is outside 1...24 (special purposes: below 1).
        public static let invalidPurpose = Reason(.invalidPurpose)
        /// Denied: the vendor ID is outside 1...65,535.
        public static let invalidVendor = Reason(.invalidVendor)
        /// Denied: a publisher restriction of type 0 forbids the purpose for this vendor.
        public static let notAllowedByPublisher = Reason(.notAllowedByPublisher)
        /// Denied: the publisher requires a legal basis the vendor did not declare as flexible.
        public static let publisherRequiresOtherBasis = Reason(.publisherRequiresOtherBasis)
        /// Denied: the publisher requires both consent and legitimate interest for this vendor and purpose.
        public static let conflictingRestrictions = Reason(.conflictingRestrictions)
        /// Denied: legitimate interest cannot be used for this purpose: purpose 1 always needs consent,
        /// and under TCF 2.2 (policy version 4 or later) neither can purposes 3–6.
        public static let legitimateInterestNotAllowed = Reason(.legitimateInterestNotAllowed)
        /// Denied: purpose 1 was not disclosed (`PurposeOneTreatment`), so there is no consent for it;
        /// whether that jurisdiction needs it is for the vendor to decide from ``TCString/publisherCountryCode``.
        public static let purposeOneNotDisclosed = Reason(.purposeOneNotDisclosed)
        /// Denied: no consent for the purpose.
        public static let noPurposeConsent = Reason(.noPurposeConsent)
        /// Denied: consent for the purpose but not for the vendor.
        public static let noVendorConsent = Reason(.noVendorConsent)
        /// Denied: no legitimate-interest transparency for the purpose, or the user objected.
        public static let noPurposeLegitimateInterest = Reason(.noPurposeLegitimateInterest)
        /// Denied: no legitimate-interest transparency for the vendor, or the user objected.
        public static let noVendorLegitimateInterest = Reason(.noVendorLegitimateInterest)
        /// Denied: the vendor was not disclosed to the user, so it may not use special purposes.
        public static let vendorNotDisclosed = Reason(.vendorNotDisclosed)

        /// The reason's name, for example `consentGiven`.
        public var description: String { String(describing: base) }
    }

    /// Whether the vendor may process for the purpose.
    public let isAllowed: Bool
    /// Why.
    public let reason: Reason
    /// The legal basis that was checked, after publisher restrictions; `nil` when the
    /// answer came before a basis was chosen (invalid input, global scope, a type-0 restriction).
    public let basis: Basis?
    /// The publisher restriction type that applied to this vendor and purpose, if any.
    public let restriction: TCFPublisherRestriction.RestrictionType?
    /// The vendor asked about.
    public let vendor: Int
    /// The purpose (or special purpose) asked about.
    public let purpose: Int

    /// Creates an answer; ``TCString`` produces them.
    public init(
        isAllowed: Bool, reason: Reason, basis: Basis?, restriction: TCFPublisherRestriction.RestrictionType?,
        vendor: Int, purpose: Int
    ) {
        self.isAllowed = isAllowed
        self.reason = reason
        self.basis = basis
        self.restriction = restriction
        self.vendor = vendor
        self.purpose = purpose
    }

    /// For example `vendor 28, purpose 2: allowed (consentGiven, basis consent)`.
    public var description: String {
        var detail = "\(reason)"
        if let basis { detail += ", basis \(basis)" }
        if let restriction { detail += ", publisher restriction: \(restriction)" }
        return "vendor \(vendor), purpose \(purpose): \(isAllowed ? "allowed" : "denied") (\(detail))"
    }
}
