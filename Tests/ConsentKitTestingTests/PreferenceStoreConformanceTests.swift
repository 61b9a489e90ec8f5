import ConsentKitCore
import ConsentKitTesting
import Foundation
import Synchronization
import Testing

@Suite("PreferenceStore conformance: InMemoryPreferenceStore")
struct PreferenceStoreConformanceTests {
    /// One shared store, as the suite asks: every handle sees the same data.
    let conformance: PreferenceStoreConformance = {
        let store = InMemoryPreferenceStore()
        return PreferenceStoreConformance { store }
    }()

    @Test func ordering() async throws { try await conformance.ordering() }
    @Test func expectedVersionConflicts() async throws { try await conformance.expectedVersionConflicts() }
    @Test func concurrentWriters() async throws { try await conformance.concurrentWriters() }
    @Test func deletionReallyDeletes() async throws { try await conformance.deletionReallyDeletes() }
    @Test func invalidRequests() async throws { try await conformance.invalidRequests() }
    @Test func exactIdentifiers() async throws { try await conformance.exactIdentifiers() }
    @Test func runAll() async throws { try await conformance.runAll() }

    @Test func independentStoresAreReported() async {
        // Handles that do not share data cannot model two instances: the suite says so.
        let conformance = PreferenceStoreConformance { InMemoryPreferenceStore() }
        await withKnownIssue("makeStore returned independent stores") {
            try await conformance.concurrentWriters()
        }
    }
}

@Suite("PreferenceStore conformance catches defective stores")
struct PreferenceStoreConformanceFailureTests {
    enum Area: String, Sendable, CustomStringConvertible {
        case ordering, expectedVersionConflicts, concurrentWriters, deletionReallyDeletes, invalidRequests, exactIdentifiers

        var description: String { rawValue }

        func run(_ conformance: PreferenceStoreConformance) async throws {
            switch self {
            case .ordering: try await conformance.ordering()
            case .expectedVersionConflicts: try await conformance.expectedVersionConflicts()
            case .concurrentWriters: try await conformance.concurrentWriters()
            case .deletionReallyDeletes: try await conformance.deletionReallyDeletes()
            case .invalidRequests: try await conformance.invalidRequests()
            case .exactIdentifiers: try await conformance.exactIdentifiers()
            }
        }
    }

    @Test(arguments: [
        (DefectivePreferenceStore.Defect.ignoresExpectedVersion, Area.expectedVersionConflicts),
        (.readsUnsorted, .ordering),
        (.truncatesTimestamps, .ordering),
        (.dropsWrites, .concurrentWriters),
        (.softDeletes, .deletionReallyDeletes),
        (.acceptsDuplicateKeys, .invalidRequests),
        (.foldsCase, .exactIdentifiers),
    ])
    func defectIsReported(_ defect: DefectivePreferenceStore.Defect, _ area: Area) async {
        let store = DefectivePreferenceStore(defect)
        await withKnownIssue("a store that \(defect) must fail \(area)") {
            try await area.run(PreferenceStoreConformance { store })
        }
    }

    @Test(arguments: DefectivePreferenceStore.Defect.allCases)
    func runAllReportsEveryDefect(_ defect: DefectivePreferenceStore.Defect) async {
        let store = DefectivePreferenceStore(defect)
        await withKnownIssue("a store that \(defect) must fail runAll()") {
            try await PreferenceStoreConformance { store }.runAll()
        }
    }
}

/// A preference store with exactly one deliberate defect; otherwise like
/// ``InMemoryPreferenceStore``.
final class DefectivePreferenceStore: PreferenceStore {
    enum Defect: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Writes whatever the stored version: no compare-and-set.
        case ignoresExpectedVersion
        /// Returns sets in reverse storage order.
        case readsUnsorted
        /// Keeps dates to whole milliseconds, like a `timestamp(3)` column.
        case truncatesTimestamps
        /// Acknowledges every 37th write without storing it.
        case dropsWrites
        /// Hides deleted sets but keeps their version.
        case softDeletes
        /// Never checks for a (purpose, key) given twice.
        case acceptsDuplicateKeys
        /// Keys subjects by their lower-cased, composed id (a case-insensitive, normalizing collation).
        case foldsCase

        var description: String { rawValue }
    }

    private struct State {
        var sets: [String: PreferenceSnapshot] = [:]
        var deleted: Set<String> = []
        var writes = 0
    }

    private let defect: Defect
    private let state = Mutex(State())

    init(_ defect: Defect) {
        self.defect = defect
    }

    private func key(_ subject: SubjectID) -> String {
        defect == .foldsCase ? subject.rawValue.precomposedStringWithCanonicalMapping.lowercased() : subject.rawValue
    }

    func preferences(of subject: SubjectID) async throws -> PreferenceSnapshot {
        let key = key(subject)
        return state.withLock { state in
            guard let snapshot = state.sets[key] else { return .empty }
            if defect == .softDeletes && state.deleted.contains(key) {
                return PreferenceSnapshot(version: 0, preferences: [])
            }
            if defect == .readsUnsorted {
                return PreferenceSnapshot(version: snapshot.version, preferences: snapshot.preferences.reversed())
            }
            return snapshot
        }
    }

    func replacePreferences(of subject: SubjectID, with preferences: [Preference], expectedVersion: Int) async throws -> Int {
        if defect != .acceptsDuplicateKeys {
            try validateReplacement(preferences, expectedVersion: expectedVersion, subject: subject)
        }
        var stored = preferences.sorted(by: Preference.storageOrder)
        if defect == .truncatesTimestamps {
            stored = try stored.map { preference in
                func truncate(_ date: Date) -> Date {
                    Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1_000).rounded(.down) / 1_000)
                }
                return try Preference(
                    key: preference.key, value: preference.value, provenance: preference.provenance,
                    purpose: preference.purpose, recordedAt: truncate(preference.recordedAt),
                    updatedAt: truncate(preference.updatedAt), source: preference.source)
            }
        }
        let key = key(subject)
        return try state.withLock { state in
            state.writes += 1
            let current = state.sets[key]?.version ?? 0
            let visible = defect == .softDeletes && state.deleted.contains(key) ? 0 : current
            if defect != .ignoresExpectedVersion {
                guard visible == expectedVersion else {
                    throw StorageError.conflict("preferences of \(subject)", expected: expectedVersion, actual: visible)
                }
            }
            if defect == .dropsWrites && state.writes % 37 == 0 { return current + 1 }
            state.deleted.remove(key)
            state.sets[key] = PreferenceSnapshot(version: current + 1, preferences: stored)
            return current + 1
        }
    }

    func deletePreferences(of subject: SubjectID) async throws -> Int {
        let key = key(subject)
        return state.withLock { state in
            if defect == .softDeletes {
                guard state.sets[key] != nil, state.deleted.insert(key).inserted else { return 0 }
                return state.sets[key]?.preferences.count ?? 0
            }
            return state.sets.removeValue(forKey: key)?.preferences.count ?? 0
        }
    }
}
