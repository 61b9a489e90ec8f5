/// The catalog compiled for decisions, plus what the notice history says:
/// per purpose, the facts a decision needs, in an array indexed by
/// ``PurposeHandle``. Immutable and shared by every ``ConsentState`` built
/// while it is current.
final class PurposeRuleTable: Sendable {
    struct Rule: Sendable {
        let id: PurposeID
        let legalBasis: LegalBasis
        let isSaleOrSharing: Bool
        let usesSpecialCategories: Bool
        let consentLifetime: RetentionPeriod.Duration?
        /// Declared defaults; a short list scanned by jurisdiction id.
        let defaults: [(jurisdiction: String, value: ConsentDefault)]

        func consentDefault(in jurisdiction: Jurisdiction) -> ConsentDefault {
            for entry in defaults where entry.jurisdiction == jurisdiction.id { return entry.value }
            return .optIn
        }
    }

    /// What is known about one notice version.
    struct NoticeVersion: Sendable {
        let contentHash: String
        let purposes: Set<PurposeID>
    }

    let catalog: PrivacyCatalog
    let rules: [Rule]
    /// Every published version of every notice: [id: versions], index = version - 1.
    let notices: [NoticeID: [NoticeVersion]]
    /// For a notice and a purpose it covers: the latest version that changed
    /// the purpose's terms materially.
    let materialVersions: [NoticeID: [PurposeID: Int]]

    init(catalog: PrivacyCatalog, noticeHistory: [NoticeID: [PrivacyNotice]]) {
        self.catalog = catalog
        rules = catalog.purposes.map { purpose in
            Rule(
                id: purpose.id, legalBasis: purpose.legalBasis, isSaleOrSharing: purpose.isSaleOrSharing,
                usesSpecialCategories: catalog.usesSpecialCategories(purpose), consentLifetime: purpose.consentLifetime,
                defaults: purpose.defaults.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        var notices: [NoticeID: [NoticeVersion]] = [:]
        var materialVersions: [NoticeID: [PurposeID: Int]] = [:]
        for (id, versions) in noticeHistory {
            var material: [PurposeID: Int] = [:]
            var previous: PrivacyNotice?
            for notice in versions {
                if let previous {
                    for purpose in NoticeDiff(from: previous, to: notice).materiallyChangedPurposes {
                        material[purpose] = notice.version
                    }
                } else {
                    for term in notice.terms { material[term.purpose] = notice.version }
                }
                previous = notice
            }
            notices[id] = versions.map { NoticeVersion(contentHash: $0.contentHash, purposes: Set($0.terms.map(\.purpose))) }
            materialVersions[id] = material
        }
        self.notices = notices
        self.materialVersions = materialVersions
    }

    func noticeVersion(_ reference: NoticeReference) -> NoticeVersion? {
        guard let versions = notices[reference.id], reference.version >= 1, reference.version <= versions.count else {
            return nil
        }
        return versions[reference.version - 1]
    }

    func materialVersion(of notice: NoticeID, for purpose: PurposeID) -> Int {
        materialVersions[notice]?[purpose] ?? 0
    }
}
