#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The purposes and data categories a host declares, once, validated as a whole.
///
/// Every module reads the same catalog, so a purpose's consent, allowed
/// fields, retention and masking cannot drift apart. Build it in Swift or
/// decode it from JSON; either way every problem is reported at once.
///
/// ```swift
/// let catalog = try PrivacyCatalog(
///     categories: [DataCategoryDefinition(try DataCategory("contact"), title: "Contact details")],
///     purposes: [Purpose(try PurposeID("newsletter"), title: "Newsletter",
///                        description: "We email you our news, at most weekly.",
///                        legalBasis: .consent, categories: [try DataCategory("contact")],
///                        fields: [try FieldPath("contact.email")],
///                        notice: try NoticeID("newsletter-signup"))])
/// ```
public struct PrivacyCatalog: Hashable, Sendable, Codable {
    /// The largest JSON catalog ``init(json:)`` reads, in bytes.
    public static let maximumJSONByteCount = 4 << 20

    /// The declared data categories.
    public let categories: [DataCategoryDefinition]
    /// The declared purposes, in declaration order; a ``PurposeHandle`` indexes this array.
    public let purposes: [Purpose]

    private let handles: [PurposeID: PurposeHandle]
    private let categoryIndex: [DataCategory: Int]

    private enum CodingKeys: String, CodingKey {
        case categories, purposes
    }

    /// Builds and validates a catalog.
    /// - Throws: ``CatalogError`` listing every problem: duplicate ids, unknown
    ///   categories, consent purposes without a notice, special-category data
    ///   under a basis other than consent, empty titles or descriptions.
    public init(categories: [DataCategoryDefinition], purposes: [Purpose]) throws(CatalogError) {
        var problems: [CatalogError.Problem] = []
        var categoryIndex: [DataCategory: Int] = [:]
        for (index, category) in categories.enumerated() {
            if categoryIndex[category.id] != nil {
                problems.append(
                    .init(
                        code: .duplicateCategory, location: "categories[\(index)]",
                        message: "category \"\(category.id)\" is declared more than once"))
            } else {
                categoryIndex[category.id] = index
            }
            if category.title.isEmpty {
                problems.append(
                    .init(code: .missingText, location: "categories[\(index)]", message: "category \"\(category.id)\" has no title"))
            }
        }
        var handles: [PurposeID: PurposeHandle] = [:]
        for (index, purpose) in purposes.enumerated() {
            let location = "purposes[\(index)] (\"\(purpose.id)\")"
            if handles[purpose.id] != nil {
                problems.append(
                    .init(code: .duplicatePurpose, location: location, message: "purpose id is declared more than once"))
            } else {
                handles[purpose.id] = PurposeHandle(index: index)
            }
            if purpose.title.isEmpty {
                problems.append(.init(code: .missingText, location: location, message: "the purpose has no title"))
            }
            if purpose.description.isEmpty {
                problems.append(.init(code: .missingText, location: location, message: "the purpose has no description"))
            }
            for category in purpose.categories.sorted() {
                guard let known = categoryIndex[category] else {
                    problems.append(
                        .init(
                            code: .unknownCategory, location: location,
                            message: "category \"\(category)\" is not declared in the catalog"))
                    continue
                }
                if categories[known].isSpecial && purpose.legalBasis != .consent {
                    problems.append(
                        .init(
                            code: .specialCategoryWithoutConsent, location: location,
                            message:
                                "special category \"\(category)\" needs explicit consent, but the legal basis is \(purpose.legalBasis)"
                        ))
                }
            }
            if purpose.legalBasis == .consent && purpose.notice == nil {
                problems.append(
                    .init(
                        code: .consentPurposeWithoutNotice, location: location,
                        message: "consent must be informed: name the notice that describes this purpose"))
            }
        }
        guard problems.isEmpty else { throw CatalogError(problems: problems) }
        self.categories = categories
        self.purposes = purposes
        self.handles = handles
        self.categoryIndex = categoryIndex
    }

    /// Decodes a catalog from JSON (`{"categories": [...], "purposes": [...]}`) and validates it.
    /// - Throws: ``CatalogError`` with a `.tooLarge` or `.malformedJSON` problem naming
    ///   the coding path, or the validation problems of ``init(categories:purposes:)``.
    public init(json: Data) throws(CatalogError) {
        guard json.count <= Self.maximumJSONByteCount else {
            throw CatalogError(problems: [
                .init(
                    code: .tooLarge, location: "catalog",
                    message: "the JSON is \(json.count) bytes; the limit is \(Self.maximumJSONByteCount)")
            ])
        }
        let decoded: Declaration
        do {
            decoded = try JSONDecoder().decode(Declaration.self, from: json)
        } catch let error as DecodingError {
            throw CatalogError(problems: [Self.problem(from: error)])
        } catch {
            throw CatalogError(problems: [.init(code: .malformedJSON, location: "catalog", message: "\(error)")])
        }
        try self.init(categories: decoded.categories, purposes: decoded.purposes)
    }

    /// Decodes like ``init(json:)``.
    public init(from decoder: any Decoder) throws {
        let declaration = try Declaration(from: decoder)
        try self.init(categories: declaration.categories, purposes: declaration.purposes)
    }

    /// Encodes `{"categories": [...], "purposes": [...]}`.
    public func encode(to encoder: any Encoder) throws {
        try Declaration(categories: categories, purposes: purposes).encode(to: encoder)
    }

    /// The handle of a purpose, or `nil` when the catalog does not declare it.
    public func handle(for id: PurposeID) -> PurposeHandle? {
        handles[id]
    }

    /// The purpose with `id`, or `nil` when the catalog does not declare it.
    public func purpose(_ id: PurposeID) -> Purpose? {
        handles[id].map { purposes[$0.index] }
    }

    /// The purpose a handle stands for.
    public subscript(handle: PurposeHandle) -> Purpose {
        purposes[handle.index]
    }

    /// The declaration of a category, or `nil` when it is not declared.
    public func category(_ id: DataCategory) -> DataCategoryDefinition? {
        categoryIndex[id].map { categories[$0] }
    }

    /// Whether `purpose` uses any special category (GDPR Art. 9), and so needs explicit consent.
    public func usesSpecialCategories(_ purpose: Purpose) -> Bool {
        purpose.categories.contains { category($0)?.isSpecial ?? false }
    }

    public static func == (lhs: PrivacyCatalog, rhs: PrivacyCatalog) -> Bool {
        lhs.categories == rhs.categories && lhs.purposes == rhs.purposes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(categories)
        hasher.combine(purposes)
    }

    private struct Declaration: Codable {
        var categories: [DataCategoryDefinition]
        var purposes: [Purpose]
    }

    private static func problem(from error: DecodingError) -> CatalogError.Problem {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty
                ? "catalog"
                : codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                    .trimmingPrefix(".").description
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .init(
                code: .malformedJSON, location: path(context.codingPath),
                message: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return .init(
                code: .malformedJSON, location: path(context.codingPath), message: "missing \(type) value")
        case .keyNotFound(let key, let context):
            return .init(
                code: .malformedJSON, location: path(context.codingPath), message: "missing key \"\(key.stringValue)\"")
        case .dataCorrupted(let context):
            return .init(code: .malformedJSON, location: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return .init(code: .malformedJSON, location: "catalog", message: "\(error)")
        }
    }
}
