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
    /// What the ledger says about one purpose, as plain data with sentinels
    /// (sequence 0 = no event, NaN = no instant) so the per-purpose array is
    /// cheap to build and to read.
    struct Entry: Sendable {
        /// `ConsentEventKind` of the latest event, or `nil`.
        var kind: ConsentEventKind? = nil
        var financialIncentive = false
        var sequence = 0
        var noticeVersion = 0
        var materialNoticeVersion = 0
        /// Seconds since the reference date.
        var timestamp = Double.nan
        var expiry = Double.nan
        /// When the subject last refused (deny, withdraw, object), for the re-ask rule.
        var lastRefusal = Double.nan
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
        // Fields are read through the buffer in place: iterating by value would
        // copy (and retain and release) every field of every event.
        events.withUnsafeBufferPointer { events in
            for index in events.indices {
                sequence = events[index].sequence
                let kind = events[index].kind
                let time = events[index].timestamp.timeIntervalSinceReferenceDate
                // One notice lookup per event, not per purpose.
                let notice = kind == .grant ? events[index].notice : nil
                let material = notice.flatMap { table.latestMaterialVersions(of: $0.id) }
                for purpose in events[index].purposes {
                    guard let handle = table.catalog.handle(for: purpose) else { continue }
                    var entry = Entry()
                    entry.kind = kind
                    entry.sequence = events[index].sequence
                    entry.timestamp = time
                    entry.financialIncentive = events[index].financialIncentive
                    entry.noticeVersion = events[index].notice?.version ?? 0
                    entry.lastRefusal = entries[handle.index].lastRefusal
                    switch kind {
                    case .grant:
                        var expiry = events[index].expiresAt?.timeIntervalSinceReferenceDate ?? .infinity
                        if let lifetime = table.rules[handle.index].consentLifetime,
                            let end = UTCDateArithmetic.adding(lifetime, to: events[index].timestamp)
                        {
                            expiry = min(expiry, end.timeIntervalSinceReferenceDate)
                        }
                        entry.expiry = expiry == .infinity ? .nan : expiry
                        if let notice, let latestMaterial = material?[purpose], notice.version < latestMaterial {
                            entry.materialNoticeVersion = latestMaterial
                        }
                    case .deny, .withdraw, .object:
                        entry.lastRefusal = time
                    case .expire:
                        break
                    }
                    entries[handle.index] = entry
                }
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
    ///
    /// Cost: an array index and a few comparisons; no allocation.
    public func decision(for handle: PurposeHandle, in context: DecisionContext) -> ConsentDecision {
        let rule = table.rules[handle.index]
        let entry = entries[handle.index]
        let id = table.ids[handle.index]
        switch rule.legalBasis {
        case .contract, .legalObligation, .vitalInterest, .publicTask:
            return ConsentDecision(purpose: id, isAllowed: true, reason: .legalBasis, weighed: .catalog)
        case .legitimateInterest:
            if entry.kind == .object {
                return ConsentDecision(
                    purpose: id, isAllowed: false, reason: .objected, weighed: [.catalog, .ledger],
                    eventSequence: entry.sequence, eventTime: entry.timestamp)
            }
            return ConsentDecision(purpose: id, isAllowed: true, reason: .legitimateInterest, weighed: [.catalog, .ledger])
        case .consent:
            break
        }

        // Step 2: the ledger, a newer TCF/GPP signal, or the default.
        var isAllowed: Bool
        var reason: ConsentDecision.Reason
        var weighed: ConsentDecision.Inputs = [.catalog, .ledger]
        var eventTime = entry.timestamp
        let signalCovers = context.signal?.covered.contains(handle) ?? false
        if signalCovers, let signal = context.signal,
            entry.kind == nil || signal.lastUpdated.timeIntervalSinceReferenceDate > entry.timestamp
        {
            isAllowed = signal.allowed.contains(handle)
            reason = isAllowed ? .grantedBySignal : .deniedBySignal
            weighed.insert(.consentSignal)
            eventTime = signal.lastUpdated.timeIntervalSinceReferenceDate
            return optOutSignals(
                ConsentDecision(purpose: id, isAllowed: isAllowed, reason: reason, weighed: weighed, eventTime: eventTime),
                rule: rule, entry: entry, context: context)
        }
        if signalCovers { weighed.insert(.consentSignal) }
        switch entry.kind {
        case .grant?:
            if !entry.expiry.isNaN && context.now.timeIntervalSinceReferenceDate >= entry.expiry {
                isAllowed = false
                reason = .expired
                weighed.insert(.clock)
            } else if entry.materialNoticeVersion != 0 {
                isAllowed = false
                reason = .reconsentNeeded
                weighed.insert(.noticeHistory)
            } else {
                isAllowed = true
                reason = .granted
                weighed.formUnion([.noticeHistory, .clock])
            }
        case .deny?:
            isAllowed = false
            reason = .denied
        case .withdraw?:
            isAllowed = false
            reason = .withdrawn
        case .object?:
            isAllowed = false
            reason = .objected
        case .expire?:
            isAllowed = false
            reason = .expired
        case nil:
            weighed.insert(.jurisdictionDefault)
            switch table.consentDefault(handle, in: context.jurisdiction) {
            case .optIn:
                isAllowed = false
                reason = .noRecord
            case .optOut:
                weighed.insert(.age)
                if rule.isSaleOrSharing, let age = context.subjectAge,
                    age < context.jurisdiction.saleOptInRequiredBelowAge
                {
                    isAllowed = false
                    reason = .minorWithoutOptIn
                } else {
                    isAllowed = true
                    reason = .notOptedOut
                }
            }
        }
        return optOutSignals(
            ConsentDecision(
                purpose: id, isAllowed: isAllowed, reason: reason, weighed: weighed, eventSequence: entry.sequence,
                eventTime: eventTime, noticeVersion: entry.noticeVersion,
                materialNoticeVersion: entry.materialNoticeVersion, expiry: entry.expiry),
            rule: rule, entry: entry, context: context)
    }

    /// Step 3: opt-out preference signals switch off allowed sale or sharing.
    @inline(__always)
    private func optOutSignals(
        _ decision: ConsentDecision, rule: PurposeRuleTable.Rule, entry: Entry, context: DecisionContext
    ) -> ConsentDecision {
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
    /// Cost: one dictionary lookup more than ``decision(for:in:)-(PurposeHandle,_)``.
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
    ///   (`Date.distantFuture` while an opt-out signal is present, or for a
    ///   purpose the catalog does not declare).
    public func earliestReAsk(for purpose: PurposeID, in context: DecisionContext) -> Date? {
        guard let handle = table.catalog.handle(for: purpose) else { return .distantFuture }
        let rule = table.rules[handle.index]
        if rule.isSaleOrSharing && context.jurisdiction.honorsOptOutSignals
            && (context.globalPrivacyControl || context.optOutOfSaleOrSharing)
        {
            return .distantFuture
        }
        let entry = entries[handle.index]
        guard let days = context.jurisdiction.reAskDelayDaysAfterOptOut, !entry.lastRefusal.isNaN,
            entry.kind?.isRefusal == true
        else { return nil }
        let earliest = Date(timeIntervalSinceReferenceDate: entry.lastRefusal + Double(days) * 86_400)
        return context.now < earliest ? earliest : nil
    }
}
