import Synchronization

/// The embedded ``PreferenceStore``: preferences in memory, guarded by a mutex.
///
/// Fits tests, demos and single-instance hosts; everything is lost when the
/// process ends.
public final class InMemoryPreferenceStore: PreferenceStore {
    private let sets = Mutex<[SubjectID: PreferenceSnapshot]>([:])

    /// An empty store.
    public init() {}

    /// The subject's set and version; ``PreferenceSnapshot/empty`` when none.
    public func preferences(of subject: SubjectID) async throws -> PreferenceSnapshot {
        sets.withLock { $0[subject] ?? .empty }
    }

    /// Replaces the set under the mutex if the version still matches; see ``PreferenceStore``.
    public func replacePreferences(
        of subject: SubjectID, with preferences: [Preference], expectedVersion: Int
    ) async throws -> Int {
        try validateReplacement(preferences, expectedVersion: expectedVersion, subject: subject)
        let sorted = preferences.sorted(by: Preference.storageOrder)
        return try sets.withLock { sets in
            let current = sets[subject]?.version ?? 0
            guard current == expectedVersion else {
                throw StorageError.conflict("preferences of \(subject)", expected: expectedVersion, actual: current)
            }
            sets[subject] = PreferenceSnapshot(version: current + 1, preferences: sorted)
            return current + 1
        }
    }

    /// Forgets the subject's set and version; returns how many preferences it held.
    public func deletePreferences(of subject: SubjectID) async throws -> Int {
        sets.withLock { $0.removeValue(forKey: subject)?.preferences.count ?? 0 }
    }
}
