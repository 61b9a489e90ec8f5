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
}
