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

    private enum CodingKeys: String, CodingKey {
        case id, title, description, iconName, legalBasis, categories, fields, retention, defaults
        case isSaleOrSharing, consentLifetime, notice
    }

    /// Decodes a purpose. Only `id`, `title`, `description` and `legalBasis`
    /// are required; the rest default as in ``init(_:title:description:iconName:legalBasis:categories:fields:retention:defaults:isSaleOrSharing:consentLifetime:notice:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(PurposeID.self, forKey: .id),
            title: try container.decode(String.self, forKey: .title),
            description: try container.decode(String.self, forKey: .description),
            iconName: try container.decodeIfPresent(String.self, forKey: .iconName),
            legalBasis: try container.decode(LegalBasis.self, forKey: .legalBasis),
            categories: try container.decodeIfPresent(Set<DataCategory>.self, forKey: .categories) ?? [],
            fields: try container.decodeIfPresent([FieldPath].self, forKey: .fields) ?? [],
            retention: try container.decodeIfPresent(RetentionPeriod.self, forKey: .retention),
            defaults: try container.decodeIfPresent([String: ConsentDefault].self, forKey: .defaults) ?? [:],
            isSaleOrSharing: try container.decodeIfPresent(Bool.self, forKey: .isSaleOrSharing) ?? false,
            consentLifetime: try container.decodeIfPresent(RetentionPeriod.Duration.self, forKey: .consentLifetime),
            notice: try container.decodeIfPresent(NoticeID.self, forKey: .notice))
    }

    /// Encodes the purpose with sets in sorted order and unset optional
    /// values omitted, so the same catalog always encodes to the same bytes
    /// (with `JSONEncoder.OutputFormatting.sortedKeys`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encodeIfPresent(iconName, forKey: .iconName)
        try container.encode(legalBasis, forKey: .legalBasis)
        if !categories.isEmpty { try container.encode(categories.sorted(), forKey: .categories) }
        if !fields.isEmpty { try container.encode(fields, forKey: .fields) }
        try container.encodeIfPresent(retention, forKey: .retention)
        if !defaults.isEmpty { try container.encode(defaults, forKey: .defaults) }
        if isSaleOrSharing { try container.encode(true, forKey: .isSaleOrSharing) }
        try container.encodeIfPresent(consentLifetime, forKey: .consentLifetime)
        try container.encodeIfPresent(notice, forKey: .notice)
    }

    /// The default that applies in `jurisdiction`: the declared one, else opt-in.
    public func consentDefault(in jurisdiction: Jurisdiction) -> ConsentDefault {
        defaults[jurisdiction.id] ?? .optIn
    }
}
