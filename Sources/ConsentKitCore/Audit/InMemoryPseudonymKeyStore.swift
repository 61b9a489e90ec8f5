import Synchronization

/// A ``PseudonymKeyStore`` in process memory, for tests and demos.
///
/// Keys do not survive the process, so pseudonyms computed before a restart
/// can no longer be recomputed after it: a durable host needs a durable store.
public final class InMemoryPseudonymKeyStore: PseudonymKeyStore {
    private let keys: Mutex<[SubjectID: PseudonymKey]>

    /// An empty store.
    public init() {
        keys = Mutex([:])
    }

    /// The subject's key, created on first use.
    public func key(for subject: SubjectID) async throws -> PseudonymKey {
        keys.withLock { keys in
            if let key = keys[subject] { return key }
            let key = PseudonymKey.random()
            keys[subject] = key
            return key
        }
    }

    /// The subject's key, if any.
    public func existingKey(for subject: SubjectID) async throws -> PseudonymKey? {
        keys.withLock { $0[subject] }
    }

    /// Removes the subject's key.
    public func eraseKey(for subject: SubjectID) async throws {
        _ = keys.withLock { $0.removeValue(forKey: subject) }
    }
}
