public import ConsentKitCore
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The checks every ``PreferenceStore`` adapter must pass, as Swift Testing
/// expectations.
///
/// Run it from your own test target against handles onto **one shared
/// database**: `makeStore` is called once per area (twice by
/// ``concurrentWriters()``), and every handle must see the same data, the way
/// several instances of your app share one database.
///
/// ```swift
/// import ConsentKitTesting
/// import Testing
///
/// @Suite struct PostgresPreferenceStoreTests {
///     let conformance = PreferenceStoreConformance { PostgresPreferenceStore(pool: sharedTestPool) }
///
///     @Test func ordering() async throws { try await conformance.ordering() }
///     // ... one @Test per area, or:
///     @Test func everything() async throws { try await conformance.runAll() }
/// }
/// ```
///
/// Each area writes only to subjects named after a fresh random token, so
/// areas can run in parallel and repeatedly against a database holding other
/// data, and deletes those subjects again when done. Failures are recorded
/// as Swift Testing issues naming the area and the offending records; an
/// area throws only when the store throws where the contract requires success.
public struct PreferenceStoreConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any PreferenceStore

    /// Creates the suite.
    /// - Parameter makeStore: returns a handle onto the store under test. Every
    ///   handle must share one backend, so that two handles behave like two
    ///   app instances.
    public init(makeStore: @escaping @Sendable () async throws -> any PreferenceStore) {
        self.makeStore = makeStore
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error a store threw where the contract requires success.
    public func runAll() async throws {
        try await ordering()
        try await expectedVersionConflicts()
        try await concurrentWriters()
        try await deletionReallyDeletes()
        try await invalidRequests()
        try await exactIdentifiers()
    }

    // MARK: Areas

    /// Sets come back whole, in storage order, exactly as written.
    ///
    /// A new subject reads as version 0 with no preferences. A set of six
    /// preferences — every value kind and provenance, non-ASCII text,
    /// sub-microsecond timestamps — written in scrambled order reads back in
    /// ``Preference/storageOrder(_:_:)`` (purpose, then key, by UTF-8 bytes)
    /// with every field unchanged; a second write replaces it whole and the
    /// version counts 1, 2. Another subject's set, written in between, is
    /// untouched.
    public func ordering() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-ordering")
        let other = try SubjectID("conformance-\(token)-ordering-other")
        let first = try [
            Self.preference("newsletter", "topics", .list(["running", "trail", "ultra 🏔"]), .zeroParty, step: 1),
            Self.preference("ads.sharing", "frequency", .text("Wöchentlich — 週に一度"), .thirdParty, step: 2),
            Self.preference("newsletter", "channels", .list([]), .firstParty, step: 3),
            Self.preference("analytics", "budget", .number(-12.625), .inferred, step: 4),
            Self.preference("newsletter", "language", .text("de-CH"), .zeroParty, step: 5),
            Self.preference("zz-é", "eu.sizes", .bool(true), .firstParty, step: 6),
        ]
        let initial = try await store.preferences(of: subject)
        Self.check(initial == .empty, "ordering: a new subject must read as version 0 with no preferences, got \(Self.summary(initial))")

        let version = try await store.replacePreferences(of: subject, with: first, expectedVersion: 0)
        #expect(version == 1, "ordering: the first write must return version 1, got \(version)")
        let otherSet = try [Self.preference("newsletter", "topics", .list(["other"]), .zeroParty, step: 7)]
        _ = try await store.replacePreferences(of: other, with: otherSet, expectedVersion: 0)
        try await expectSet(store, subject, version: 1, first, "ordering after the first write")

        let second = try [
            Self.preference("newsletter", "topics", .list(["trail"]), .zeroParty, step: 8),
            Self.preference("analytics", "budget", .number(1e-7), .inferred, step: 9),
        ]
        let next = try await store.replacePreferences(of: subject, with: second.reversed(), expectedVersion: 1)
        #expect(next == 2, "ordering: the second write must return version 2, got \(next)")
        try await expectSet(store, subject, version: 2, second, "ordering after replacing the set")
        try await expectSet(store, other, version: 1, otherSet, "ordering: the other subject")
        await cleanUp(store, [subject, other])
    }

    /// Writes are compare-and-set on the subject's version.
    ///
    /// A write expecting a version behind or ahead of the stored one throws
    /// ``StorageError`` `.conflict` — that exact code, which the
    /// ``PreferenceCenter`` retries on — and changes nothing; the right
    /// version succeeds and returns the next one.
    public func expectedVersionConflicts() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-conflicts")
        let first = try [Self.preference("newsletter", "topics", .list(["a"]), .zeroParty, step: 1)]
        let second = try [Self.preference("newsletter", "topics", .list(["b"]), .zeroParty, step: 2)]

        await Self.expectStorageError(.conflict, "expectedVersionConflicts: expecting version 1 of an empty set") {
            _ = try await store.replacePreferences(of: subject, with: second, expectedVersion: 1)
        }
        try await expectSet(store, subject, version: 0, [], "expectedVersionConflicts after a refused write")

        _ = try await store.replacePreferences(of: subject, with: first, expectedVersion: 0)
        await Self.expectStorageError(.conflict, "expectedVersionConflicts: a stale expected version 0 at version 1") {
            _ = try await store.replacePreferences(of: subject, with: second, expectedVersion: 0)
        }
        await Self.expectStorageError(.conflict, "expectedVersionConflicts: expected version 2 at version 1") {
            _ = try await store.replacePreferences(of: subject, with: second, expectedVersion: 2)
        }
        try await expectSet(store, subject, version: 1, first, "expectedVersionConflicts after refused writes")

        let version = try await store.replacePreferences(of: subject, with: second, expectedVersion: 1)
        #expect(version == 2, "expectedVersionConflicts: the write at the right version must return 2, got \(version)")
        try await expectSet(store, subject, version: 2, second, "expectedVersionConflicts after a good write")
        await cleanUp(store, [subject])
    }

    /// Several writers never lose an acknowledged write.
    ///
    /// Eight tasks, alternating between two handles from `makeStore` (two app
    /// instances), each add 25 preferences to one subject by
    /// read-modify-write, retrying after `.conflict` as the
    /// ``PreferenceCenter`` does. Afterwards every handle must see version 200
    /// and all 200 preferences.
    public func concurrentWriters() async throws {
        let token = Self.runToken()
        let handles = try await sharedHandles(token: token, area: "concurrentWriters")
        let subject = try SubjectID("conformance-\(token)-concurrent")
        let writers = 8
        let writesPerWriter = 25
        let attemptLimit = 10_000

        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                let store = handles[writer % handles.count]
                group.addTask {
                    for index in 0..<writesPerWriter {
                        let added = try Self.preference(
                            "concurrency", "w\(writer)-\(index)", .number(Double(index)), .zeroParty, step: index)
                        var attempts = 0
                        while true {
                            attempts += 1
                            guard attempts <= attemptLimit else {
                                Issue.record("concurrentWriters: writer \(writer) made no progress in \(attemptLimit) attempts")
                                return
                            }
                            let snapshot = try await store.preferences(of: subject)
                            do {
                                _ = try await store.replacePreferences(
                                    of: subject, with: snapshot.preferences + [added], expectedVersion: snapshot.version)
                                break
                            } catch let error as StorageError where error.code == .conflict {
                                continue
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }

        let expectedCount = writers * writesPerWriter
        let expectedKeys = Set((0..<writers).flatMap { writer in (0..<writesPerWriter).map { "w\(writer)-\($0)" } })
        for (number, store) in handles.enumerated() {
            let snapshot = try await store.preferences(of: subject)
            let keys = snapshot.preferences.map(\.key.rawValue)
            #expect(
                snapshot.version == expectedCount,
                "concurrentWriters: handle \(number + 1) sees version \(snapshot.version), expected \(expectedCount)")
            let missing = expectedKeys.subtracting(keys)
            #expect(
                missing.isEmpty,
                "concurrentWriters: handle \(number + 1) lost \(missing.count) acknowledged preferences, for example \(missing.sorted().prefix(3))")
            #expect(Set(keys).count == keys.count, "concurrentWriters: handle \(number + 1) sees duplicated keys")
        }
        await cleanUp(handles[0], [subject])
    }

    /// Deleting really deletes (GDPR erasure).
    ///
    /// After ``PreferenceStore/deletePreferences(of:)``, which returns how many
    /// preferences it removed, the subject reads as version 0 with nothing;
    /// a write expecting the old version conflicts, a new set starts at
    /// version 1, another subject is untouched, and deleting an unknown or
    /// already deleted subject returns 0.
    public func deletionReallyDeletes() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-erase")
        let other = try SubjectID("conformance-\(token)-erase-other")
        let set = try [
            Self.preference("newsletter", "topics", .list(["a"]), .zeroParty, step: 1),
            Self.preference("newsletter", "frequency", .text("weekly"), .zeroParty, step: 2),
            Self.preference("analytics", "budget", .number(3), .inferred, step: 3),
        ]
        _ = try await store.replacePreferences(of: subject, with: [set[0]], expectedVersion: 0)
        _ = try await store.replacePreferences(of: subject, with: set, expectedVersion: 1)
        let otherSet = [set[1]]
        _ = try await store.replacePreferences(of: other, with: otherSet, expectedVersion: 0)

        let deleted = try await store.deletePreferences(of: subject)
        #expect(deleted == 3, "deletionReallyDeletes: deleting must report 3 preferences, got \(deleted)")
        try await expectSet(store, subject, version: 0, [], "deletionReallyDeletes after deleting")
        try await expectSet(store, other, version: 1, otherSet, "deletionReallyDeletes: the other subject")
        let again = try await store.deletePreferences(of: subject)
        #expect(again == 0, "deletionReallyDeletes: deleting again must report 0, got \(again)")
        let unknown = try await store.deletePreferences(of: SubjectID("conformance-\(token)-never-seen"))
        #expect(unknown == 0, "deletionReallyDeletes: deleting an unknown subject must report 0, got \(unknown)")

        await Self.expectStorageError(.conflict, "deletionReallyDeletes: a write expecting the version before the erasure") {
            _ = try await store.replacePreferences(of: subject, with: set, expectedVersion: 2)
        }
        let fresh = [set[2]]
        let version = try await store.replacePreferences(of: subject, with: fresh, expectedVersion: 0)
        #expect(version == 1, "deletionReallyDeletes: a new set after erasure must start at version 1, got \(version)")
        try await expectSet(store, subject, version: 1, fresh, "deletionReallyDeletes: the new set")
        await cleanUp(store, [subject, other])
    }

    /// Malformed writes throw ``StorageError`` `.invalidRequest` and change nothing.
    ///
    /// A set holding the same (purpose, key) twice — even with different
    /// values — and a negative expected version are refused, on an empty
    /// subject and on one with a stored set.
    public func invalidRequests() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let subject = try SubjectID("conformance-\(token)-invalid")
        let twice = try [
            Self.preference("newsletter", "topics", .list(["a"]), .zeroParty, step: 1),
            Self.preference("newsletter", "topics", .list(["b"]), .firstParty, step: 2),
        ]
        await Self.expectStorageError(.invalidRequest, "invalidRequests: the same purpose and key twice") {
            _ = try await store.replacePreferences(of: subject, with: twice, expectedVersion: 0)
        }
        await Self.expectStorageError(.invalidRequest, "invalidRequests: expected version -1") {
            _ = try await store.replacePreferences(of: subject, with: [twice[0]], expectedVersion: -1)
        }
        try await expectSet(store, subject, version: 0, [], "invalidRequests after refused writes")

        _ = try await store.replacePreferences(of: subject, with: [twice[0]], expectedVersion: 0)
        await Self.expectStorageError(.invalidRequest, "invalidRequests: the same purpose and key twice, at version 1") {
            _ = try await store.replacePreferences(of: subject, with: twice, expectedVersion: 1)
        }
        try await expectSet(store, subject, version: 1, [twice[0]], "invalidRequests after a refused write at version 1")
        await cleanUp(store, [subject])
    }

    /// Identifiers are stored byte for byte and compared exactly.
    ///
    /// Subjects that differ only in case, in Unicode normalization (é as one
    /// scalar or e + U+0301) or in the last byte of a 256-byte id are
    /// different subjects; purposes that differ only in case are different
    /// purposes within one set. A case-insensitive collation, a normalizing
    /// driver or a truncating column fails here.
    public func exactIdentifiers() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let names = [
            "Alice-\(token)", "alice-\(token)", "résumé-\(token)", "re\u{301}sume\u{301}-\(token)",
            Self.identifier("subject-\(token)-", byteCount: 256, last: "a"),
            Self.identifier("subject-\(token)-", byteCount: 256, last: "b"),
        ]
        let subjects = try names.map(SubjectID.init)
        for (index, subject) in subjects.enumerated() {
            let set = try [
                Self.preference("Newsletter", "topics", .list(["upper-\(index)"]), .zeroParty, step: index),
                Self.preference("newsletter", "topics", .list(["lower-\(index)"]), .zeroParty, step: index),
            ]
            _ = try await store.replacePreferences(of: subject, with: set, expectedVersion: 0)
        }
        for (index, subject) in subjects.enumerated() {
            let expected = try [
                Self.preference("Newsletter", "topics", .list(["upper-\(index)"]), .zeroParty, step: index),
                Self.preference("newsletter", "topics", .list(["lower-\(index)"]), .zeroParty, step: index),
            ]
            try await expectSet(store, subject, version: 1, expected, "exactIdentifiers: subject \(subject.rawValue.debugDescription)")
        }
        await cleanUp(store, subjects)
    }

    // MARK: Helpers

    /// Two handles from `makeStore`, checked to share one backend; a single
    /// handle (and a recorded issue) when they do not.
    private func sharedHandles(token: String, area: String) async throws -> [any PreferenceStore] {
        let first = try await makeStore()
        let second = try await makeStore()
        let probe = try SubjectID("conformance-\(token)-shared-probe")
        _ = try await first.replacePreferences(
            of: probe, with: [Self.preference("probe", "probe", .bool(true), .zeroParty, step: 0)], expectedVersion: 0)
        let seen = try await second.preferences(of: probe).version
        _ = try? await first.deletePreferences(of: probe)
        guard seen == 1 else {
            Issue.record(
                "\(area): a second handle from makeStore does not see what the first one wrote; makeStore must return handles onto ONE shared database so the suite can model several app instances. Continuing with one handle.")
            return [first]
        }
        return [first, second]
    }

    /// Records an issue unless `subject` reads back as exactly `expected` (in storage order) at `version`.
    private func expectSet(
        _ store: any PreferenceStore, _ subject: SubjectID, version: Int, _ expected: [Preference], _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let snapshot = try await store.preferences(of: subject)
        let sorted = expected.sorted(by: Preference.storageOrder)
        if snapshot.preferences != sorted {
            if let index = zip(snapshot.preferences, sorted).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset,
                snapshot.preferences.count == sorted.count
            {
                Issue.record(
                    "\(what): \(subject)'s preference at position \(index) is \(snapshot.preferences[index]), expected \(sorted[index])",
                    sourceLocation: sourceLocation)
            } else {
                Issue.record(
                    "\(what): \(subject)'s set is \(Self.summary(snapshot)), expected \(Self.summary(PreferenceSnapshot(version: version, preferences: sorted)))",
                    sourceLocation: sourceLocation)
            }
        }
        #expect(
            snapshot.version == version, "\(what): \(subject)'s version is \(snapshot.version), expected \(version)",
            sourceLocation: sourceLocation)
    }

    /// Best-effort removal of what an area wrote.
    private func cleanUp(_ store: any PreferenceStore, _ subjects: [SubjectID]) async {
        for subject in subjects { _ = try? await store.deletePreferences(of: subject) }
    }

    /// A preference whose timestamps have sub-microsecond digits, so the exact `Date` must survive storage.
    static func preference(
        _ purpose: String, _ key: String, _ value: PreferenceValue, _ provenance: Provenance, step: Int
    ) throws -> Preference {
        let recorded = Date(timeIntervalSinceReferenceDate: 788_918_400.123_456_7 + Double(step) * 61.5)
        return try Preference(
            key: PreferenceKey(key), value: value, provenance: provenance, purpose: PurposeID(purpose),
            recordedAt: recorded, updatedAt: recorded.addingTimeInterval(Double(step % 3) * 0.000_123_4),
            source: Channel(step % 2 == 0 ? "web" : "call-center"))
    }

    static func runToken() -> String {
        UUID().uuidString.lowercased()
    }

    /// An identifier of exactly `byteCount` UTF-8 bytes ending in `last`.
    static func identifier(_ prefix: String, byteCount: Int, last: Character) -> String {
        var text = prefix
        while text.utf8.count + 3 <= byteCount - 1 { text += "界" }
        while text.utf8.count < byteCount - 1 { text += "x" }
        text.append(last)
        return text
    }

    static func summary(_ snapshot: PreferenceSnapshot) -> String {
        "v\(snapshot.version) [" + snapshot.preferences.map { "\($0.purpose)/\($0.key)=\($0.value)" }.joined(separator: ", ") + "]"
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition { Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation) }
    }

    static func expectStorageError(
        _ code: StorageError.Code, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected StorageError.\(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            if error.code != code {
                Issue.record("\(what): expected StorageError.\(code), got \(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(what): expected StorageError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }
}
