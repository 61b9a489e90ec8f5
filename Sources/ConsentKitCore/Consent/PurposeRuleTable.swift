/// The catalog compiled for decisions, plus what the notice history says:
/// per purpose, the facts a decision needs, in arrays indexed by
/// ``PurposeHandle``. Immutable and shared by every ``ConsentState`` built
/// while it is current.
final class PurposeRuleTable: Sendable {
    /// The per-purpose facts a decision reads, as plain data (no references),
    /// so reading one costs no reference counting.
    struct Rule: Sendable {
        let legalBasis: LegalBasis
        let isSaleOrSharing: Bool
        let usesSpecialCategories: Bool
        let consentLifetime: RetentionPeriod.Duration?
    }

    /// What is known about one notice version.
    struct NoticeVersion: Sendable {
        let contentHash: String
        let purposes: Set<PurposeID>
        /// For each purpose of this notice: the latest version up to this one
        /// that changed the purpose's terms materially.
        let materialVersions: [PurposeID: Int]
    }

    let catalog: PrivacyCatalog
    let rules: [Rule]
    let ids: [PurposeID]
    /// Declared defaults per purpose; short lists scanned by jurisdiction id.
    let defaults: [[(jurisdiction: String, value: ConsentDefault)]]
    /// Every published version of every notice: [id: versions], index = version - 1.
    let notices: [NoticeID: [NoticeVersion]]

    init(catalog: PrivacyCatalog, noticeHistory: [NoticeID: [PrivacyNotice]]) {
        self.catalog = catalog
        rules = catalog.purposes.map { purpose in
            Rule(
                legalBasis: purpose.legalBasis, isSaleOrSharing: purpose.isSaleOrSharing,
                usesSpecialCategories: catalog.usesSpecialCategories(purpose), consentLifetime: purpose.consentLifetime)
        }
        ids = catalog.purposes.map(\.id)
        defaults = catalog.purposes.map { purpose in
            purpose.defaults.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var notices: [NoticeID: [NoticeVersion]] = [:]
        for (id, versions) in noticeHistory {
            var material: [PurposeID: Int] = [:]
            var previous: PrivacyNotice?
            var compiled: [NoticeVersion] = []
            for notice in versions {
                if let previous {
                    for purpose in NoticeDiff(from: previous, to: notice).materiallyChangedPurposes {
                        material[purpose] = notice.version
                    }
                } else {
                    for term in notice.terms { material[term.purpose] = notice.version }
                }
                previous = notice
                compiled.append(
                    NoticeVersion(
                        contentHash: notice.contentHash, purposes: Set(notice.terms.map(\.purpose)),
                        materialVersions: material))
            }
            notices[id] = compiled
        }
        self.notices = notices
    }

    func consentDefault(_ handle: PurposeHandle, in jurisdiction: Jurisdiction) -> ConsentDefault {
        for entry in defaults[handle.index] where entry.jurisdiction == jurisdiction.id { return entry.value }
        return .optIn
    }

    func noticeVersion(_ reference: NoticeReference) -> NoticeVersion? {
        guard let versions = notices[reference.id], reference.version >= 1, reference.version <= versions.count else {
            return nil
        }
        return versions[reference.version - 1]
    }

    /// The version of `notice` that last changed `purpose` materially, as
    /// known now (the latest published version's view).
    func latestMaterialVersions(of notice: NoticeID) -> [PurposeID: Int]? {
        notices[notice]?.last?.materialVersions
    }
}
