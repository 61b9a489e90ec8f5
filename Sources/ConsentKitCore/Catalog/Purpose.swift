/// One purpose personal data is processed for, declared once in the
/// ``PrivacyCatalog`` and read by every module: its consent, the fields it may
/// use, how long its data lives and what each role sees.
public struct Purpose: Hashable, Sendable, Codable, Identifiable {
    /// The purpose's identifier.
    public let id: PurposeID
    /// A short plain-language title, such as "Newsletter".
    public let title: String
    /// What the purpose does with the data, in words a customer understands.
    public let description: String
    /// An SF Symbol or icon-font name a consent screen can show.
    public let iconName: String?
    /// The lawful basis the purpose relies on.
    public let legalBasis: LegalBasis
    /// The data categories the purpose may use.
    public let categories: Set<DataCategory>
    /// The fields the purpose may use; minimization keeps exactly these.
    public let fields: [FieldPath]
    /// How long data kept for this purpose may live, or `nil` when the
    /// retention rules decide elsewhere.
    public let retention: RetentionPeriod?
    /// The default per jurisdiction id; jurisdictions not listed are opt-in
    /// (privacy by default).
    public let defaults: [String: ConsentDefault]
    /// Whether the purpose sells or shares personal data (CCPA "sale/share"),
    /// which opt-out signals such as GPC switch off.
    public let isSaleOrSharing: Bool
    /// How long a consent stays valid after it is given, or `nil` for no
    /// expiry (some regulators expect renewal after 13 months for tracking).
    public let consentLifetime: RetentionPeriod.Duration?
    /// The notice that informs customers about this purpose; required when
    /// the legal basis is consent.
    public let notice: NoticeID?

    /// Declares a purpose.
    public init(
        _ id: PurposeID,
        title: String,
        description: String,
        iconName: String? = nil,
        legalBasis: LegalBasis,
        categories: Set<DataCategory> = [],
        fields: [FieldPath] = [],
        retention: RetentionPeriod? = nil,
        defaults: [String: ConsentDefault] = [:],
        isSaleOrSharing: Bool = false,
        consentLifetime: RetentionPeriod.Duration? = nil,
        notice: NoticeID? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.iconName = iconName
        self.legalBasis = legalBasis
        self.categories = categories
        self.fields = fields
        self.retention = retention
        self.defaults = defaults
        self.isSaleOrSharing = isSaleOrSharing
        self.consentLifetime = consentLifetime
        self.notice = notice
    }

    /// The default that applies in `jurisdiction`: the declared one, else opt-in.
    public func consentDefault(in jurisdiction: Jurisdiction) -> ConsentDefault {
        defaults[jurisdiction.id] ?? .optIn
    }
}
