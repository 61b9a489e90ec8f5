public import ConsentKitCore

/// Why a request was allowed or denied: the chain from the principal through
/// its roles to the permission that allowed it, the deny rule that refused
/// it, or what was missing.
///
/// ```swift
/// let why = snapshot.explain(alice, .read, "customers/42", purpose: marketing, tenant: acme)
/// why.isAllowed       // false
/// why.description     // "alice may not read customers/42 for marketing in acme: purpose not granted (allowed for: support)"
/// ```
public struct AccessExplanation: Hashable, Sendable, CustomStringConvertible {
    /// The decision and what it rests on.
    public enum Reason: Hashable, Sendable {
        /// Allowed: `path` runs from a role the principal holds (or has active)
        /// through inherited roles to the role holding `permission`.
        case granted(path: [RoleID], permission: Permission)
        /// Refused by `rule`. `path` runs from a role the principal holds to
        /// the role the rule names; empty when the rule names the principal.
        case denied(rule: DenyRule, path: [RoleID])
        /// The principal is not in the policy.
        case unknownPrincipal
        /// The principal holds no role that counts in the request's tenant
        /// (or, for a session, has none active).
        case noRole
        /// The principal's roles have no permission for this action and resource.
        case noPermission
        /// A permission covers the action and resource, but only for other
        /// purposes (or the request named no purpose): `allowed` lists them.
        case purposeNotGranted(allowed: Set<PurposeID>)
        /// The access would be allowed in other tenants (roles assigned there,
        /// or permissions restricted to them), listed in `allowedIn`.
        case wrongTenant(allowedIn: Set<TenantID>)
        /// A role the principal is authorized for would allow it, but the
        /// session does not have it active.
        case roleNotActive(Set<RoleID>)
    }

    /// Who asked.
    public let principal: PrincipalID
    /// The action asked for.
    public let action: AccessAction
    /// The resource asked for.
    public let resource: String
    /// The request's purpose.
    public let purpose: PurposeID?
    /// The request's tenant.
    public let tenant: TenantID?
    /// The decision's reason.
    public let reason: Reason

    /// Creates an explanation; snapshots build them.
    public init(
        principal: PrincipalID, action: AccessAction, resource: String, purpose: PurposeID?, tenant: TenantID?,
        reason: Reason
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.purpose = purpose
        self.tenant = tenant
        self.reason = reason
    }

    /// Whether the request was allowed.
    public var isAllowed: Bool {
        if case .granted = reason { return true }
        return false
    }

    /// One line: the request, the decision, and the chain or what was missing.
    public var description: String {
        var text = "\(principal) may\(isAllowed ? "" : " not") \(action) \(resource)"
        if let purpose { text += " for \(purpose)" }
        if let tenant { text += " in \(tenant)" }
        text += ": "
        func chain(_ path: [RoleID]) -> String {
            ([principal.rawValue] + path.map(\.rawValue)).joined(separator: " → ")
        }
        switch reason {
        case .granted(let path, let permission):
            text += "\(chain(path)) → \(permission)"
        case .denied(let rule, let path):
            text += "\(chain(path)): \(rule)"
        case .unknownPrincipal:
            text += "unknown principal"
        case .noRole:
            text += "no role" + (tenant.map { " in \($0)" } ?? "")
        case .noPermission:
            text += "no permission"
        case .purposeNotGranted(let allowed):
            text += "purpose not granted (allowed for: \(allowed.sorted().map(\.rawValue).joined(separator: ", ")))"
        case .wrongTenant(let tenants):
            text += "wrong tenant (allowed in: \(tenants.sorted().map(\.rawValue).joined(separator: ", ")))"
        case .roleNotActive(let roles):
            text += "role not active (activate one of: \(roles.sorted().map(\.rawValue).joined(separator: ", ")))"
        }
        return text
    }
}

extension PolicySnapshot {
    /// Explains the decision ``check(_:_:_:purpose:tenant:)`` makes for the
    /// same request: the role path and permission that allow it, the deny rule
    /// that refuses it, or what is missing (a role in this tenant, a
    /// permission, the purpose, the tenant).
    ///
    /// Cost: a walk of the principal's roles and their permissions; allocates.
    public func explain(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        tenant: TenantID? = nil
    ) -> AccessExplanation {
        AccessExplanation(
            principal: principal, action: action, resource: resource, purpose: purpose, tenant: tenant,
            reason: reason(principal, action, resource, purpose: purpose, tenant: tenant, active: nil))
    }

    /// Explains the decision ``check(_:_:_:)`` makes for an access context
    /// (only its active roles allow; deny rules apply to every role held).
    public func explain(_ context: AccessContext, _ action: AccessAction, _ resource: String) -> AccessExplanation {
        AccessExplanation(
            principal: context.principal, action: action, resource: resource, purpose: context.purpose,
            tenant: context.tenant,
            reason: reason(
                context.principal, action, resource, purpose: context.purpose, tenant: context.tenant,
                active: context.roles))
    }

    func reason(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID?, tenant: TenantID?,
        active: Set<RoleID>?
    ) -> AccessExplanation.Reason {
        guard policy.principals.contains(principal) else { return .unknownPrincipal }
        let assigned = policy.assignedRoles(principal, in: tenant)
        let authorized = policy.closure(of: assigned)

        // Deny-override first, against every role held, as checks do.
        for rule in policy.denyRules.sorted(by: DenyRule.precedes)
        where rule.covers(action, resource, purpose: purpose, tenant: tenant) {
            switch rule.subject {
            case .principal(let named) where named == principal:
                return .denied(rule: rule, path: [])
            case .role(let role) where authorized.contains(role):
                return .denied(rule: rule, path: path(from: assigned, to: role) ?? [role])
            default:
                continue
            }
        }

        let roots = active.map { $0.intersection(authorized) } ?? assigned
        let reachable = policy.closure(of: roots)
        if let grant = firstGrant(from: roots, action, resource, purpose: purpose, tenant: tenant) {
            return .granted(path: grant.path, permission: grant.permission)
        }

        let covering = reachable.flatMap { role in
            (policy.permissionsByRole[role] ?? []).filter { $0.action.covers(action) && $0.resource.matches(resource) }
        }
        let purposeMisses = covering.filter { $0.admits(tenant: tenant) && !$0.admits(purpose: purpose) }
        if !purposeMisses.isEmpty {
            return .purposeNotGranted(allowed: Set(purposeMisses.flatMap { $0.purposes ?? [] }))
        }
        let tenantMisses = covering.filter { $0.admits(purpose: purpose) && !$0.admits(tenant: tenant) }
        if !tenantMisses.isEmpty {
            return .wrongTenant(allowedIn: Set(tenantMisses.compactMap(\.tenant)))
        }
        if active != nil {
            let inactive = authorized.subtracting(reachable).filter { role in
                policy.rolePermissions(role).contains { $0.allows(action, resource, purpose: purpose, tenant: tenant) }
            }
            if !inactive.isEmpty { return .roleNotActive(inactive) }
        }
        var elsewhere = Set<TenantID>()
        for assignment in policy.assignments(of: principal) {
            guard let other = assignment.tenant, other != tenant else { continue }
            let allows = policy.authorizedRoles(principal, in: other).contains { role in
                (policy.permissionsByRole[role] ?? []).contains { $0.allows(action, resource, purpose: purpose, tenant: other) }
            }
            if allows { elsewhere.insert(other) }
        }
        if !elsewhere.isEmpty { return .wrongTenant(allowedIn: elsewhere) }
        return roots.isEmpty ? .noRole : .noPermission
    }

    /// The first permission reached breadth first from `roots` (so the
    /// shortest chain is reported) that allows the request.
    func firstGrant(
        from roots: Set<RoleID>, _ action: AccessAction, _ resource: String, purpose: PurposeID?, tenant: TenantID?
    ) -> (path: [RoleID], permission: Permission)? {
        var previous: [RoleID: RoleID] = [:]
        var queue = roots.sorted()
        var seen = Set(queue)
        var head = 0
        while head < queue.count {
            let role = queue[head]
            head += 1
            let permissions = (policy.permissionsByRole[role] ?? []).sorted(by: Permission.precedes)
            if let permission = permissions.first(where: { $0.allows(action, resource, purpose: purpose, tenant: tenant) }) {
                var path = [role]
                var cursor = role
                while let step = previous[cursor] {
                    path.append(step)
                    cursor = step
                }
                return (path.reversed(), permission)
            }
            for junior in policy.juniors(of: role).sorted() where seen.insert(junior).inserted {
                previous[junior] = role
                queue.append(junior)
            }
        }
        return nil
    }

    /// The shortest chain from one of `roots` down to `target`.
    func path(from roots: Set<RoleID>, to target: RoleID) -> [RoleID]? {
        roots.sorted().compactMap { policy.inheritancePath(from: $0, to: target) }.min { $0.count < $1.count }
    }
}
