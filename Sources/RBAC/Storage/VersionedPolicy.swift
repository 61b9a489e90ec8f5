/// A policy as stored, with the version a ``PolicyStore`` gave it.
public struct VersionedPolicy: Hashable, Sendable {
    /// The policy.
    public let policy: RBACPolicy
    /// Its version: 1 for the first save, one more for each save after.
    public let version: UInt64

    /// Pairs a policy with its version.
    public init(policy: RBACPolicy, version: UInt64) {
        self.policy = policy
        self.version = version
    }
}
