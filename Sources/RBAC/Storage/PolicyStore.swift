/// Where the access-control policy is kept, so several app instances
/// converge on one policy: one versioned document per store.
///
/// ## Contract for adapters
/// - ``load()`` returns `nil` until the first save, then the latest
///   acknowledged policy (read-your-writes) and its version, equal (`==`) to
///   what was saved — identifiers byte for byte, no case folding, no Unicode
///   normalization.
/// - ``save(_:expectedVersion:)`` is a compare-and-set: it succeeds only if
///   the stored version equals `expectedVersion` at the moment of writing
///   (0 when nothing is stored), for example `UPDATE ... WHERE version =
///   $expected` in a transaction or an insert guarded by a unique key for
///   version 0. It then replaces the policy whole and returns
///   `expectedVersion + 1`. Otherwise it throws ``RBACError`` `.conflict` and
///   changes nothing. No acknowledged save may be lost.
/// - Store the policy as its JSON document (``RBACPolicy/jsonBytes``) and
///   read it back with `RBACPolicy.decode(json:limits:)`, which validates
///   it; a stored document that no longer decodes is an error of `load()`,
///   never a partial policy.
/// - Other failures throw; wrap them in ``RBACError`` `.storeFailure` or
///   throw your own errors — ``AccessController/reload(from:limits:)`` wraps them.
///
/// `ConsentKitTesting.PolicyStoreConformance` checks all of this.
public protocol PolicyStore: Sendable {
    /// The stored policy and its version, or `nil` when none was saved yet.
    func load() async throws -> VersionedPolicy?

    /// Replaces the stored policy if its version is still `expectedVersion`
    /// (0 for an empty store); returns the new version, `expectedVersion + 1`.
    /// - Throws: ``RBACError`` `.conflict` when another save came first.
    func save(_ policy: RBACPolicy, expectedVersion: UInt64) async throws -> UInt64
}

extension PolicyStore {
    /// The error a store throws when `expectedVersion` is stale.
    public static func conflict(expected: UInt64, actual: UInt64) -> RBACError {
        RBACError(code: .conflict, message: "the stored policy is at version \(actual), the save expected \(expected)")
    }
}
