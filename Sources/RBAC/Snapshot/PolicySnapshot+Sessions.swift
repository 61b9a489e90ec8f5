public import ConsentKitCore

/// NIST RBAC sessions: creation, role activation with dynamic separation of
/// duty, and checks with the active roles only.
extension PolicySnapshot {
    /// Opens a session for `principal` in `tenant` with `activeRoles` active
    /// (NIST CreateSession). An empty set opens a session with no role active.
    /// - Throws: ``RBACError`` `.unknownPrincipal`; `.notAuthorized` for a role
    ///   the principal is not authorized for in `tenant` (assigned there or
    ///   without a tenant, or inherited from such a role); `.separationOfDuty`
    ///   when the roles include `cardinality` or more of a dynamic set.
    public func createSession(
        _ principal: PrincipalID, tenant: TenantID? = nil, activeRoles: Set<RoleID> = []
    ) throws(RBACError) -> RBACSession {
        guard policy.principals.contains(principal) else { throw .unknownPrincipal(principal) }
        let authorized = policy.authorizedRoles(principal, in: tenant)
        for role in activeRoles.sorted() where !authorized.contains(role) {
            throw Self.notAuthorized(principal, role, tenant)
        }
        try checkDynamicSeparation(activeRoles, principal: principal)
        return RBACSession(principal: principal, tenant: tenant, activeRoles: activeRoles)
    }

    /// Activates a role in a session (NIST AddActiveRole). Idempotent.
    /// - Throws: ``RBACError`` `.notAuthorized` when the principal is not
    ///   authorized for the role in the session's tenant; `.separationOfDuty`
    ///   when a dynamic set would be broken. The session is unchanged then.
    public func addActiveRole(_ role: RoleID, to session: inout RBACSession) throws(RBACError) {
        guard !session.activeRoles.contains(role) else { return }
        guard policy.authorizedRoles(session.principal, in: session.tenant).contains(role) else {
            throw Self.notAuthorized(session.principal, role, session.tenant)
        }
        var roles = session.activeRoles
        roles.insert(role)
        try checkDynamicSeparation(roles, principal: session.principal)
        session.activeRoles = roles
    }

    /// Deactivates a role (NIST DropActiveRole).
    /// - Throws: ``RBACError`` `.notFound` when the role is not active.
    public func dropActiveRole(_ role: RoleID, from session: inout RBACSession) throws(RBACError) {
        guard session.activeRoles.contains(role) else {
            throw RBACError(code: .notFound, message: "role \(role.rawValue.debugDescription) is not active in the session of \(session.principal)")
        }
        session.activeRoles.remove(role)
    }

    /// Whether the session may perform `action` on `resource` for `purpose`
    /// (NIST CheckAccess on a session); see ``check(_:_:_:)``.
    public func check(_ session: RBACSession, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil) -> Bool {
        check(session.accessContext(purpose: purpose), action, resource)
    }

    /// Explains ``check(_:_:_:purpose:)`` for a session.
    public func explain(_ session: RBACSession, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil)
        -> AccessExplanation
    {
        explain(session.accessContext(purpose: purpose), action, resource)
    }

    /// The permissions available through the session's active roles that
    /// hold in its tenant, inherited ones included (NIST SessionPermissions).
    /// Active roles no longer authorized count for nothing.
    public func sessionPermissions(_ session: RBACSession) -> Set<Permission> {
        let authorized = policy.authorizedRoles(session.principal, in: session.tenant)
        var permissions = Set<Permission>()
        for role in policy.closure(of: session.activeRoles.intersection(authorized)) {
            for permission in policy.rolePermissions(role, includingInherited: false)
            where permission.admits(tenant: session.tenant) {
                permissions.insert(permission)
            }
        }
        return permissions
    }

    /// The session's active roles that still count under this snapshot:
    /// those the principal is still authorized for.
    public func sessionRoles(_ session: RBACSession) -> Set<RoleID> {
        session.activeRoles.intersection(policy.authorizedRoles(session.principal, in: session.tenant))
    }

    private func checkDynamicSeparation(_ roles: Set<RoleID>, principal: PrincipalID) throws(RBACError) {
        for constraint in policy.dynamicSeparations {
            guard let conflicting = constraint.violation(in: roles) else { continue }
            throw RBACError(
                code: .separationOfDuty,
                message: "principal \(principal.rawValue.debugDescription) cannot have "
                    + conflicting.map(\.rawValue.debugDescription).joined(separator: ", ")
                    + " active together: \(conflicting.count) roles of dynamic separation-of-duty set \(constraint.name.debugDescription) (at most \(constraint.cardinality - 1) allowed)"
            )
        }
    }

    private static func notAuthorized(_ principal: PrincipalID, _ role: RoleID, _ tenant: TenantID?) -> RBACError {
        RBACError(
            code: .notAuthorized,
            message: "principal \(principal.rawValue.debugDescription) is not authorized for role \(role.rawValue.debugDescription)"
                + (tenant.map { " in tenant \($0.rawValue.debugDescription)" } ?? ""))
    }
}
