#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Everything a decision weighs besides the ledger: where the subject is, what
/// time it is, and the signals that came with this request.
///
/// Build one per request; the decision itself is a pure function of the
/// ``ConsentState`` and this value.
public struct DecisionContext: Sendable {
    /// A consent signal that arrived with the request: a decoded IAB TCF or GPP
    /// string, mapped to catalog purposes.
    public struct ConsentSignal: Sendable {
        /// The catalog purposes the signal speaks about.
        public var covered: PurposeSet
        /// The covered purposes the signal allows.
        public var allowed: PurposeSet
        /// When the signal was last updated by the subject (the TC string's
        /// `lastUpdated`): the newer of this and the ledger's event wins.
        public var lastUpdated: Date
        /// What kind of signal it is (`.tcfString`, `.gppString`).
        public var method: ConsentMethod

        /// Creates a signal.
        public init(covered: PurposeSet, allowed: PurposeSet, lastUpdated: Date, method: ConsentMethod) {
            self.covered = covered
            self.allowed = allowed
            self.lastUpdated = lastUpdated
            self.method = method
        }
    }

    /// The jurisdiction the subject is under.
    public var jurisdiction: Jurisdiction
    /// The instant to decide at (consents expire).
    public var now: Date
    /// Whether the request carried Global Privacy Control (`Sec-GPC: 1`, or
    /// `navigator.globalPrivacyControl == true` reported by the client).
    public var globalPrivacyControl: Bool
    /// Whether another opt-out preference signal applies, for example a GPP
    /// US National section opting out of sale, sharing or targeted advertising.
    public var optOutOfSaleOrSharing: Bool
    /// The subject's age, when the host knows it.
    public var subjectAge: Int?
    /// A TCF or GPP consent signal that came with the request, if any.
    public var signal: ConsentSignal?

    /// Creates a context.
    public init(
        jurisdiction: Jurisdiction,
        now: Date,
        globalPrivacyControl: Bool = false,
        optOutOfSaleOrSharing: Bool = false,
        subjectAge: Int? = nil,
        signal: ConsentSignal? = nil
    ) {
        self.jurisdiction = jurisdiction
        self.now = now
        self.globalPrivacyControl = globalPrivacyControl
        self.optOutOfSaleOrSharing = optOutOfSaleOrSharing
        self.subjectAge = subjectAge
        self.signal = signal
    }

    /// Reads a `Sec-GPC` header value: exactly `"1"` means the signal is on
    /// (Global Privacy Control spec §3.1); anything else, or no header, is off.
    public static func globalPrivacyControl(fromHeader value: String?) -> Bool {
        guard let value else { return false }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" }) == ["1"]
    }
}
