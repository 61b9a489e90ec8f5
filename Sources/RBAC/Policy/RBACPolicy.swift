public import ConsentKitCore

/// A whole access-control policy as data: roles and their permissions, the
/// role hierarchy, who holds which role in which tenant, deny rules and
/// separation-of-duty constraints (NIST RBAC: core, general hierarchies,
/// static and dynamic separation of duty).
///
/// ```swift
/// var policy = RBACPolicy()
/// let agent = try RoleID("support-agent"), employee = try RoleID("employee")
/// policy.addRole(agent)
/// policy.addRole(employee)
/// try policy.addInheritance(senior: agent, junior: employee)
/// try policy.addPermission(
///     Permission(action: .read, resource: try ResourcePattern("customers/*"), purposes: [try PurposeID("support")],
///                fields: [FieldGrant(field: try FieldPath("card.number"), level: .partial)]),
///     to: agent)
/// try policy.assign(try PrincipalID("alice"), to: agent, in: try TenantID("acme"))
/// let snapshot = try PolicySnapshot(compiling: policy)
/// ```
///
/// **Always valid.** Every mutation validates before it changes anything and
/// throws ``RBACError`` leaving the policy exactly as it was: there is no way
/// to build a policy with an unknown role, a cyclic hierarchy or a principal
/// breaking a static separation-of-duty constraint, and decoding
/// (`decode(json:limits:)`, `Codable`) checks the same rules.
///
/// **Tenants.** An assignment made in a tenant counts only for requests in
/// that tenant; one made without a tenant counts everywhere. Separation of
/// duty is checked per tenant: the roles a principal holds in tenant T are
/// those assigned in T plus those assigned without a tenant.
///
/// **Principals.** ``assign(_:to:in:)`` and principal deny rules add their
/// principal to ``principals``; ``addPrincipal(_:)`` adds one with no role
/// (NIST AddUser).
///
/// Value semantics: copy, change and compile the copy while the old
/// snapshot keeps serving. Mutations cost O(1) hash operations plus, where
/// noted, a walk of the affected part of the hierarchy.
public struct RBACPolicy: Hashable, Sendable {
    /// Every declared role.
    public private(set) var roles: Set<RoleID> = []
    /// Every known principal (NIST USERS).
    public private(set) var principals: Set<PrincipalID> = []
    /// Every deny rule.
    public private(set) var denyRules: Set<DenyRule> = []

    // Never holds an empty set, so equal policies have equal storage.
    private(set) var permissionsByRole: [RoleID: Set<Permission>] = [:]
    private(set) var juniorsByRole: [RoleID: Set<RoleID>] = [:]
    private(set) var seniorsByRole: [RoleID: Set<RoleID>] = [:]
    private(set) var assignmentsByPrincipal: [PrincipalID: Set<RoleAssignment>] = [:]
    private(set) var assignmentsByRole: [RoleID: Set<RoleAssignment>] = [:]
    private(set) var staticSeparationsByName: [String: SeparationOfDuty] = [:]
    private(set) var dynamicSeparationsByName: [String: SeparationOfDuty] = [:]

    /// An empty policy: no role, no principal, nothing allowed.
    public init() {}

    // MARK: Roles (NIST AddRole, DeleteRole)

    /// Declares a role. Idempotent.
    public mutating func addRole(_ role: RoleID) {
        roles.insert(role)
    }

    /// Deletes a role with its permissions, inheritance edges, assignments and
    /// deny rules (NIST DeleteRole). Edges through the role are not bridged:
    /// a senior of the role no longer inherits the role's juniors through it.
    /// - Throws: ``RBACError`` `.unknownRole`; `.separationOfDuty` when a
    ///   separation-of-duty set lists the role (change the set first, so a
    ///   constraint never weakens silently).
    public mutating func removeRole(_ role: RoleID) throws(RBACError) {
        guard roles.contains(role) else { throw .unknownRole(role) }
        for constraint in staticSeparationsByName.values.sorted(by: { $0.name < $1.name })
        where constraint.roles.contains(role) {
            throw RBACError(
                code: .separationOfDuty,
                message: "role \(role.rawValue.debugDescription) is in static separation-of-duty set \(constraint.name.debugDescription); update the set first")
        }
        for constraint in dynamicSeparationsByName.values.sorted(by: { $0.name < $1.name })
        where constraint.roles.contains(role) {
            throw RBACError(
                code: .separationOfDuty,
                message: "role \(role.rawValue.debugDescription) is in dynamic separation-of-duty set \(constraint.name.debugDescription); update the set first")
        }
        roles.remove(role)
        permissionsByRole[role] = nil
        for junior in juniorsByRole.removeValue(forKey: role) ?? [] { Self.remove(role, from: junior, in: &seniorsByRole) }
        for senior in seniorsByRole.removeValue(forKey: role) ?? [] { Self.remove(role, from: senior, in: &juniorsByRole) }
        for assignment in assignmentsByRole.removeValue(forKey: role) ?? [] {
            Self.remove(assignment, from: assignment.principal, in: &assignmentsByPrincipal)
        }
        denyRules = denyRules.filter { $0.subject != .role(role) }
    }

    // MARK: Principals (NIST AddUser, DeleteUser)

    /// Adds a principal holding no role yet. Idempotent.
    public mutating func addPrincipal(_ principal: PrincipalID) {
        principals.insert(principal)
    }

    /// Deletes a principal with its assignments and the deny rules naming it
    /// (NIST DeleteUser). Its sessions lose every role at their next check.
    /// - Throws: ``RBACError`` `.unknownPrincipal`.
    public mutating func removePrincipal(_ principal: PrincipalID) throws(RBACError) {
        guard principals.contains(principal) else { throw .unknownPrincipal(principal) }
        principals.remove(principal)
        for assignment in assignmentsByPrincipal.removeValue(forKey: principal) ?? [] {
            Self.remove(assignment, from: assignment.role, in: &assignmentsByRole)
        }
        denyRules = denyRules.filter { $0.subject != .principal(principal) }
    }

    // MARK: Permissions (NIST GrantPermission, RevokePermission)

    /// Grants a permission to a role (NIST GrantPermission). Idempotent.
    /// - Throws: ``RBACError`` `.unknownRole`; `.invalidArgument` for an
    ///   empty purpose set (use `nil` for any purpose).
    public mutating func addPermission(_ permission: Permission, to role: RoleID) throws(RBACError) {
        guard roles.contains(role) else { throw .unknownRole(role) }
        if let purposes = permission.purposes, purposes.isEmpty {
            throw RBACError(
                code: .invalidArgument,
                message: "permission \(permission) for role \(role.rawValue.debugDescription) has an empty purpose set; use nil for any purpose")
        }
        permissionsByRole[role, default: []].insert(permission)
    }

    /// Revokes a permission from a role (NIST RevokePermission).
    /// - Throws: ``RBACError`` `.unknownRole`; `.notFound` when the role does
    ///   not hold exactly this permission directly.
    public mutating func removePermission(_ permission: Permission, from role: RoleID) throws(RBACError) {
        guard roles.contains(role) else { throw .unknownRole(role) }
        guard permissionsByRole[role]?.contains(permission) == true else {
            throw RBACError(code: .notFound, message: "role \(role.rawValue.debugDescription) does not hold permission \(permission)")
        }
        Self.remove(permission, from: role, in: &permissionsByRole)
    }

    // MARK: Hierarchy (NIST AddInheritance, DeleteInheritance, AddAscendant, AddDescendant)

    /// Makes `senior` inherit every permission of `junior` (and of `junior`'s
    /// juniors); whoever holds `senior` is authorized for `junior`. Idempotent.
    ///
    /// Cost: a walk of the roles below `junior`, plus, when static
    /// separation-of-duty sets exist, a check of every principal holding
    /// `senior` or a role above it.
    /// - Throws: ``RBACError`` `.unknownRole`; `.cycle` when `junior` is
    ///   `senior` or already inherits from it; `.separationOfDuty` when a
    ///   principal would then hold conflicting roles.
    public mutating func addInheritance(senior: RoleID, junior: RoleID) throws(RBACError) {
        guard roles.contains(senior) else { throw .unknownRole(senior) }
        guard roles.contains(junior) else { throw .unknownRole(junior) }
        if juniorsByRole[senior]?.contains(junior) == true { return }
        if let path = inheritancePath(from: junior, to: senior) {
            throw RBACError(
                code: .cycle,
                message: "\(senior.rawValue.debugDescription) inheriting \(junior.rawValue.debugDescription) would close the cycle "
                    + (path + [junior]).map(\.rawValue.debugDescription).joined(separator: " → "))
        }
        // Mutate in place and undo on error: copying the policy would copy
        // its tables on every edge of a large import.
        juniorsByRole[senior, default: []].insert(junior)
        seniorsByRole[junior, default: []].insert(senior)
        if !staticSeparationsByName.isEmpty {
            for principal in authorizedUsers(senior).sorted() {
                if let error = staticViolation(of: principal) {
                    Self.remove(junior, from: senior, in: &juniorsByRole)
                    Self.remove(senior, from: junior, in: &seniorsByRole)
                    throw error
                }
            }
        }
    }

    /// Removes the direct inheritance `senior` → `junior` (NIST DeleteInheritance).
    /// Inheritance implied through other roles stays.
    /// - Throws: ``RBACError`` `.unknownRole`; `.notFound` when there is no such direct edge.
    public mutating func removeInheritance(senior: RoleID, junior: RoleID) throws(RBACError) {
        guard roles.contains(senior) else { throw .unknownRole(senior) }
        guard roles.contains(junior) else { throw .unknownRole(junior) }
        guard juniorsByRole[senior]?.contains(junior) == true else {
            throw RBACError(
                code: .notFound,
                message: "\(senior.rawValue.debugDescription) does not directly inherit \(junior.rawValue.debugDescription)")
        }
        Self.remove(junior, from: senior, in: &juniorsByRole)
        Self.remove(senior, from: junior, in: &seniorsByRole)
    }

    /// Creates `role` as a new senior of `junior` (NIST AddAscendant).
    /// - Throws: ``RBACError`` `.duplicate` when `role` exists, `.unknownRole` for `junior`.
    public mutating func addAscendant(_ role: RoleID, of junior: RoleID) throws(RBACError) {
        guard !roles.contains(role) else { throw Self.duplicateRole(role) }
        guard roles.contains(junior) else { throw .unknownRole(junior) }
        // A new role has no principal, so the edge can break no constraint.
        roles.insert(role)
        juniorsByRole[role, default: []].insert(junior)
        seniorsByRole[junior, default: []].insert(role)
    }

    /// Creates `role` as a new junior of `senior` (NIST AddDescendant).
    /// - Throws: ``RBACError`` `.duplicate` when `role` exists, `.unknownRole` for `senior`.
    public mutating func addDescendant(_ role: RoleID, of senior: RoleID) throws(RBACError) {
        guard !roles.contains(role) else { throw Self.duplicateRole(role) }
        guard roles.contains(senior) else { throw .unknownRole(senior) }
        // A new role has no junior and no permission: nobody gains anything
        // a constraint could forbid.
        roles.insert(role)
        juniorsByRole[senior, default: []].insert(role)
        seniorsByRole[role, default: []].insert(senior)
    }

    // MARK: Assignments (NIST AssignUser, DeassignUser)

    /// Assigns a role to a principal, in one tenant or (with `nil`) in all of
    /// them (NIST AssignUser); adds the principal to ``principals`` if new.
    /// Idempotent.
    ///
    /// Cost: O(1), plus a walk of the principal's inherited roles when static
    /// separation-of-duty sets exist.
    /// - Throws: ``RBACError`` `.unknownRole`; `.separationOfDuty` when the
    ///   principal would then hold, in some tenant, `cardinality` or more roles
    ///   of a static separation-of-duty set (directly or by inheritance).
    public mutating func assign(_ principal: PrincipalID, to role: RoleID, in tenant: TenantID? = nil) throws(RBACError) {
        guard roles.contains(role) else { throw .unknownRole(role) }
        let assignment = RoleAssignment(principal: principal, role: role, tenant: tenant)
        if assignmentsByPrincipal[principal]?.contains(assignment) == true { return }
        if !staticSeparationsByName.isEmpty {
            var held = assignmentsByPrincipal[principal] ?? []
            held.insert(assignment)
            if let error = staticViolation(of: principal, assignments: held) { throw error }
        }
        principals.insert(principal)
        assignmentsByPrincipal[principal, default: []].insert(assignment)
        assignmentsByRole[role, default: []].insert(assignment)
    }

    /// Removes an assignment (NIST DeassignUser). Sessions drop the role at their next check.
    /// - Throws: ``RBACError`` `.unknownPrincipal`, `.unknownRole`, or
    ///   `.notFound` when the principal does not hold the role in exactly that tenant.
    public mutating func deassign(_ principal: PrincipalID, from role: RoleID, in tenant: TenantID? = nil) throws(RBACError) {
        guard principals.contains(principal) else { throw .unknownPrincipal(principal) }
        guard roles.contains(role) else { throw .unknownRole(role) }
        let assignment = RoleAssignment(principal: principal, role: role, tenant: tenant)
        guard assignmentsByPrincipal[principal]?.contains(assignment) == true else {
            throw RBACError(code: .notFound, message: "\(assignment) is not assigned")
        }
        Self.remove(assignment, from: principal, in: &assignmentsByPrincipal)
        Self.remove(assignment, from: role, in: &assignmentsByRole)
    }

    // MARK: Deny rules

    /// Adds a deny rule. A rule naming a principal adds it to ``principals``. Idempotent.
    /// - Throws: ``RBACError`` `.unknownRole` for a rule naming an undeclared
    ///   role; `.invalidArgument` for an empty purpose set.
    public mutating func addDenyRule(_ rule: DenyRule) throws(RBACError) {
        if let purposes = rule.purposes, purposes.isEmpty {
            throw RBACError(code: .invalidArgument, message: "\(rule) has an empty purpose set; use nil for every purpose")
        }
        switch rule.subject {
        case .role(let role):
            guard roles.contains(role) else { throw .unknownRole(role) }
        case .principal(let principal):
            principals.insert(principal)
        }
        denyRules.insert(rule)
    }

    /// Removes a deny rule.
    /// - Throws: ``RBACError`` `.notFound`.
    public mutating func removeDenyRule(_ rule: DenyRule) throws(RBACError) {
        guard denyRules.remove(rule) != nil else { throw RBACError(code: .notFound, message: "\(rule) is not in the policy") }
    }

    // MARK: Separation of duty (NIST CreateSsdSet, DeleteSsdSet, ... and the DSD equivalents)

    /// Adds a static separation-of-duty set (NIST CreateSsdSet).
    ///
    /// Cost: a check of every principal holding one of the set's roles or a role above one.
    /// - Throws: ``RBACError`` `.unknownRole`, `.duplicate` for a name in use,
    ///   `.separationOfDuty` when a principal already breaks it (named in the message).
    public mutating func addStaticSeparation(_ constraint: SeparationOfDuty) throws(RBACError) {
        guard staticSeparationsByName[constraint.name] == nil else {
            throw Self.duplicateSeparation(constraint.name, kind: "static")
        }
        try setStaticSeparation(constraint)
    }

    /// Replaces the static set with the same name — to add or remove a member
    /// role or change the cardinality (NIST AddSsdRoleMember,
    /// DeleteSsdRoleMember, SetSsdSetCardinality).
    /// - Throws: ``RBACError`` `.notFound` when no set has the name, then as
    ///   ``addStaticSeparation(_:)``.
    public mutating func updateStaticSeparation(_ constraint: SeparationOfDuty) throws(RBACError) {
        guard staticSeparationsByName[constraint.name] != nil else {
            throw Self.missingSeparation(constraint.name, kind: "static")
        }
        try setStaticSeparation(constraint)
    }

    /// Removes a static separation-of-duty set (NIST DeleteSsdSet).
    /// - Throws: ``RBACError`` `.notFound`.
    public mutating func removeStaticSeparation(named name: String) throws(RBACError) {
        guard staticSeparationsByName.removeValue(forKey: name) != nil else {
            throw Self.missingSeparation(name, kind: "static")
        }
    }

    /// Adds a dynamic separation-of-duty set (NIST CreateDsdSet): no session
    /// may have `cardinality` or more of its roles active at once. Sessions
    /// already open keep their roles until they next change them.
    /// - Throws: ``RBACError`` `.unknownRole`, `.duplicate` for a name in use.
    public mutating func addDynamicSeparation(_ constraint: SeparationOfDuty) throws(RBACError) {
        guard dynamicSeparationsByName[constraint.name] == nil else {
            throw Self.duplicateSeparation(constraint.name, kind: "dynamic")
        }
        try checkRolesExist(constraint)
        dynamicSeparationsByName[constraint.name] = constraint
    }

    /// Replaces the dynamic set with the same name (NIST AddDsdRoleMember,
    /// DeleteDsdRoleMember, SetDsdSetCardinality).
    /// - Throws: ``RBACError`` `.notFound` when no set has the name, `.unknownRole`.
    public mutating func updateDynamicSeparation(_ constraint: SeparationOfDuty) throws(RBACError) {
        guard dynamicSeparationsByName[constraint.name] != nil else {
            throw Self.missingSeparation(constraint.name, kind: "dynamic")
        }
        try checkRolesExist(constraint)
        dynamicSeparationsByName[constraint.name] = constraint
    }

    /// Removes a dynamic separation-of-duty set (NIST DeleteDsdSet).
    /// - Throws: ``RBACError`` `.notFound`.
    public mutating func removeDynamicSeparation(named name: String) throws(RBACError) {
        guard dynamicSeparationsByName.removeValue(forKey: name) != nil else {
            throw Self.missingSeparation(name, kind: "dynamic")
        }
    }

    // MARK: Counts

    /// How many permissions the roles hold directly, in total.
    public var permissionCount: Int { permissionsByRole.values.reduce(0) { $0 + $1.count } }
    /// How many direct inheritance edges the hierarchy has.
    public var inheritanceCount: Int { juniorsByRole.values.reduce(0) { $0 + $1.count } }
    /// How many role assignments there are.
    public var assignmentCount: Int { assignmentsByPrincipal.values.reduce(0) { $0 + $1.count } }

    // MARK: Internals

    private mutating func setStaticSeparation(_ constraint: SeparationOfDuty) throws(RBACError) {
        try checkRolesExist(constraint)
        var candidate = self
        candidate.staticSeparationsByName[constraint.name] = constraint
        var affected = Set<PrincipalID>()
        for role in constraint.roles { affected.formUnion(authorizedUsers(role)) }
        for principal in affected.sorted() {
            if let error = candidate.staticViolation(of: principal) { throw error }
        }
        self = candidate
    }

    private func checkRolesExist(_ constraint: SeparationOfDuty) throws(RBACError) {
        for role in constraint.roles.sorted() where !roles.contains(role) {
            throw RBACError(
                code: .unknownRole,
                message: "separation-of-duty set \(constraint.name.debugDescription) names role \(role.rawValue.debugDescription), which is not declared")
        }
    }

    /// The first static separation-of-duty violation `principal` would commit
    /// holding `assignments`, checked in every tenant it holds a role in.
    func staticViolation(of principal: PrincipalID, assignments: Set<RoleAssignment>? = nil) -> RBACError? {
        let held = assignments ?? assignmentsByPrincipal[principal] ?? []
        guard !held.isEmpty, !staticSeparationsByName.isEmpty else { return nil }
        var scopes: [TenantID?] = [nil]
        scopes += Set(held.compactMap(\.tenant)).sorted().map(Optional.some)
        let constraints = staticSeparationsByName.values.sorted { $0.name < $1.name }
        for scope in scopes {
            let authorized = closure(of: held.filter { $0.holds(in: scope) }.map(\.role))
            for constraint in constraints {
                guard let conflicting = constraint.violation(in: authorized) else { continue }
                let place = scope.map { " in tenant \($0.rawValue.debugDescription)" } ?? ""
                return RBACError(
                    code: .separationOfDuty,
                    message: "principal \(principal.rawValue.debugDescription) would hold "
                        + conflicting.map(\.rawValue.debugDescription).joined(separator: ", ")
                        + "\(place), \(conflicting.count) roles of static separation-of-duty set \(constraint.name.debugDescription) (at most \(constraint.cardinality - 1) allowed)"
                )
            }
        }
        return nil
    }

    /// `roles` and every role they inherit from, directly or not.
    func closure(of roles: some Sequence<RoleID>) -> Set<RoleID> {
        var seen = Set<RoleID>()
        var stack = Array(roles)
        while let role = stack.popLast() {
            guard seen.insert(role).inserted else { continue }
            if let juniors = juniorsByRole[role] { stack.append(contentsOf: juniors) }
        }
        return seen
    }

    /// `roles` and every role above them.
    func upwardClosure(of roles: some Sequence<RoleID>) -> Set<RoleID> {
        var seen = Set<RoleID>()
        var stack = Array(roles)
        while let role = stack.popLast() {
            guard seen.insert(role).inserted else { continue }
            if let seniors = seniorsByRole[role] { stack.append(contentsOf: seniors) }
        }
        return seen
    }

    /// A shortest chain `start` → … → `target` following junior edges, or nil.
    func inheritancePath(from start: RoleID, to target: RoleID) -> [RoleID]? {
        if start == target { return [start] }
        var previous: [RoleID: RoleID] = [:]
        var queue = [start]
        var head = 0
        var seen: Set<RoleID> = [start]
        while head < queue.count {
            let role = queue[head]
            head += 1
            for junior in (juniorsByRole[role] ?? []).sorted() where seen.insert(junior).inserted {
                previous[junior] = role
                if junior == target {
                    var path = [junior]
                    var cursor = junior
                    while let step = previous[cursor] {
                        path.append(step)
                        cursor = step
                    }
                    return path.reversed()
                }
                queue.append(junior)
            }
        }
        return nil
    }

    private static func remove<Key: Hashable, Element: Hashable>(
        _ element: Element, from key: Key, in table: inout [Key: Set<Element>]
    ) {
        guard var set = table[key] else { return }
        set.remove(element)
        table[key] = set.isEmpty ? nil : set
    }

    private static func duplicateRole(_ role: RoleID) -> RBACError {
        RBACError(code: .duplicate, message: "role \(role.rawValue.debugDescription) already exists")
    }

    private static func duplicateSeparation(_ name: String, kind: String) -> RBACError {
        RBACError(code: .duplicate, message: "a \(kind) separation-of-duty set named \(name.debugDescription) already exists")
    }

    private static func missingSeparation(_ name: String, kind: String) -> RBACError {
        RBACError(code: .notFound, message: "no \(kind) separation-of-duty set is named \(name.debugDescription)")
    }
}
