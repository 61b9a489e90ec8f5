public import ConsentKitCore

/// An immutable, compiled policy that answers access checks in nanoseconds.
///
/// ```swift
/// let snapshot = try PolicySnapshot(compiling: policy)
/// snapshot.check(alice, .read, "customers/42", purpose: support, tenant: acme)     // true
/// snapshot.explain(alice, .export, "customers/42", tenant: acme).description
/// // "alice may not export customers/42 in acme: alice → support-agent: deny role:support-agent export **"
/// ```
///
/// **Semantics.** A request is allowed when one of the principal's roles in
/// the request's tenant — an assigned role or one it inherits — holds a
/// permission whose action, resource pattern, purposes and tenant all admit
/// the request, and no deny rule for the principal or any of those roles
/// admits it (deny-override). An assignment made in a tenant counts only
/// for requests in that tenant; one made without a tenant counts for all.
/// A permission or deny rule listing purposes admits only requests made for
/// one of them.
///
/// **Cost.** Compiling interns every identifier and precomputes each
/// principal's effective roles per tenant, so ``check(_:_:_:purpose:tenant:)``
/// is a few table lookups and binary searches over the rules of the
/// requested resource: it does not allocate and does not grow with the
/// number of rules, principals or roles. ``explain(_:_:_:purpose:tenant:)``,
/// ``fieldGrants(for:action:resource:)`` and the review queries read the
/// policy and may allocate.
///
/// A snapshot is a value (`Sendable`): share it between tasks freely. An
/// ``AccessController`` swaps snapshots atomically when the policy changes.
public struct PolicySnapshot: Sendable {
    /// The policy this snapshot was compiled from.
    public var policy: RBACPolicy { compiled.policy }
    /// The policy's version: the store version for snapshots loaded from a
    /// ``PolicyStore``, otherwise what the compiler was given (an
    /// ``AccessController`` counts up from the previous snapshot).
    public let version: UInt64
    let compiled: CompiledPolicy

    /// Compiles a policy.
    ///
    /// Cost: O(size of the policy) — about 0.3 s for 100,000 principals,
    /// 10,000 roles and 110,000 rules on one core; memory about twice the
    /// policy's.
    /// - Throws: ``RBACError`` `.tooLarge` when a count is over `limits`.
    public init(compiling policy: RBACPolicy, version: UInt64 = 0, limits: RBACLimits = .default) throws(RBACError) {
        try limits.check(policy)
        self.init(version: version, compiled: CompiledPolicy(policy))
    }

    // One reference and a number, so handing a snapshot out of an
    // AccessController's lock costs a single retain.
    init(version: UInt64, compiled: CompiledPolicy) {
        self.version = version
        self.compiled = compiled
    }

    /// The same compiled policy under another version number.
    func withVersion(_ version: UInt64) -> PolicySnapshot {
        PolicySnapshot(version: version, compiled: compiled)
    }

    /// The snapshot of the empty policy, version 0: every check is denied.
    public static let empty = PolicySnapshot(version: 0, compiled: CompiledPolicy(RBACPolicy()))

    // MARK: Checking

    /// Whether `principal` may perform `action` on `resource`, for `purpose`,
    /// in `tenant`, with every role it holds there (NIST CheckAccess).
    ///
    /// Allocation-free; cost independent of the number of rules (see the type's discussion).
    /// An unknown principal, or one holding no role in `tenant`, is denied.
    public func check(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        tenant: TenantID? = nil
    ) -> Bool {
        let index = compiled.principals.index(of: principal.rawValue)
        guard index >= 0 else { return false }
        let request = compiled.resolve(principal: index, action: action, purpose: purpose, tenant: tenant)
        let roles = compiled.scope(of: index, tenant: request.tenant)
        return compiled.decide(request, resource: resource, allowing: roles, denying: roles)
    }

    /// Whether the access described by `context` may perform `action` on
    /// `resource`, using only the context's active roles (and the roles they
    /// inherit). Roles the principal is not authorized for in the context's
    /// tenant are ignored. Deny rules apply to every role the principal holds
    /// there, active or not.
    ///
    /// Cost: as ``check(_:_:_:purpose:tenant:)`` plus building the active roles' closure (allocates).
    public func check(_ context: AccessContext, _ action: AccessAction, _ resource: String) -> Bool {
        guard let resolved = resolve(context, action) else { return false }
        return resolved.active.withUnsafeBufferPointer { active in
            compiled.effectiveRoles.withUnsafeBufferPointer { all in
                compiled.decide(
                    resolved.request, resource: resource, allowing: active,
                    denying: UnsafeBufferPointer(rebasing: all[resolved.authorized]))
            }
        }
    }

    // MARK: Field grants

    /// The field grants the access carries: those of every permission that
    /// allows `action` on `resource` through the context's active roles (and
    /// the roles they inherit), merged so each field appears once at its most
    /// revealing level, sorted by field. Empty when the access is not allowed
    /// (no permission, or a deny rule).
    ///
    /// Masking turns these into the access's masking plan; a field no grant
    /// covers stays hidden.
    public func fieldGrants(for context: AccessContext, action: AccessAction, resource: String) -> [FieldGrant] {
        guard let resolved = resolve(context, action) else { return [] }
        let sources = resolved.active.withUnsafeBufferPointer { active in
            compiled.effectiveRoles.withUnsafeBufferPointer { all in
                compiled.allowingPermissions(
                    resolved.request, resource: resource, allowing: active,
                    denying: UnsafeBufferPointer(rebasing: all[resolved.authorized]))
            }
        }
        return Self.merged(sources.flatMap { compiled.permissionList[$0].fields })
    }

    /// The field grants of an access by `principal` with every role it holds
    /// in `tenant`; see ``fieldGrants(for:action:resource:)``.
    public func fieldGrants(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        tenant: TenantID? = nil
    ) -> [FieldGrant] {
        let index = compiled.principals.index(of: principal.rawValue)
        guard index >= 0 else { return [] }
        let request = compiled.resolve(principal: index, action: action, purpose: purpose, tenant: tenant)
        let roles = compiled.scope(of: index, tenant: request.tenant)
        let sources = compiled.effectiveRoles.withUnsafeBufferPointer { all in
            let buffer = UnsafeBufferPointer(rebasing: all[roles])
            return compiled.allowingPermissions(request, resource: resource, allowing: buffer, denying: buffer)
        }
        return Self.merged(sources.flatMap { compiled.permissionList[$0].fields })
    }

    /// An access context for `principal` in `tenant` with every role assigned
    /// to it there active (roles inherited through them count without being listed).
    public func accessContext(for principal: PrincipalID, purpose: PurposeID? = nil, tenant: TenantID? = nil) -> AccessContext {
        AccessContext(
            principal: principal, roles: policy.assignedRoles(principal, in: tenant), purpose: purpose, tenant: tenant)
    }

    // MARK: Internals

    struct ResolvedContext {
        let request: ResolvedRequest
        /// The principal's effective roles in the context's tenant (a run of `effectiveRoles`).
        let authorized: Range<Int>
        /// The sorted closure of the context's authorized active roles.
        let active: [Int32]
    }

    func resolve(_ context: AccessContext, _ action: AccessAction) -> ResolvedContext? {
        let index = compiled.principals.index(of: context.principal.rawValue)
        guard index >= 0 else { return nil }
        let request = compiled.resolve(
            principal: index, action: action, purpose: context.purpose, tenant: context.tenant)
        let authorized = compiled.scope(of: index, tenant: request.tenant)
        var roots: [Int32] = []
        compiled.effectiveRoles.withUnsafeBufferPointer { all in
            let held = UnsafeBufferPointer(rebasing: all[authorized])
            for role in context.roles {
                let roleIndex = compiled.roles.index(of: role.rawValue)
                if roleIndex >= 0, CompiledPolicy.contains(held, Int32(roleIndex)) { roots.append(Int32(roleIndex)) }
            }
        }
        return ResolvedContext(request: request, authorized: authorized, active: compiled.closure(of: roots))
    }

    /// One grant per field, at its most revealing level, sorted by field.
    static func merged(_ grants: [FieldGrant]) -> [FieldGrant] {
        Permission.normalized(grants)
    }
}
