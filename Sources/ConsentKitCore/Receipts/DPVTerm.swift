/// A concept of the W3C Data Privacy Vocabulary (DPV), such as `dpv:Consent`
/// or `dpv:Marketing`, in compact form.
///
/// Consent receipts name legal bases, purpose categories, consent types and
/// consent states with DPV terms where one fits, so any DPV-aware system can
/// read them. The constants below were checked, name by name, against the
/// DPV 2.3 release (`2.3/dpv/dpv.ttl` in github.com/w3c/dpv, DPVCG Final
/// Community Group Report of 2026-02-25; namespace `https://w3id.org/dpv#`)
/// and the EU GDPR extension (`2.3/legal/eu/gdpr/eu-gdpr.ttl`, namespace
/// `https://w3id.org/dpv/legal/eu/gdpr#`). DPV has no `dpv:PublicTask`:
/// GDPR Art. 6(1)(e) maps to ``publicInterest`` or
/// ``officialAuthorityOfController``, and to `eu-gdpr:A6-1-e`.
public struct DPVTerm: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The prefixes a term may use, with their namespaces.
    public static let namespaces: [String: String] = [
        "dpv": "https://w3id.org/dpv#",
        "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
        "pd": "https://w3id.org/dpv/pd#",
    ]

    /// The compact form, such as `dpv:Marketing`.
    public let compactIRI: String

    /// Wraps a compact term `prefix:LocalName` whose prefix is one of ``namespaces``.
    /// - Throws: ``ValidationError`` `.invalidFormat` naming the term.
    public init(_ compactIRI: String) throws(ValidationError) {
        let parts = compactIRI.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, Self.namespaces[String(parts[0])] != nil, !parts[1].isEmpty,
            parts[1].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") })
        else {
            throw ValidationError(
                code: .invalidFormat, kind: "DPVTerm",
                message: "\(compactIRI.debugDescription) is not prefix:LocalName with a prefix among \(Self.namespaces.keys.sorted())")
        }
        self.compactIRI = compactIRI
    }

    /// Wraps a term known to be valid (the constants, mappings built from them).
    init(unchecked compactIRI: String) {
        self.compactIRI = compactIRI
    }

    /// The full IRI, such as `https://w3id.org/dpv#Marketing`.
    public var iri: String {
        let parts = compactIRI.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let namespace = Self.namespaces[String(parts[0])] else { return compactIRI }
        return namespace + parts[1]
    }

    /// Decodes a compact term and validates it like ``init(_:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the compact form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(compactIRI)
    }

    /// Orders by compact form.
    public static func < (lhs: DPVTerm, rhs: DPVTerm) -> Bool { lhs.compactIRI < rhs.compactIRI }

    /// A short human-readable form.
    public var description: String { compactIRI }

    // MARK: Legal bases (dpv:LegalBasis)

    /// `dpv:Consent`: consent of the data subject.
    public static let consent = DPVTerm(unchecked: "dpv:Consent")
    /// `dpv:Contract`: creation, completion, fulfilment or performance of a contract.
    public static let contract = DPVTerm(unchecked: "dpv:Contract")
    /// `dpv:LegalObligation`: a legal obligation to conduct the activities.
    public static let legalObligation = DPVTerm(unchecked: "dpv:LegalObligation")
    /// `dpv:VitalInterest`: protecting vital interests of a data subject or another natural person.
    public static let vitalInterest = DPVTerm(unchecked: "dpv:VitalInterest")
    /// `dpv:PublicInterest`: necessary or beneficial for the interest of the public.
    public static let publicInterest = DPVTerm(unchecked: "dpv:PublicInterest")
    /// `dpv:OfficialAuthorityOfController`: official authority vested in the controller.
    public static let officialAuthorityOfController = DPVTerm(unchecked: "dpv:OfficialAuthorityOfController")
    /// `dpv:LegitimateInterest`: legitimate interests of a party.
    public static let legitimateInterest = DPVTerm(unchecked: "dpv:LegitimateInterest")

    // MARK: Purposes (dpv:Purpose taxonomy), for purpose_type / purposeCategory

    /// `dpv:ServiceProvision`: providing a service, product or activity.
    public static let serviceProvision = DPVTerm(unchecked: "dpv:ServiceProvision")
    /// `dpv:ServiceOptimisation`: optimising services or activities.
    public static let serviceOptimisation = DPVTerm(unchecked: "dpv:ServiceOptimisation")
    /// `dpv:ServicePersonalisation`: personalisation within services.
    public static let servicePersonalisation = DPVTerm(unchecked: "dpv:ServicePersonalisation")
    /// `dpv:ServiceUsageAnalytics`: analysing and reporting on the use of services.
    public static let serviceUsageAnalytics = DPVTerm(unchecked: "dpv:ServiceUsageAnalytics")
    /// `dpv:Marketing`: promoting, selling and distributing products or services.
    public static let marketing = DPVTerm(unchecked: "dpv:Marketing")
    /// `dpv:DirectMarketing`: marketing communicated directly to the individual.
    public static let directMarketing = DPVTerm(unchecked: "dpv:DirectMarketing")
    /// `dpv:Advertising`: advertising.
    public static let advertising = DPVTerm(unchecked: "dpv:Advertising")
    /// `dpv:PersonalisedAdvertising`: creating and providing personalised advertising.
    public static let personalisedAdvertising = DPVTerm(unchecked: "dpv:PersonalisedAdvertising")
    /// `dpv:SellDataToThirdParties`: selling or sharing data with third parties.
    public static let sellDataToThirdParties = DPVTerm(unchecked: "dpv:SellDataToThirdParties")
    /// `dpv:CommunicationManagement`: providing or managing communication.
    public static let communicationManagement = DPVTerm(unchecked: "dpv:CommunicationManagement")
    /// `dpv:CustomerCare`: assistance, resolving issues, satisfaction.
    public static let customerCare = DPVTerm(unchecked: "dpv:CustomerCare")
    /// `dpv:AccountManagement`: creating, providing and managing accounts.
    public static let accountManagement = DPVTerm(unchecked: "dpv:AccountManagement")
    /// `dpv:FulfilmentOfContractualObligation`: fulfilling a contractual obligation.
    public static let fulfilmentOfContractualObligation = DPVTerm(unchecked: "dpv:FulfilmentOfContractualObligation")
    /// `dpv:FraudPreventionAndDetection`: detecting, preventing and mitigating fraud.
    public static let fraudPreventionAndDetection = DPVTerm(unchecked: "dpv:FraudPreventionAndDetection")
    /// `dpv:EnforceSecurity`: ensuring and enforcing security.
    public static let enforceSecurity = DPVTerm(unchecked: "dpv:EnforceSecurity")
    /// `dpv:LegalCompliance`: fulfilling a legal or statutory obligation.
    public static let legalCompliance = DPVTerm(unchecked: "dpv:LegalCompliance")

    // MARK: Consent types (dpv:ConsentType), for event_type

    /// `dpv:ExpressedConsent`: expressed through an action intended to convey a consenting decision.
    public static let expressedConsent = DPVTerm(unchecked: "dpv:ExpressedConsent")
    /// `dpv:ExplicitlyExpressedConsent`: expressed through an explicit action solely conveying it.
    public static let explicitlyExpressedConsent = DPVTerm(unchecked: "dpv:ExplicitlyExpressedConsent")
    /// `dpv:ImpliedConsent`: implied by an action not solely conveying a consenting decision.
    public static let impliedConsent = DPVTerm(unchecked: "dpv:ImpliedConsent")

    // MARK: Consent states (dpv:ConsentStatus), for event_state

    /// `dpv:ConsentGiven`.
    public static let consentGiven = DPVTerm(unchecked: "dpv:ConsentGiven")
    /// `dpv:ConsentRefused`.
    public static let consentRefused = DPVTerm(unchecked: "dpv:ConsentRefused")
    /// `dpv:ConsentWithdrawn`.
    public static let consentWithdrawn = DPVTerm(unchecked: "dpv:ConsentWithdrawn")
    /// `dpv:ConsentExpired`.
    public static let consentExpired = DPVTerm(unchecked: "dpv:ConsentExpired")
    /// `dpv:ConsentInvalidated`: deemed invalid (here: the notice changed materially).
    public static let consentInvalidated = DPVTerm(unchecked: "dpv:ConsentInvalidated")
    /// `dpv:ConsentUnknown`: no information about consent is available.
    public static let consentUnknown = DPVTerm(unchecked: "dpv:ConsentUnknown")

    // MARK: Entities

    /// `dpv:DataController`.
    public static let dataController = DPVTerm(unchecked: "dpv:DataController")

    // MARK: Mappings

    /// The consent state an event of `kind` puts its purposes in; `nil` for
    /// an objection, which is not a consent state (it ends legitimate-interest
    /// processing, GDPR Art. 21).
    public static func consentStatus(after kind: ConsentEventKind) -> DPVTerm? {
        switch kind {
        case .grant: consentGiven
        case .deny: consentRefused
        case .withdraw: consentWithdrawn
        case .expire: consentExpired
        case .object: nil
        }
    }

    /// The consent state a decision stands for; `nil` when the purpose does
    /// not rest on consent (another legal basis, an objection, an unknown purpose).
    public static func consentStatus(for reason: ConsentDecision.Reason) -> DPVTerm? {
        switch reason {
        case .granted, .grantedBySignal, .grantUpheldByFinancialIncentive: consentGiven
        case .denied, .deniedBySignal: consentRefused
        case .withdrawn, .optOutSignal: consentWithdrawn
        case .expired: consentExpired
        case .reconsentNeeded: consentInvalidated
        case .noRecord, .notOptedOut, .minorWithoutOptIn: consentUnknown
        default: nil
        }
    }

    /// The type of consent a grant expressed with `method` is: explicitly
    /// expressed (GDPR Art. 9(2)(a) grade), expressed (an affirmative act), or
    /// implied (never accepted for a grant by the ledger).
    public static func consentType(of method: ConsentMethod) -> DPVTerm {
        method.isExplicit ? explicitlyExpressedConsent : method.isAffirmative ? expressedConsent : impliedConsent
    }
}
