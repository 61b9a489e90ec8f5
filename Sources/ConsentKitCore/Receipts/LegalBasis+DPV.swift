extension LegalBasis {
    /// The DPV legal-basis concept for this basis (see ``DPVTerm``).
    /// ``publicTask`` (GDPR Art. 6(1)(e)) maps to `dpv:PublicInterest`: DPV
    /// has no `dpv:PublicTask`.
    public var dpvTerm: DPVTerm {
        switch self {
        case .consent: .consent
        case .contract: .contract
        case .legalObligation: .legalObligation
        case .vitalInterest: .vitalInterest
        case .publicTask: .publicInterest
        case .legitimateInterest: .legitimateInterest
        }
    }

    /// The DPV EU-GDPR extension's term for the Art. 6(1) point, such as
    /// `eu-gdpr:A6-1-a` for consent.
    public var euGDPRTerm: DPVTerm {
        switch self {
        case .consent: DPVTerm(unchecked: "eu-gdpr:A6-1-a")
        case .contract: DPVTerm(unchecked: "eu-gdpr:A6-1-b")
        case .legalObligation: DPVTerm(unchecked: "eu-gdpr:A6-1-c")
        case .vitalInterest: DPVTerm(unchecked: "eu-gdpr:A6-1-d")
        case .publicTask: DPVTerm(unchecked: "eu-gdpr:A6-1-e")
        case .legitimateInterest: DPVTerm(unchecked: "eu-gdpr:A6-1-f")
        }
    }
}
