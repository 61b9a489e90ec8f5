#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A subject's consent, folded from their ledger events: computed once per
/// request, then asked about any number of purposes.
///
/// Deciding is a pure value operation — no storage, no allocation, an array
/// index and a few comparisons — so it can sit on every request's hot path.
public struct ConsentState: Sendable {
    /// What the ledger says about one purpose.
    struct Entry: Sendable {
        var kind: ConsentEventKind?
        var sequence = 0
        var timestamp = Date.distantPast
        var expiresAt: Date?
        var noticeVersion: Int?
        var materialNoticeVersion: Int?
        var financialIncentive = false
        /// When the subject last refused (deny, withdraw, object), for the re-ask rule.
        var lastRefusal: Date?
    }

    /// The subject.
    public let subject: SubjectID
    /// The sequence of the last event folded in (0 when there are none).
    public let sequence: Int
    let table: PurposeRuleTable
    let entries: [Entry]

    /// The catalog the state was computed against.
    public var catalog: PrivacyCatalog { table.catalog }

    init(subject: SubjectID, events: [ConsentEvent], table: PurposeRuleTable) {
        self.subject = subject
        self.table = table
        var entries = [Entry](repeating: Entry(), count: table.rules.count)
        var sequence = 0
        let calendar = RetentionPeriod.utcCalendar
        for event in events {
            sequence = event.sequence
            for purpose in event.purposes {
                guard let handle = table.catalog.handle(for: purpose) else { continue }
                var entry = entries[handle.index]
                entry.kind = event.kind
                entry.sequence = event.sequence
                entry.timestamp = event.timestamp
                entry.financialIncentive = event.financialIncentive
                entry.noticeVersion = event.notice?.version
                entry.materialNoticeVersion = nil
                entry.expiresAt = nil
                if event.kind == .grant {
                    var expiry = event.expiresAt
                    if let lifetime = table.rules[handle.index].consentLifetime,
                        let lifetimeEnd = RetentionPeriod.add(lifetime, to: event.timestamp, calendar: calendar)
                    {
                        expiry = min(expiry ?? lifetimeEnd, lifetimeEnd)
                    }
                    entry.expiresAt = expiry
                    if let notice = event.notice {
                        let material = table.materialVersion(of: notice.id, for: purpose)
                        if notice.version < material { entry.materialNoticeVersion = material }
                    }
                } else if event.kind != .expire {
                    entry.lastRefusal = event.timestamp
                }
                entries[handle.index] = entry
            }
        }
        self.sequence = sequence
        self.entries = entries
    }

    /// The decision for a purpose declared in the catalog, by handle (the fast path).
    ///
    /// Precedence, documented in the Consent article:
    /// 1. legal bases other than consent decide alone (legitimate interest
    ///    yields to an objection);
    /// 2. the newer of the ledger's latest event and a TCF/GPP signal in the
    ///    context decides; with neither, the jurisdiction's default (and, for
    ///    sale or sharing, the minor opt-in rule) applies;
    /// 3. an allowed sale-or-sharing purpose is then switched off by GPC or
    ///    another opt-out signal where the jurisdiction honours them, unless
    ///    the grant joined a financial-incentive programme (CCPA §7025(c)(3)).
    public func decision(for handle: PurposeHandle, in context: DecisionContext) -> ConsentDecision {
        let rule = table.rules[handle.index]
        let entry = entries[handle.index]
        switch rule.legalBasis {
        case .contract, .legalObligation, .vitalInterest, .publicTask:
            return ConsentDecision(purpose: rule.id, isAllowed: true, reason: .legalBasis, weighed: .catalog)
        case .legitimateInterest:
            if entry.kind == .object {
                return ConsentDecision(
                    purpose: rule.id, isAllowed: false, reason: .objected, weighed: [.catalog, .ledger],
                    eventSequence: entry.sequence, eventTimestamp: entry.timestamp)
            }
            return ConsentDecision(
                purpose: rule.id, isAllowed: true, reason: .legitimateInterest, weighed: [.catalog, .ledger])
        case .consent:
            break
        }

        var decision: ConsentDecision
        if let signal = context.signal, signal.covered.contains(handle),
            entry.kind == nil || signal.lastUpdated > entry.timestamp
        {
            let allowed = signal.allowed.contains(handle)
            decision = ConsentDecision(
                purpose: rule.id, isAllowed: allowed, reason: allowed ? .grantedBySignal : .deniedBySignal,
                weighed: [.catalog, .ledger, .consentSignal], eventTimestamp: signal.lastUpdated)
        } else if let kind = entry.kind {
            decision = ledgerDecision(rule: rule, entry: entry, kind: kind, now: context.now)
            if context.signal?.covered.contains(handle) == true { decision = decision.with(adding: .consentSignal) }
        } else {
            decision = defaultDecision(rule: rule, context: context)
        }

        guard decision.isAllowed, rule.isSaleOrSharing, context.jurisdiction.honorsOptOutSignals else {
            return decision
        }
        var signals: ConsentDecision.Inputs = []
        if context.globalPrivacyControl { signals.insert(.globalPrivacyControl) }
        if context.optOutOfSaleOrSharing { signals.insert(.optOutSignal) }
        guard !signals.isEmpty else { return decision.with(adding: [.globalPrivacyControl, .optOutSignal]) }
        if decision.reason == .granted && entry.financialIncentive {
            return decision.with(reason: .grantUpheldByFinancialIncentive, adding: signals.union(.financialIncentive))
        }
        return decision.with(isAllowed: false, reason: .optOutSignal, adding: signals)
    }

    /// The decision for a purpose by id; an id the catalog does not declare is denied.
    public func decision(for purpose: PurposeID, in context: DecisionContext) -> ConsentDecision {
        guard let handle = table.catalog.handle(for: purpose) else {
            return ConsentDecision(purpose: purpose, isAllowed: false, reason: .unknownPurpose, weighed: .catalog)
        }
        return decision(for: handle, in: context)
    }

    /// Whether the host may ask the subject again for `purpose`.
    ///
    /// CCPA §1798.135(c)(4): after an opt-out, wait 12 months before asking to
    /// opt back in. A live opt-out signal also means: do not ask.
    /// - Returns: `nil` when asking is fine now, else the earliest instant
    ///   (``Date/distantFuture`` while an opt-out signal is present).
    public func earliestReAsk(for purpose: PurposeID, in context: DecisionContext) -> Date? {
        guard let handle = table.catalog.handle(for: purpose) else { return .distantFuture }
        let rule = table.rules[handle.index]
        if rule.isSaleOrSharing && context.jurisdiction.honorsOptOutSignals
            && (context.globalPrivacyControl || context.optOutOfSaleOrSharing)
        {
            return .distantFuture
        }
        let entry = entries[handle.index]
        guard let days = context.jurisdiction.reAskDelayDaysAfterOptOut, let refusal = entry.lastRefusal,
            entry.kind?.isRefusal == true
        else { return nil }
        let earliest = refusal.addingTimeInterval(TimeInterval(days) * 86_400)
        return context.now < earliest ? earliest : nil
    }

    private func ledgerDecision(
        rule: PurposeRuleTable.Rule, entry: Entry, kind: ConsentEventKind, now: Date
    ) -> ConsentDecision {
        let base = ConsentDecision(
            purpose: rule.id, isAllowed: false, reason: .denied, weighed: [.catalog, .ledger],
            eventSequence: entry.sequence, eventTimestamp: entry.timestamp, noticeVersion: entry.noticeVersion,
            materialNoticeVersion: entry.materialNoticeVersion, expiresAt: entry.expiresAt)
        switch kind {
        case .grant:
            if let expiresAt = entry.expiresAt, now >= expiresAt {
                return base.with(reason: .expired, adding: .clock)
            }
            if entry.materialNoticeVersion != nil {
                return base.with(reason: .reconsentNeeded, adding: .noticeHistory)
            }
            return base.with(isAllowed: true, reason: .granted, adding: [.noticeHistory, .clock])
        case .deny: return base
        case .withdraw: return base.with(reason: .withdrawn)
        case .object: return base.with(reason: .objected)
        case .expire: return base.with(reason: .expired)
        }
    }

    private func defaultDecision(rule: PurposeRuleTable.Rule, context: DecisionContext) -> ConsentDecision {
        switch rule.consentDefault(in: context.jurisdiction) {
        case .optIn:
            return ConsentDecision(
                purpose: rule.id, isAllowed: false, reason: .noRecord, weighed: [.catalog, .ledger, .jurisdictionDefault])
        case .optOut:
            if rule.isSaleOrSharing, let age = context.subjectAge, age < context.jurisdiction.saleOptInRequiredBelowAge {
                return ConsentDecision(
                    purpose: rule.id, isAllowed: false, reason: .minorWithoutOptIn,
                    weighed: [.catalog, .ledger, .jurisdictionDefault, .age])
            }
            return ConsentDecision(
                purpose: rule.id, isAllowed: true, reason: .notOptedOut,
                weighed: [.catalog, .ledger, .jurisdictionDefault, .age])
        }
    }
}
