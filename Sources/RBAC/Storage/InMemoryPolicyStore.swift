import Synchronization

/// The embedded ``PolicyStore``: the policy in memory, guarded by a mutex.
///
/// Fits tests, demos and single-instance hosts; the policy is lost when the
/// process ends.
public final class InMemoryPolicyStore: PolicyStore {
    private let stored = Mutex<VersionedPolicy?>(nil)

    /// An empty store, or one holding `policy` at version 1.
    public init(policy: RBACPolicy? = nil) {
        if let policy { stored.withLock { $0 = VersionedPolicy(policy: policy, version: 1) } }
    }

    /// The stored policy and version; `nil` before the first save.
    public func load() async throws -> VersionedPolicy? {
        stored.withLock { $0 }
    }

    /// Replaces the policy under the mutex if the version still matches; see ``PolicyStore``.
    public func save(_ policy: RBACPolicy, expectedVersion: UInt64) async throws -> UInt64 {
        try stored.withLock { (stored: inout VersionedPolicy?) throws(RBACError) -> UInt64 in
            let current = stored?.version ?? 0
            guard current == expectedVersion else { throw Self.conflict(expected: expectedVersion, actual: current) }
            stored = VersionedPolicy(policy: policy, version: current + 1)
            return current + 1
        }
    }
}
