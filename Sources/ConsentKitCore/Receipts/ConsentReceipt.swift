#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A subject's consent record as a receipt: who the controller is, every
/// purpose the subject's consent events touched with its current state, and
/// the events themselves — ready to hand to the subject, an auditor or
/// another system as deterministic JSON in two shapes:
///
/// - ``iso27560JSON()``: a record shaped after ISO/IEC TS 27560:2023
///   (consent record information structure), with snake_case field names
///   from that specification and W3C DPV terms;
/// - ``kantaraJSON()``: the Kantara Initiative Consent Receipt
///   Specification v1.1 (`KI-CR-v1.1.0`) field names, listing the consents
///   that stand.
///
/// Build one with ``ConsentReceiptExporter``. The layout of both shapes is
/// documented field by field in the "Preferences, propagation and consent
/// receipts" article and is stable: a change bumps
/// ``iso27560SchemaVersion``.
public struct ConsentReceipt: Hashable, Sendable {
    /// The `schema_version` written in the ISO 27560-shaped record.
    public static let iso27560SchemaVersion = "consentkit-27560/1"
    /// The `version` Kantara CR v1.1 §4.3.1 requires.
    public static let kantaraVersion = "KI-CR-v1.1.0"

    /// One purpose the subject's events name, with what the receipt says about it.
    public struct PurposeRecord: Hashable, Sendable {
        /// The purpose.
        public let id: PurposeID
        /// Its catalog entry, or `nil` when the catalog no longer declares it.
        public let purpose: Purpose?
        /// DPV purpose categories the host mapped it to (may be empty).
        public let purposeTypes: [DPVTerm]
        /// Whether the host marked it as a primary purpose of the service.
        public let isPrimary: Bool
        /// The data categories it uses, sorted.
        public let categories: [DataCategory]
        /// Those of ``categories`` that are special (GDPR Art. 9), sorted.
        public let specialCategories: [DataCategory]
        /// Who receives the data, per the notice of the latest event naming a notice; sorted.
        public let recipients: [String]
        /// That notice version, when an event named one.
        public let notice: NoticeReference?
        /// The language of that notice, when the exporter was given the notice.
        public let noticeLanguage: String?
        /// The decision for the purpose at the receipt's decision time.
        public let decision: ConsentDecision
        /// The method of the grant that decides, when a grant decides.
        public let grantMethod: ConsentMethod?

        /// Whether a consent recorded in the ledger stands for the purpose now.
        public var hasStandingConsent: Bool {
            decision.isAllowed && (decision.reason == .granted || decision.reason == .grantUpheldByFinancialIncentive)
        }
    }

    /// The receipt's identity: derived from the subject, the last event and
    /// the issue time (a UUID, version 8, from SHA-256), unless the caller gave one.
    public let receiptID: String
    /// The record's identity: stable per subject (a UUID, version 8, from SHA-256 of the subject id).
    public let recordID: String
    /// The subject (PII principal).
    public let subject: SubjectID
    /// When the receipt was issued.
    public let issuedAt: Date
    /// The jurisdiction the decisions were made under.
    public let jurisdiction: Jurisdiction
    /// The language of the latest notice the subject saw, or the exporter's default.
    public let language: String
    /// The controller.
    public let controller: ReceiptController
    /// The service the consents are for (Kantara `service`).
    public let serviceName: String
    /// How the subject withdraws consent (GDPR Art. 7(3); ISO `withdrawal_method`).
    public let withdrawalMethod: String
    /// The controller's public key, when receipts are signed (Kantara `publicKey`).
    public let publicKey: String?
    /// Every purpose the events name: catalog order, then undeclared ones by id.
    public let purposes: [PurposeRecord]
    /// The subject's consent events, oldest first (empty for an unknown subject).
    public let events: [ConsentEvent]
    /// An audit-log inclusion proof, when the host attached one.
    public let proof: ReceiptProof?

    /// Creates a receipt; ``ConsentReceiptExporter`` is the usual way.
    public init(
        receiptID: String, recordID: String, subject: SubjectID, issuedAt: Date, jurisdiction: Jurisdiction,
        language: String, controller: ReceiptController, serviceName: String, withdrawalMethod: String,
        publicKey: String?, purposes: [PurposeRecord], events: [ConsentEvent], proof: ReceiptProof?
    ) {
        self.receiptID = receiptID
        self.recordID = recordID
        self.subject = subject
        self.issuedAt = issuedAt
        self.jurisdiction = jurisdiction
        self.language = language
        self.controller = controller
        self.serviceName = serviceName
        self.withdrawalMethod = withdrawalMethod
        self.publicKey = publicKey
        self.purposes = purposes
        self.events = events
        self.proof = proof
    }

    /// The same receipt carrying `proof` (for example once the audit log has
    /// included the latest consent event).
    public func with(proof: ReceiptProof?) -> ConsentReceipt {
        ConsentReceipt(
            receiptID: receiptID, recordID: recordID, subject: subject, issuedAt: issuedAt, jurisdiction: jurisdiction,
            language: language, controller: controller, serviceName: serviceName, withdrawalMethod: withdrawalMethod,
            publicKey: publicKey, purposes: purposes, events: events, proof: proof)
    }

    /// The purposes whose consent stands now: what a Kantara receipt lists.
    public var standingConsents: [PurposeRecord] {
        purposes.filter(\.hasStandingConsent)
    }
}
