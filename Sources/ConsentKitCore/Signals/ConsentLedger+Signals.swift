/// Recording and applying IAB signals through the ledger.
extension ConsentLedger {
    /// Records what a decoded TC string says about the catalog purposes it
    /// maps: a `.grant` for each allowed purpose and a `.deny` for each denied
    /// one, dated at the string's `lastUpdated`, with method `.tcfString` and the
    /// string's SHA-256 as evidence (never the string itself).
    ///
    /// Idempotent per string: the event ids derive from the string's hash, so
    /// recording the same cookie on every request stores it once.
    ///
    /// - Parameters:
    ///   - resolution: from ``TCFPurposeMapping/resolve(_:vendor:registrations:)``.
    ///   - subject: whose consent it is.
    ///   - notice: the notice the consent-management platform showed; it must
    ///     describe every granted catalog purpose.
    ///   - channel: where the string arrived.
    ///   - jurisdiction: the subject's jurisdiction (GDPR by default).
    /// - Returns: the recorded events, or `nil` when the mapping covers no purpose.
    /// - Throws: as ``record(_:expectedSequence:)-([ConsentEventDraft],_)``.
    @discardableResult
    public func recordTCFConsent(
        _ resolution: TCFPurposeMapping.Resolution,
        subject: SubjectID,
        notice: NoticeReference,
        channel: Channel,
        jurisdiction: Jurisdiction = .gdpr
    ) async throws -> RecordedConsent? {
        let evidence = ConsentEvidence(signalHash: resolution.evidenceHash)
        let timestamp = resolution.tcString.lastUpdated
        let idPrefix = "tcf-" + resolution.evidenceHash.prefix(40) + "-vendor-\(resolution.vendor)"
        var drafts: [ConsentEventDraft] = []
        if !resolution.allowed.isEmpty {
            drafts.append(
                ConsentEventDraft(
                    id: try ConsentEventID(idPrefix + "-grant"), subject: subject, kind: .grant,
                    purposes: resolution.allowed.sorted(), notice: notice, method: .tcfString, channel: channel,
                    jurisdiction: jurisdiction, timestamp: timestamp, evidence: evidence))
        }
        if !resolution.denied.isEmpty {
            drafts.append(
                ConsentEventDraft(
                    id: try ConsentEventID(idPrefix + "-deny"), subject: subject, kind: .deny,
                    purposes: resolution.denied.sorted(), notice: notice, method: .tcfString, channel: channel,
                    jurisdiction: jurisdiction, timestamp: timestamp, evidence: evidence))
        }
        guard !drafts.isEmpty else { return nil }
        return try await record(drafts)
    }
}

extension TCFPurposeMapping.Resolution {
    /// The resolution as a request-time signal for ``DecisionContext/signal``:
    /// it covers the mapped catalog purposes and allows the allowed ones, as of
    /// the string's `lastUpdated`. Purposes the catalog does not declare are skipped.
    public func consentSignal(in catalog: PrivacyCatalog) -> DecisionContext.ConsentSignal {
        DecisionContext.ConsentSignal(
            covered: PurposeSet(allowed.union(denied).compactMap { catalog.handle(for: $0) }),
            allowed: PurposeSet(allowed.compactMap { catalog.handle(for: $0) }),
            lastUpdated: tcString.lastUpdated,
            method: .tcfString)
    }
}

extension DecisionContext {
    /// Applies a GPP US National section: its sale, sharing or
    /// targeted-advertising opt-out becomes ``optOutOfSaleOrSharing``, and its
    /// GPC flag ``globalPrivacyControl``. Signals only ever add opt-outs.
    public mutating func apply(_ signal: USNatSignal) {
        if signal.optsOutOfSaleOrSharingOrTargetedAdvertising { optOutOfSaleOrSharing = true }
        if signal.gpc { globalPrivacyControl = true }
    }
}
