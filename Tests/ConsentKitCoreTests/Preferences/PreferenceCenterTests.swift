import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

/// A consenting shop customer, a preference centre over an in-memory store.
private struct PreferenceWorld {
    let f: ConsentFixtures
    let ledger: ConsentLedger
    let store: InMemoryPreferenceStore
    let center: PreferenceCenter
    let notice: PrivacyNotice

    init(granting purposes: [PurposeID]? = nil, schema: PreferenceSchema = .standard) async throws {
        f = try ConsentFixtures()
        ledger = f.ledger()
        store = InMemoryPreferenceStore()
        center = PreferenceCenter(ledger: ledger, store: store, schema: schema, timeSource: f.clock)
        notice = f.noticeVersion(1)
        try await ledger.publish(notice)
        let granted = purposes ?? [f.newsletter, f.analytics]
        if !granted.isEmpty { try await ledger.record(f.draft(.grant, granted, notice: notice)) }
    }

    func declare(
        _ key: PreferenceKey, _ value: PreferenceValue, for purpose: PurposeID? = nil, provenance: Provenance = .zeroParty
    ) -> PreferenceDeclaration {
        PreferenceDeclaration(key, value, for: purpose ?? f.newsletter, provenance: provenance, source: f.web)
    }

    func stored() async throws -> PreferenceSnapshot {
        try await store.preferences(of: f.alice)
    }
}

@Suite("Preference centre: remembering what customers declare")
struct PreferenceCenterTests {
    @Test func remembersADeclaredPreferenceWhileItsPurposeIsAllowed() async throws {
        let w = try await PreferenceWorld()
        let stored = try await w.center.remember(w.declare(.topics, .list(["running", "trail"])), for: w.f.alice, in: w.f.context())
        #expect(stored.key == .topics)
        #expect(stored.value == .list(["running", "trail"]))
        #expect(stored.provenance == .zeroParty)
        #expect(stored.purpose == w.f.newsletter)
        #expect(stored.recordedAt == w.f.clock.now())
        #expect(stored.updatedAt == stored.recordedAt)
        #expect(stored.source == w.f.web)
        #expect(try await w.center.preferences(of: w.f.alice, in: w.f.context()) == [stored])
        #expect(try await w.stored().version == 1)
    }

    @Test func repeatingADeclarationWritesNothingAndChangingItKeepsTheFirstRecording() async throws {
        let w = try await PreferenceWorld()
        let first = try await w.center.remember(w.declare(.frequency, .text("weekly")), for: w.f.alice, in: w.f.context())
        w.f.clock.advance(by: 3_600)
        let again = try await w.center.remember(w.declare(.frequency, .text("weekly")), for: w.f.alice, in: w.f.context())
        #expect(again == first)
        #expect(try await w.stored().version == 1, "an unchanged declaration must not write")

        w.f.clock.advance(by: 3_600)
        let changed = try await w.center.remember(w.declare(.frequency, .text("monthly")), for: w.f.alice, in: w.f.context())
        #expect(changed.recordedAt == first.recordedAt)
        #expect(changed.updatedAt == w.f.clock.now())
        #expect(changed.value == .text("monthly"))
        #expect(try await w.stored().version == 2)
        #expect(try await w.stored().preferences == [changed])
    }

    @Test func severalPreferencesAreRememberedTogether() async throws {
        let w = try await PreferenceWorld()
        let stored = try await w.center.remember(
            [
                w.declare(.topics, .list(["shoes"])), w.declare(.channels, .list(["email", "sms"])),
                w.declare(.language, .text("de-CH")), w.declare(.frequency, .text("weekly"), for: w.f.analytics),
            ], for: w.f.alice, in: w.f.context())
        #expect(stored.map(\.key) == [.topics, .channels, .language, .frequency])
        let snapshot = try await w.stored()
        #expect(snapshot.version == 1, "one batch, one write")
        #expect(snapshot.preferences.count == 4)
        #expect(snapshot.preferences == snapshot.preferences.sorted(by: Preference.storageOrder))
    }

    @Test func purposesOnOtherLegalBasesNeedNoConsent() async throws {
        let w = try await PreferenceWorld(granting: [])
        let stored = try await w.center.remember(
            w.declare(.channels, .list(["post"]), for: w.f.orders), for: w.f.alice, in: w.f.context())
        #expect(try await w.center.preferences(of: w.f.alice, in: w.f.context()) == [stored])
    }

    @Test func withdrawingConsentMakesPreferencesUnusableAtOnce() async throws {
        let w = try await PreferenceWorld()
        let topics = try await w.center.remember(w.declare(.topics, .list(["trail"])), for: w.f.alice, in: w.f.context())
        let budget = try await w.center.remember(
            w.declare(try PreferenceKey("budget"), .number(120), for: w.f.analytics), for: w.f.alice, in: w.f.context())
        try await w.ledger.record(w.f.draft(.withdraw, [w.f.newsletter], at: 60))
        w.f.clock.advance(by: 61)

        #expect(try await w.center.preferences(of: w.f.alice, in: w.f.context()) == [budget])
        #expect(try await w.stored().preferences.count == 2, "withdrawal alone deletes nothing")
        let purged = try await w.center.purgeUnusable(of: w.f.alice, in: w.f.context())
        #expect(purged == [topics])
        #expect(try await w.stored().preferences == [budget])
        #expect(try await w.center.purgeUnusable(of: w.f.alice, in: w.f.context()).isEmpty)
    }

    @Test func preferencesKeptAfterWithdrawalComeBackWithRenewedConsent() async throws {
        let w = try await PreferenceWorld()
        let topics = try await w.center.remember(w.declare(.topics, .list(["trail"])), for: w.f.alice, in: w.f.context())
        try await w.ledger.record(w.f.draft(.withdraw, [w.f.newsletter], at: 60))
        w.f.clock.advance(by: 61)
        #expect(try await w.center.preferences(of: w.f.alice, in: w.f.context()).isEmpty)
        try await w.ledger.record(w.f.draft(.grant, [w.f.newsletter], notice: w.notice, at: 60))
        w.f.clock.advance(by: 61)
        #expect(try await w.center.preferences(of: w.f.alice, in: w.f.context()) == [topics])
    }

    @Test func provenanceRestrictsWhatIsHandedOut() async throws {
        let w = try await PreferenceWorld()
        let declared = try await w.center.remember(
            [
                w.declare(.topics, .list(["trail"]), provenance: .zeroParty),
                w.declare(.channels, .list(["email"]), provenance: .firstParty),
                w.declare(try PreferenceKey("size"), .text("42"), provenance: .inferred),
                w.declare(try PreferenceKey("income.band"), .text("B"), provenance: .thirdParty),
            ], for: w.f.alice, in: w.f.context())
        let byKey = Dictionary(uniqueKeysWithValues: declared.map { ($0.key, $0) })
        func keys(_ allowed: Set<Provenance>) async throws -> Set<PreferenceKey> {
            Set(try await w.center.preferences(of: w.f.alice, in: w.f.context(), allowedProvenance: allowed).map(\.key))
        }
        #expect(Set(try await w.center.preferences(of: w.f.alice, in: w.f.context()).map(\.key)) == [.topics, .channels])
        #expect(try await keys([.zeroParty]) == [.topics])
        #expect(try await keys([.inferred]) == [try PreferenceKey("size")])
        #expect(try await keys(Set(Provenance.allCases)) == Set(byKey.keys))
        #expect(try await keys([]).isEmpty)
    }

    @Test func forgettingAndErasing() async throws {
        let w = try await PreferenceWorld()
        try await w.center.remember(
            [w.declare(.topics, .list(["a"])), w.declare(.frequency, .text("weekly"))], for: w.f.alice, in: w.f.context())
        #expect(try await w.center.forget(.topics, for: w.f.newsletter, of: w.f.alice))
        #expect(try await !w.center.forget(.topics, for: w.f.newsletter, of: w.f.alice))
        #expect(try await w.stored().preferences.map(\.key) == [.frequency])
        #expect(try await w.center.erase(w.f.alice) == 1)
        #expect(try await w.stored() == .empty)
        #expect(try await w.center.storedPreferences(of: w.f.alice) == .empty)
    }

    @Test func concurrentDeclarationsFromTwoInstancesAreAllKept() async throws {
        let w = try await PreferenceWorld()
        let second = PreferenceCenter(ledger: w.ledger, store: w.store, timeSource: w.f.clock)
        let context = w.f.context()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                let center = index % 2 == 0 ? w.center : second
                let declaration = w.declare(try PreferenceKey("topic-\(index)"), .bool(true))
                let alice = w.f.alice
                group.addTask { try await center.remember(declaration, for: alice, in: context) }
            }
            try await group.waitForAll()
        }
        let snapshot = try await w.stored()
        #expect(snapshot.preferences.count == 16)
        #expect(snapshot.version == 16)
    }
}

@Suite("Preference centre: bad input changes nothing")
struct PreferenceBadInputTests {
    /// Runs `body`, which must throw a ``PreferenceError`` with `code`, and
    /// checks that the stored preferences are exactly as before.
    private func expectRefusal(
        _ code: PreferenceError.Code, in w: PreferenceWorld, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async throws {
        let before = try await w.stored()
        do {
            try await body()
            Issue.record("expected PreferenceError.\(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as PreferenceError {
            #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
        #expect(try await w.stored() == before, "a refused call changed the store", sourceLocation: sourceLocation)
    }

    private func seeded() async throws -> PreferenceWorld {
        let w = try await PreferenceWorld()
        try await w.center.remember(w.declare(.topics, .list(["kept"])), for: w.f.alice, in: w.f.context())
        return w
    }

    @Test func unknownPurpose() async throws {
        let w = try await seeded()
        try await expectRefusal(.unknownPurpose, in: w) {
            try await w.center.remember(
                w.declare(.topics, .list(["x"]), for: try PurposeID("never-declared")), for: w.f.alice, in: w.f.context())
        }
    }

    @Test func purposeNeverConsentedTo() async throws {
        let w = try await seeded()
        do {
            try await w.center.remember(w.declare(.topics, .list(["x"]), for: w.f.ads), for: w.f.alice, in: w.f.context())
            Issue.record("a purpose without consent was accepted")
        } catch let error as PreferenceError {
            #expect(error.code == .purposeNotAllowed)
            #expect(error.message.contains("ads.sharing") && error.message.contains("noRecord"), "\(error.message)")
        }
        try await expectRefusal(.purposeNotAllowed, in: w) {
            try await w.center.remember(w.declare(.topics, .list(["x"]), for: w.f.ads), for: w.f.alice, in: w.f.context())
        }
    }

    @Test func purposeWithdrawn() async throws {
        let w = try await seeded()
        try await w.ledger.record(w.f.draft(.withdraw, [w.f.newsletter], at: 1))
        w.f.clock.advance(by: 2)
        try await expectRefusal(.purposeNotAllowed, in: w) {
            try await w.center.remember(w.declare(.topics, .list(["new"])), for: w.f.alice, in: w.f.context())
        }
    }

    @Test func purposeRefusedUnderTheCallersContext() async throws {
        // Allowed by the CCPA default for adults, refused once GPC comes with the request.
        let w = try await PreferenceWorld(granting: [])
        try await w.center.remember(
            w.declare(.frequency, .text("daily"), for: w.f.ads), for: w.f.alice, in: w.f.context(.ccpa))
        try await expectRefusal(.purposeNotAllowed, in: w) {
            try await w.center.remember(
                w.declare(.frequency, .text("weekly"), for: w.f.ads), for: w.f.alice, in: w.f.context(.ccpa, gpc: true))
        }
    }

    @Test(arguments: [
        (PreferenceKey.frequency, PreferenceValue.list(["weekly"])),
        (.topics, .text("running")),
        (.channels, .bool(true)),
        (.language, .number(1)),
    ])
    func wrongValueTypeForATypedKey(_ key: PreferenceKey, _ value: PreferenceValue) async throws {
        let w = try await seeded()
        try await expectRefusal(.wrongValueType, in: w) {
            try await w.center.remember(w.declare(key, value), for: w.f.alice, in: w.f.context())
        }
    }

    @Test func undeclaredKeyUnderAStrictSchema() async throws {
        let w = try await PreferenceWorld(schema: PreferenceSchema(kinds: [.topics: .list], allowsUndeclaredKeys: false))
        try await expectRefusal(.undeclaredKey, in: w) {
            try await w.center.remember(w.declare(try PreferenceKey("shoe.size"), .number(42)), for: w.f.alice, in: w.f.context())
        }
    }

    @Test(arguments: [
        PreferenceValue.text(String(repeating: "x", count: 1_025)),
        .text("line\nbreak"),
        .list(Array(repeating: "t", count: 101)),
        .list(["ok", String(repeating: "é", count: 513)]),
        .number(.nan),
        .number(.infinity),
    ])
    func valuesBreakingALimit(_ value: PreferenceValue) async throws {
        let w = try await seeded()
        try await expectRefusal(.invalidValue, in: w) {
            try await w.center.remember(
                w.declare(try PreferenceKey("note"), value), for: w.f.alice, in: w.f.context())
        }
    }

    @Test func emptyAndDuplicatedRequests() async throws {
        let w = try await seeded()
        try await expectRefusal(.invalidRequest, in: w) {
            try await w.center.remember([], for: w.f.alice, in: w.f.context())
        }
        try await expectRefusal(.invalidRequest, in: w) {
            try await w.center.remember(
                [w.declare(.frequency, .text("weekly")), w.declare(.frequency, .text("daily"))], for: w.f.alice,
                in: w.f.context())
        }
    }

    @Test func oneBadDeclarationRefusesTheWholeBatch() async throws {
        let w = try await seeded()
        try await expectRefusal(.purposeNotAllowed, in: w) {
            try await w.center.remember(
                [w.declare(.frequency, .text("weekly")), w.declare(.topics, .list(["x"]), for: w.f.ads)], for: w.f.alice,
                in: w.f.context())
        }
        try await expectRefusal(.wrongValueType, in: w) {
            try await w.center.remember(
                [w.declare(.channels, .list(["sms"])), w.declare(.frequency, .number(7))], for: w.f.alice, in: w.f.context())
        }
    }

    @Test func storeFailuresSurfaceAndChangeNothing() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        let store = AlwaysConflictingPreferenceStore()
        let center = PreferenceCenter(ledger: ledger, store: store, timeSource: f.clock)
        do {
            try await center.remember(
                PreferenceDeclaration(.topics, .list(["x"]), for: f.newsletter, source: f.web), for: f.alice, in: f.context())
            Issue.record("a store that always conflicts let a write through")
        } catch let error as StorageError {
            #expect(error.code == .conflict)
        }
        #expect(store.attempts == PreferenceCenter.maximumRetries + 1)
        #expect(try await store.preferences(of: f.alice) == .empty)
    }
}

/// Reads as empty and refuses every write with a conflict, counting attempts.
private final class AlwaysConflictingPreferenceStore: PreferenceStore {
    private let count = Mutex(0)

    var attempts: Int { count.withLock { $0 } }

    func preferences(of subject: SubjectID) async throws -> PreferenceSnapshot { .empty }

    func replacePreferences(of subject: SubjectID, with preferences: [Preference], expectedVersion: Int) async throws -> Int {
        count.withLock { $0 += 1 }
        throw StorageError.conflict("preferences of \(subject)", expected: expectedVersion, actual: expectedVersion + 1)
    }

    func deletePreferences(of subject: SubjectID) async throws -> Int { 0 }
}
