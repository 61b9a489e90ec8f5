/// A data category as declared in the catalog.
public struct DataCategoryDefinition: Hashable, Sendable, Codable, Identifiable {
    /// The category's identifier.
    public let id: DataCategory
    /// A plain-language name shown to customers, such as "Contact details".
    public let title: String
    /// Whether this is a special category (GDPR Art. 9: health, biometrics,
    /// beliefs, sex life, ...) or CPRA "sensitive personal information".
    /// Purposes using it need explicit consent.
    public let isSpecial: Bool

    /// Declares a category.
    public init(_ id: DataCategory, title: String, isSpecial: Bool = false) {
        self.id = id
        self.title = title
        self.isSpecial = isSpecial
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, isSpecial
    }

    /// Decodes a category; `isSpecial` defaults to `false`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(DataCategory.self, forKey: .id),
            title: try container.decode(String.self, forKey: .title),
            isSpecial: try container.decodeIfPresent(Bool.self, forKey: .isSpecial) ?? false)
    }

    /// Encodes the category, omitting `isSpecial` when false.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        if isSpecial { try container.encode(true, forKey: .isSpecial) }
    }
}
