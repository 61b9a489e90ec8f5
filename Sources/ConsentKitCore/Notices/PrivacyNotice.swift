import ConsentKitCrypto

/// One version of a privacy notice: what a customer was shown when asked.
///
/// Layered, as regulators recommend: a short ``summary`` on the consent
/// screen and the ``fullText`` one tap away. The ``terms`` say, per purpose,
/// what the notice promised — legal basis, data categories, recipients — and
/// are what ``NoticeDiff`` compares to decide whether a new version changes
/// anything material. The ``contentHash`` pins the exact wording: a consent
/// event stores it, so proof of consent names the very text shown.
public struct PrivacyNotice: Hashable, Sendable, Codable {
    /// What the notice says about one purpose.
    public struct PurposeTerms: Hashable, Sendable, Codable {
        /// The purpose described.
        public let purpose: PurposeID
        /// The legal basis announced for it.
        public let legalBasis: LegalBasis
        /// The data categories announced for it.
        public let categories: Set<DataCategory>
        /// Who receives the data (processors, partners), by name.
        public let recipients: Set<String>

        /// Describes one purpose's terms.
        public init(
            purpose: PurposeID, legalBasis: LegalBasis, categories: Set<DataCategory> = [], recipients: Set<String> = []
        ) {
            self.purpose = purpose
            self.legalBasis = legalBasis
            self.categories = categories
            self.recipients = recipients
        }

        private enum CodingKeys: String, CodingKey {
            case purpose, legalBasis, categories, recipients
        }

        /// Decodes terms; `categories` and `recipients` default to empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                purpose: try container.decode(PurposeID.self, forKey: .purpose),
                legalBasis: try container.decode(LegalBasis.self, forKey: .legalBasis),
                categories: try container.decodeIfPresent(Set<DataCategory>.self, forKey: .categories) ?? [],
                recipients: try container.decodeIfPresent(Set<String>.self, forKey: .recipients) ?? [])
        }

        /// Encodes terms with sets sorted, so the encoding is stable.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(purpose, forKey: .purpose)
            try container.encode(legalBasis, forKey: .legalBasis)
            try container.encode(categories.sorted(), forKey: .categories)
            try container.encode(recipients.sorted(), forKey: .recipients)
        }
    }

    /// Which notice this is a version of.
    public let id: NoticeID
    /// The version number, starting at 1 and growing by one per publication.
    public let version: Int
    /// The language of the text, as a BCP 47 tag such as `en` or `de-CH`.
    public let language: String
    /// The short layer shown on the consent screen.
    public let summary: String
    /// The complete text.
    public let fullText: String
    /// What the notice announces per purpose.
    public let terms: [PurposeTerms]

    /// Creates a notice version.
    public init(id: NoticeID, version: Int, language: String = "en", summary: String, fullText: String, terms: [PurposeTerms]) {
        self.id = id
        self.version = version
        self.language = language
        self.summary = summary
        self.fullText = fullText
        self.terms = terms
    }

    /// SHA-256 over an unambiguous encoding of the id, version, language,
    /// both text layers and the terms (each field length-prefixed, sets in
    /// sorted order), as 64 lower-case hex digits. Stable across releases:
    /// the encoding is versioned by its leading tag.
    public var contentHash: String {
        var hasher = SHA256()
        func field(_ text: String) {
            var length = UInt64(text.utf8.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update($0) }
            hasher.update(text.utf8)
        }
        field("consentkit.notice.v1")
        field(id.rawValue)
        field(String(version))
        field(language)
        field(summary)
        field(fullText)
        for term in terms.sorted(by: { $0.purpose < $1.purpose }) {
            field(term.purpose.rawValue)
            field(term.legalBasis.rawValue)
            for category in term.categories.sorted() { field("category:" + category.rawValue) }
            for recipient in term.recipients.sorted() { field("recipient:" + recipient) }
        }
        return hasher.finalize().hexString
    }

    /// A reference to this exact version, for consent events and receipts.
    public var reference: NoticeReference {
        NoticeReference(id: id, version: version, contentHash: contentHash)
    }

    /// The terms for `purpose`, or `nil` when this notice does not cover it.
    public func terms(for purpose: PurposeID) -> PurposeTerms? {
        terms.first { $0.purpose == purpose }
    }
}
