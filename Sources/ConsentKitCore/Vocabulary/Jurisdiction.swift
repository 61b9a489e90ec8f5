/// The privacy regime a subject is under, with the rules ConsentKit applies
/// for it. Two are built in, ``gdpr`` and ``ccpa``; hosts add others (a US
/// state, Brazil's LGPD, a GDPR member state's own age of consent) by
/// creating a value with their own rules.
public struct Jurisdiction: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A stable name, for example `"gdpr"`, used in events and explanations.
    public let id: String
    /// Whether the regime honours an opt-out preference signal such as Global
    /// Privacy Control as an opt-out of sale and sharing (CCPA regs §7025).
    public let honorsOptOutSignals: Bool
    /// Below this age a parent or guardian must act for the subject
    /// (GDPR Art. 8: 13 to 16 by member state; COPPA/CCPA: 13).
    public let guardianRequiredBelowAge: Int
    /// Below this age sale or sharing needs an affirmative opt-in even where
    /// adults are opted in by default (CCPA §1798.120(c): 16). Zero when the
    /// regime has no such rule.
    public let saleOptInRequiredBelowAge: Int
    /// How long, in days, a business must wait after an opt-out before asking
    /// the subject to opt back in (CCPA §1798.135(c)(4): 12 months), or `nil`.
    public let reAskDelayDaysAfterOptOut: Int?

    /// Creates a jurisdiction with its own rules.
    public init(
        id: String,
        honorsOptOutSignals: Bool,
        guardianRequiredBelowAge: Int,
        saleOptInRequiredBelowAge: Int = 0,
        reAskDelayDaysAfterOptOut: Int? = nil
    ) {
        self.id = id
        self.honorsOptOutSignals = honorsOptOutSignals
        self.guardianRequiredBelowAge = guardianRequiredBelowAge
        self.saleOptInRequiredBelowAge = saleOptInRequiredBelowAge
        self.reAskDelayDaysAfterOptOut = reAskDelayDaysAfterOptOut
    }

    /// EU, EEA and UK GDPR with the Art. 8 default age of 16. For a member
    /// state with a lower age, use ``gdpr(ageOfDigitalConsent:)``.
    public static let gdpr = Jurisdiction.gdpr(ageOfDigitalConsent: 16)

    /// GDPR with a member state's age of digital consent (13 to 16).
    public static func gdpr(ageOfDigitalConsent age: Int) -> Jurisdiction {
        Jurisdiction(id: age == 16 ? "gdpr" : "gdpr-\(age)", honorsOptOutSignals: false, guardianRequiredBelowAge: age)
    }

    /// California (CCPA as amended by the CPRA): GPC is an opt-out of sale and
    /// sharing, parents act under 13, 13-15 year-olds opt in themselves, and an
    /// opted-out consumer is not asked again for 12 months.
    public static let ccpa = Jurisdiction(
        id: "ccpa", honorsOptOutSignals: true, guardianRequiredBelowAge: 13, saleOptInRequiredBelowAge: 16,
        reAskDelayDaysAfterOptOut: 365)

    public var description: String { id }
}
