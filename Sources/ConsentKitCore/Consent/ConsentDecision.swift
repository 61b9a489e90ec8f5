#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Whether a purpose may run for a subject right now, and why.
///
/// A plain value: computing one touches no storage and allocates nothing.
/// ``description`` renders the explanation (and allocates, so call it only
/// when you log or show it).
public struct ConsentDecision: Hashable, Sendable, CustomStringConvertible {
    /// Why the decision came out as it did.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unknownPurpose, legalBasis, legitimateInterest, objected, granted, grantedBySignal, denied
            case deniedBySignal, withdrawn, expired, reconsentNeeded, noRecord, notOptedOut, optOutSignal
            case minorWithoutOptIn, grantUpheldByFinancialIncentive
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The catalog does not declare the purpose: denied (privacy by default).
        public static let unknownPurpose = Reason(.unknownPurpose)
        /// The purpose relies on contract, legal obligation, vital or public interest: no consent needed.
        public static let legalBasis = Reason(.legalBasis)
        /// The purpose relies on legitimate interest and the subject has not objected.
        public static let legitimateInterest = Reason(.legitimateInterest)
        /// The subject objected (GDPR Art. 21).
        public static let objected = Reason(.objected)
        /// The subject granted consent under the current notice.
        public static let granted = Reason(.granted)
        /// A TCF or GPP signal newer than the ledger allows the purpose.
        public static let grantedBySignal = Reason(.grantedBySignal)
        /// The subject declined.
        public static let denied = Reason(.denied)
        /// A TCF or GPP signal newer than the ledger refuses the purpose.
        public static let deniedBySignal = Reason(.deniedBySignal)
        /// The subject withdrew consent or opted out.
        public static let withdrawn = Reason(.withdrawn)
        /// The consent ran out.
        public static let expired = Reason(.expired)
        /// The notice changed materially since the consent: ask again.
        public static let reconsentNeeded = Reason(.reconsentNeeded)
        /// Nothing recorded and the purpose is opt-in here.
        public static let noRecord = Reason(.noRecord)
        /// Nothing recorded and the purpose is opt-out here: allowed until the subject opts out.
        public static let notOptedOut = Reason(.notOptedOut)
        /// Global Privacy Control or another opt-out signal switches off sale and sharing.
        public static let optOutSignal = Reason(.optOutSignal)
        /// The subject is below the age where sale or sharing needs an opt-in, and none is recorded.
        public static let minorWithoutOptIn = Reason(.minorWithoutOptIn)
        /// An opt-out signal arrived, but the subject's grant joined a financial-incentive
        /// programme, which lets it stand (CCPA regs §7025(c)(3)).
        public static let grantUpheldByFinancialIncentive = Reason(.grantUpheldByFinancialIncentive)

        public var description: String { String(describing: base) }
    }

    /// The inputs a decision looked at.
    public struct Inputs: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// The catalog's declaration of the purpose.
        public static let catalog = Inputs(rawValue: 1 << 0)
        /// The subject's ledger events.
        public static let ledger = Inputs(rawValue: 1 << 1)
        /// The notice history (material changes).
        public static let noticeHistory = Inputs(rawValue: 1 << 2)
        /// The jurisdiction's default.
        public static let jurisdictionDefault = Inputs(rawValue: 1 << 3)
        /// The Global Privacy Control signal.
        public static let globalPrivacyControl = Inputs(rawValue: 1 << 4)
        /// Another opt-out preference signal (GPP).
        public static let optOutSignal = Inputs(rawValue: 1 << 5)
        /// A TCF or GPP consent signal.
        public static let consentSignal = Inputs(rawValue: 1 << 6)
        /// The subject's age.
        public static let age = Inputs(rawValue: 1 << 7)
        /// A financial-incentive programme.
        public static let financialIncentive = Inputs(rawValue: 1 << 8)
        /// The clock (expiry).
        public static let clock = Inputs(rawValue: 1 << 9)
    }

    /// The purpose decided about.
    public let purpose: PurposeID
    /// Whether processing may go ahead.
    public let isAllowed: Bool
    /// Why.
    public let reason: Reason
    /// Every input the decision weighed.
    public let weighed: Inputs

    // Optional facts are stored with sentinels (0, NaN) rather than as
    // optionals: the value stays small and padding-free, which keeps a
    // decision in registers and measurably faster on the hot path.
    private let storedSequence: Int
    private let storedNoticeVersion: Int
    private let storedMaterialVersion: Int
    private let storedEventTime: Double
    private let storedExpiry: Double

    /// The sequence of the ledger event that decided, if one did.
    public var eventSequence: Int? { storedSequence == 0 ? nil : storedSequence }
    /// When the deciding event (or signal) happened.
    public var eventTimestamp: Date? {
        storedEventTime.isNaN ? nil : Date(timeIntervalSinceReferenceDate: storedEventTime)
    }
    /// The notice version the deciding consent was given under.
    public var noticeVersion: Int? { storedNoticeVersion == 0 ? nil : storedNoticeVersion }
    /// The version whose material change made the consent stale (for `.reconsentNeeded`).
    public var materialNoticeVersion: Int? { storedMaterialVersion == 0 ? nil : storedMaterialVersion }
    /// When the deciding consent expires or expired.
    public var expiresAt: Date? { storedExpiry.isNaN ? nil : Date(timeIntervalSinceReferenceDate: storedExpiry) }

    init(
        purpose: PurposeID, isAllowed: Bool, reason: Reason, weighed: Inputs, eventSequence: Int = 0,
        eventTime: Double = .nan, noticeVersion: Int = 0, materialNoticeVersion: Int = 0, expiry: Double = .nan
    ) {
        self.purpose = purpose
        self.isAllowed = isAllowed
        self.reason = reason
        self.weighed = weighed
        self.storedSequence = eventSequence
        self.storedEventTime = eventTime
        self.storedNoticeVersion = noticeVersion
        self.storedMaterialVersion = materialNoticeVersion
        self.storedExpiry = expiry
    }

    /// The same decision with a different outcome, reason or more weighed inputs.
    func with(isAllowed: Bool? = nil, reason: Reason? = nil, adding inputs: Inputs = []) -> ConsentDecision {
        ConsentDecision(
            purpose: purpose, isAllowed: isAllowed ?? self.isAllowed, reason: reason ?? self.reason,
            weighed: weighed.union(inputs), eventSequence: storedSequence, eventTime: storedEventTime,
            noticeVersion: storedNoticeVersion, materialNoticeVersion: storedMaterialVersion, expiry: storedExpiry)
    }

    public static func == (lhs: ConsentDecision, rhs: ConsentDecision) -> Bool {
        lhs.purpose == rhs.purpose && lhs.isAllowed == rhs.isAllowed && lhs.reason == rhs.reason
            && lhs.weighed == rhs.weighed && lhs.eventSequence == rhs.eventSequence
            && lhs.eventTimestamp == rhs.eventTimestamp && lhs.noticeVersion == rhs.noticeVersion
            && lhs.materialNoticeVersion == rhs.materialNoticeVersion && lhs.expiresAt == rhs.expiresAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(purpose)
        hasher.combine(isAllowed)
        hasher.combine(reason)
        hasher.combine(eventSequence)
    }

    /// A sentence explaining the decision, naming the event, notice version and inputs.
    public var description: String {
        var text = "\(purpose): \(isAllowed ? "allowed" : "denied") — \(reason)"
        if let eventSequence {
            text += ", event #\(eventSequence)"
            if let eventTimestamp { text += " at \(eventTimestamp.formatted(.iso8601))" }
        }
        if let noticeVersion { text += ", notice v\(noticeVersion)" }
        if let materialNoticeVersion { text += ", notice changed materially in v\(materialNoticeVersion)" }
        if let expiresAt { text += ", expires \(expiresAt.formatted(.iso8601))" }
        let names: [(Inputs, String)] = [
            (.catalog, "catalog"), (.ledger, "ledger"), (.noticeHistory, "notice history"),
            (.jurisdictionDefault, "jurisdiction default"), (.globalPrivacyControl, "GPC"),
            (.optOutSignal, "opt-out signal"), (.consentSignal, "TCF/GPP signal"), (.age, "age"),
            (.financialIncentive, "financial incentive"), (.clock, "clock"),
        ]
        text += " (weighed: " + names.filter { weighed.contains($0.0) }.map(\.1).joined(separator: ", ") + ")"
        return text
    }
}
