public import ConsentKitCore

/// NIST RBAC review functions: who holds what, who is authorized for what.
///
/// These read the policy as data, without compiling it; each costs a walk of
/// the part of the hierarchy it concerns. Decisions (with deny rules, purposes
/// and tenants) come from a compiled ``PolicySnapshot``.
extension RBACPolicy {
    /// The principals assigned `role` directly, in any tenant (NIST AssignedUsers).
    public func assignedUsers(_ role: RoleID) -> Set<PrincipalID> {
        Set((assignmentsByRole[role] ?? []).map(\.principal))
    }

    /// The roles assigned to `principal` directly that count in `tenant`:
    /// those assigned in `tenant` and those assigned without a tenant (NIST AssignedRoles).
    public func assignedRoles(_ principal: PrincipalID, in tenant: TenantID? = nil) -> Set<RoleID> {
        Set((assignmentsByPrincipal[principal] ?? []).filter { $0.holds(in: tenant) }.map(\.role))
    }

    /// Every assignment of `principal`, in every tenant.
    public func assignments(of principal: PrincipalID) -> Set<RoleAssignment> {
        assignmentsByPrincipal[principal] ?? []
    }

    /// Every assignment of `role`, in every tenant.
    public func assignments(to role: RoleID) -> Set<RoleAssignment> {
        assignmentsByRole[role] ?? []
    }

    /// Every assignment in the policy, ordered by principal, role and tenant.
    public var assignments: [RoleAssignment] {
        assignmentsByPrincipal.values.flatMap { $0 }.sorted(by: RoleAssignment.precedes)
    }

    /// The principals authorized for `role` in some tenant: assigned it or a
    /// role senior to it (NIST AuthorizedUsers).
    public func authorizedUsers(_ role: RoleID) -> Set<PrincipalID> {
        var users = Set<PrincipalID>()
        for senior in upwardClosure(of: [role]) {
            for assignment in assignmentsByRole[senior] ?? [] { users.insert(assignment.principal) }
        }
        return users
    }

    /// The roles `principal` is authorized for in `tenant`: its assigned roles
    /// there and every role they inherit (NIST AuthorizedRoles).
    public func authorizedRoles(_ principal: PrincipalID, in tenant: TenantID? = nil) -> Set<RoleID> {
        closure(of: assignedRoles(principal, in: tenant))
    }

    /// The roles `role` inherits from directly.
    public func juniors(of role: RoleID) -> Set<RoleID> { juniorsByRole[role] ?? [] }

    /// The roles that inherit from `role` directly.
    public func seniors(of role: RoleID) -> Set<RoleID> { seniorsByRole[role] ?? [] }

    /// Every role `role` inherits from, directly or through others, not counting itself.
    public func allJuniors(of role: RoleID) -> Set<RoleID> {
        var roles = closure(of: [role])
        roles.remove(role)
        return roles
    }

    /// Every role inheriting from `role`, directly or through others, not counting itself.
    public func allSeniors(of role: RoleID) -> Set<RoleID> {
        var roles = upwardClosure(of: [role])
        roles.remove(role)
        return roles
    }

    /// The permissions of `role`: its own and, unless `includingInherited` is
    /// false, those of every role it inherits from (NIST RolePermissions).
    public func rolePermissions(_ role: RoleID, includingInherited: Bool = true) -> Set<Permission> {
        guard includingInherited else { return permissionsByRole[role] ?? [] }
        var permissions = Set<Permission>()
        for junior in closure(of: [role]) { permissions.formUnion(permissionsByRole[junior] ?? []) }
        return permissions
    }

    /// The permissions `principal` has in `tenant`: those of its authorized
    /// roles there that hold in `tenant` (NIST UserPermissions). Deny rules
    /// are not applied; ask a ``PolicySnapshot`` for decisions.
    public func userPermissions(_ principal: PrincipalID, tenant: TenantID? = nil) -> Set<Permission> {
        var permissions = Set<Permission>()
        for role in authorizedRoles(principal, in: tenant) {
            for permission in permissionsByRole[role] ?? [] where permission.admits(tenant: tenant) {
                permissions.insert(permission)
            }
        }
        return permissions
    }

    /// The actions `role` may perform on `resource`, inherited ones included
    /// (NIST RoleOperationsOnObject). A wildcard permission contributes `*`.
    public func roleOperations(_ role: RoleID, on resource: String) -> Set<AccessAction> {
        Set(rolePermissions(role).filter { $0.resource.matches(resource) }.map(\.action))
    }

    /// The actions `principal` may perform on `resource` in `tenant`
    /// (NIST UserOperationsOnObject), before deny rules and purposes.
    public func userOperations(_ principal: PrincipalID, on resource: String, tenant: TenantID? = nil) -> Set<AccessAction> {
        Set(userPermissions(principal, tenant: tenant).filter { $0.resource.matches(resource) }.map(\.action))
    }

    /// The static separation-of-duty sets, by name (NIST SsdRoleSets,
    /// SsdRoleSetRoles, SsdRoleSetCardinality).
    public var staticSeparations: [SeparationOfDuty] {
        staticSeparationsByName.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The dynamic separation-of-duty sets, by name (NIST DsdRoleSets,
    /// DsdRoleSetRoles, DsdRoleSetCardinality).
    public var dynamicSeparations: [SeparationOfDuty] {
        dynamicSeparationsByName.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The static separation-of-duty set named `name`, if any.
    public func staticSeparation(named name: String) -> SeparationOfDuty? { staticSeparationsByName[name] }

    /// The dynamic separation-of-duty set named `name`, if any.
    public func dynamicSeparation(named name: String) -> SeparationOfDuty? { dynamicSeparationsByName[name] }
}
