#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Remembers what customers tell you — topics, channels, frequency, language —
/// so they never have to repeat themselves, and hands it out only while the
/// purpose it serves is allowed.
///
/// The centre combines a ``PreferenceStore`` with the ``ConsentLedger``:
///
/// - ``remember(_:for:in:)-(PreferenceDeclaration,_,_)`` stores a preference
///   only for a purpose the catalog declares and the subject's consent state
///   allows *now*, judged with the ``DecisionContext`` you pass (the same one
///   you build for the request). Every check runs before anything is written,
///   so a refused call changes nothing.
/// - ``preferences(of:in:allowedProvenance:)`` returns only the preferences
///   whose purpose is allowed at the time of the call and whose
///   ``Provenance`` you allow. Withdrawing consent therefore makes them
///   unusable immediately, with no write.
/// - They stay stored until you call ``purgeUnusable(of:in:)`` (for example
///   from your withdrawal handling or retention sweep) or ``erase(_:)``.
///   Keeping them means a customer who consents again finds their choices
///   intact; purging honours GDPR Art. 17(1)(b) at once. Choose per purpose
///   in your retention rules; the centre never decides for you.
///
/// ```swift
/// let center = PreferenceCenter(ledger: ledger)
/// try await center.remember(
///     PreferenceDeclaration(.topics, .list(["running", "trail"]), for: newsletter, source: web),
///     for: alice, in: DecisionContext(jurisdiction: .gdpr, now: .now))
/// let usable = try await center.preferences(of: alice, in: DecisionContext(jurisdiction: .gdpr, now: .now))
/// ```
///
/// Safe for several app instances sharing one store: writes for one subject
/// queue within an instance, and are compare-and-set on the subject's
/// preference version across instances, retried with a short jittered backoff
/// after a conflict, up to ``maximumRetries`` times.
public final class PreferenceCenter: Sendable {
    /// How many times a write is retried after losing a race with another instance.
    public static let maximumRetries = 16

    /// The ledger whose consent state gates every preference.
    public let ledger: ConsentLedger
    /// The kinds each key takes.
    public let schema: PreferenceSchema
    private let store: any PreferenceStore
    private let timeSource: any TimeSource
    /// Writers for one subject within this instance queue instead of racing.
    private let writeGate = SubjectWriteGate()

    /// Creates a centre over a store (in-memory by default).
    public init(
        ledger: ConsentLedger,
        store: any PreferenceStore = InMemoryPreferenceStore(),
        schema: PreferenceSchema = .standard,
        timeSource: any TimeSource = SystemTimeSource()
    ) {
        self.ledger = ledger
        self.store = store
        self.schema = schema
        self.timeSource = timeSource
    }

    // MARK: Remembering

    /// Remembers one preference. See ``remember(_:for:in:)-([PreferenceDeclaration],_,_)``.
    @discardableResult
    public func remember(
        _ declaration: PreferenceDeclaration, for subject: SubjectID, in context: DecisionContext
    ) async throws -> Preference {
        let stored = try await remember([declaration], for: subject, in: context)
        guard let preference = stored.first else {
            throw PreferenceError(code: .invalidRequest, message: "nothing was remembered for \(subject)")
        }
        return preference
    }

    /// Remembers preferences of one subject, atomically: all are stored, or none.
    ///
    /// A preference already stored for the same purpose and key is updated
    /// (its ``Preference/recordedAt`` kept, ``Preference/updatedAt`` set to
    /// now); one stored with the same value, provenance and source is left
    /// untouched, so repeating a declaration writes nothing.
    ///
    /// - Returns: the stored preferences for the declarations, in their order.
    /// - Throws: ``PreferenceError`` `.unknownPurpose` (the catalog does not
    ///   declare the purpose), `.purposeNotAllowed` (the subject's consent
    ///   state refuses it in `context`; the message names the reason),
    ///   `.wrongValueType`, `.undeclaredKey`, `.invalidValue`, or
    ///   `.invalidRequest` (no declarations, or the same purpose and key twice);
    ///   ``StorageError`` from the store (`.conflict` after
    ///   ``maximumRetries`` lost races). Nothing is changed when it throws.
    @discardableResult
    public func remember(
        _ declarations: [PreferenceDeclaration], for subject: SubjectID, in context: DecisionContext
    ) async throws -> [Preference] {
        guard !declarations.isEmpty else {
            throw PreferenceError(code: .invalidRequest, message: "nothing to remember for \(subject): no preferences given")
        }
        var slots = Set<PreferenceSlot>()
        for declaration in declarations {
            guard slots.insert(PreferenceSlot(purpose: declaration.purpose, key: declaration.key)).inserted else {
                throw PreferenceError(
                    code: .invalidRequest,
                    message: "preference \"\(declaration.key)\" for purpose \(declaration.purpose) is given twice")
            }
            try schema.check(declaration.key, declaration.value)
            guard ledger.catalog.purpose(declaration.purpose) != nil else {
                throw PreferenceError(
                    code: .unknownPurpose,
                    message: "preference \"\(declaration.key)\" serves purpose \"\(declaration.purpose)\", which the catalog does not declare")
            }
        }
        let state = try await ledger.state(of: subject)
        for declaration in declarations {
            let decision = state.decision(for: declaration.purpose, in: context)
            guard decision.isAllowed else {
                throw PreferenceError(
                    code: .purposeNotAllowed,
                    message: "preference \"\(declaration.key)\" serves purpose \(declaration.purpose), which is not allowed for \(subject): \(decision.reason)")
            }
        }

        await writeGate.acquire(subject)
        defer { writeGate.release(subject) }
        var attempt = 0
        while true {
            let snapshot = try await store.preferences(of: subject)
            let now = timeSource.now()
            var merged = snapshot.preferences
            var result: [Preference] = []
            var changed = false
            for declaration in declarations {
                let index = merged.firstIndex { $0.purpose == declaration.purpose && $0.key == declaration.key }
                if let index {
                    let existing = merged[index]
                    if existing.value == declaration.value && existing.provenance == declaration.provenance
                        && existing.source == declaration.source
                    {
                        result.append(existing)
                        continue
                    }
                    let updated = try Preference(
                        key: declaration.key, value: declaration.value, provenance: declaration.provenance,
                        purpose: declaration.purpose, recordedAt: existing.recordedAt,
                        updatedAt: max(now, existing.recordedAt), source: declaration.source)
                    merged[index] = updated
                    result.append(updated)
                } else {
                    let fresh = try Preference(
                        key: declaration.key, value: declaration.value, provenance: declaration.provenance,
                        purpose: declaration.purpose, recordedAt: now, updatedAt: now, source: declaration.source)
                    merged.append(fresh)
                    result.append(fresh)
                }
                changed = true
            }
            guard changed else { return result }
            do {
                _ = try await store.replacePreferences(
                    of: subject, with: merged.sorted(by: Preference.storageOrder), expectedVersion: snapshot.version)
                return result
            } catch let error as StorageError where error.code == .conflict {
                // Another instance wrote first: back off a little (jittered, growing) and merge again.
                attempt += 1
                if attempt > Self.maximumRetries { throw error }
                try await ConflictBackoff.pause(afterAttempt: attempt)
            }
        }
    }

    // MARK: Reading

    /// The subject's preferences that may be used now: those whose purpose
    /// the consent state allows in `context` and whose provenance is in
    /// `allowedProvenance` (by default what the customer told you or did with
    /// you). Two reads: the consent state and the preference set.
    public func preferences(
        of subject: SubjectID, in context: DecisionContext,
        allowedProvenance: Set<Provenance> = Provenance.customerOriginated
    ) async throws -> [Preference] {
        let state = try await ledger.state(of: subject)
        let snapshot = try await store.preferences(of: subject)
        var allowed: [PurposeID: Bool] = [:]
        return snapshot.preferences.filter { preference in
            guard allowedProvenance.contains(preference.provenance) else { return false }
            if let known = allowed[preference.purpose] { return known }
            let isAllowed = state.decision(for: preference.purpose, in: context).isAllowed
            allowed[preference.purpose] = isAllowed
            return isAllowed
        }
    }

    /// Every stored preference of the subject, usable or not, with its
    /// version: for the subject's access request (GDPR Art. 15) and for
    /// showing a preference centre that explains what is paused.
    public func storedPreferences(of subject: SubjectID) async throws -> PreferenceSnapshot {
        try await store.preferences(of: subject)
    }

    // MARK: Forgetting

    /// Removes one preference; returns whether it was stored. Needs no
    /// consent: forgetting is always allowed.
    @discardableResult
    public func forget(_ key: PreferenceKey, for purpose: PurposeID, of subject: SubjectID) async throws -> Bool {
        try await rewrite(subject) { $0.filter { !($0.key == key && $0.purpose == purpose) } }.count == 1
    }

    /// Deletes the preferences whose purpose is not allowed in `context`
    /// (withdrawn, refused, expired, objected, unknown) and returns them.
    /// Call it after a withdrawal when preferences must not outlive consent.
    @discardableResult
    public func purgeUnusable(of subject: SubjectID, in context: DecisionContext) async throws -> [Preference] {
        let state = try await ledger.state(of: subject)
        return try await rewrite(subject) { preferences in
            preferences.filter { state.decision(for: $0.purpose, in: context).isAllowed }
        }
    }

    /// Deletes every preference of the subject (GDPR Art. 17 erasure) and
    /// returns how many there were.
    public func erase(_ subject: SubjectID) async throws -> Int {
        try await store.deletePreferences(of: subject)
    }

    /// Writes `keep(stored)` back with compare-and-set, retrying races; returns
    /// the preferences removed. Writes nothing when nothing is removed.
    private func rewrite(
        _ subject: SubjectID, keep: ([Preference]) -> [Preference]
    ) async throws -> [Preference] {
        await writeGate.acquire(subject)
        defer { writeGate.release(subject) }
        var attempt = 0
        while true {
            let snapshot = try await store.preferences(of: subject)
            let kept = keep(snapshot.preferences)
            let keptSlots = Set(kept.map(PreferenceSlot.init))
            let removed = snapshot.preferences.filter { !keptSlots.contains(PreferenceSlot($0)) }
            guard !removed.isEmpty else { return [] }
            do {
                _ = try await store.replacePreferences(of: subject, with: kept, expectedVersion: snapshot.version)
                return removed
            } catch let error as StorageError where error.code == .conflict {
                // Another instance wrote first: back off a little (jittered, growing) and merge again.
                attempt += 1
                if attempt > Self.maximumRetries { throw error }
                try await ConflictBackoff.pause(afterAttempt: attempt)
            }
        }
    }
}
