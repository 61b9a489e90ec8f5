/// What changed between two versions of a notice, purpose by purpose.
///
/// Material changes are found by comparing the announced terms, not trusted
/// to a flag set by whoever edited the text: a purpose newly covered, a new
/// recipient, a different legal basis or a new data category is material for
/// that purpose, and earlier consents to it become stale. Rewording, a
/// removed recipient or a removed category is not.
public struct NoticeDiff: Hashable, Sendable {
    /// One material change to one purpose's terms.
    public enum Change: Hashable, Sendable, CustomStringConvertible {
        /// The newer version covers a purpose the older one did not.
        case purposeAdded(PurposeID)
        /// The newer version names a recipient the older one did not.
        case recipientAdded(PurposeID, String)
        /// The legal basis changed.
        case legalBasisChanged(PurposeID, from: LegalBasis, to: LegalBasis)
        /// The newer version uses a data category the older one did not.
        case categoryAdded(PurposeID, DataCategory)

        /// The purpose the change concerns.
        public var purpose: PurposeID {
            switch self {
            case .purposeAdded(let purpose), .recipientAdded(let purpose, _), .legalBasisChanged(let purpose, _, _),
                .categoryAdded(let purpose, _):
                purpose
            }
        }

        public var description: String {
            switch self {
            case .purposeAdded(let purpose): "new purpose \(purpose)"
            case .recipientAdded(let purpose, let recipient): "\(purpose): new recipient \(recipient)"
            case .legalBasisChanged(let purpose, let from, let to): "\(purpose): legal basis \(from) → \(to)"
            case .categoryAdded(let purpose, let category): "\(purpose): new data category \(category)"
            }
        }
    }

    /// Every material change, in purpose order.
    public let changes: [Change]
    /// Whether the wording changed at all (not material by itself).
    public let textChanged: Bool

    /// Compares `old` with `new`.
    public init(from old: PrivacyNotice, to new: PrivacyNotice) {
        var changes: [Change] = []
        for term in new.terms.sorted(by: { $0.purpose < $1.purpose }) {
            guard let before = old.terms(for: term.purpose) else {
                changes.append(.purposeAdded(term.purpose))
                continue
            }
            if before.legalBasis != term.legalBasis {
                changes.append(.legalBasisChanged(term.purpose, from: before.legalBasis, to: term.legalBasis))
            }
            for recipient in term.recipients.subtracting(before.recipients).sorted() {
                changes.append(.recipientAdded(term.purpose, recipient))
            }
            for category in term.categories.subtracting(before.categories).sorted() {
                changes.append(.categoryAdded(term.purpose, category))
            }
        }
        self.changes = changes
        self.textChanged = old.summary != new.summary || old.fullText != new.fullText || old.language != new.language
    }

    /// The purposes with at least one material change.
    public var materiallyChangedPurposes: Set<PurposeID> {
        Set(changes.map(\.purpose))
    }

    /// Whether anything material changed for `purpose`.
    public func isMaterial(for purpose: PurposeID) -> Bool {
        changes.contains { $0.purpose == purpose }
    }
}
