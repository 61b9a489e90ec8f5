public import ConsentKitCore

/// One way a field can be seen: through which role and permission, at which
/// masking level, for which purposes, and by whom — an answer to "who can
/// see my data" for a DPO or a least-privilege review.
public struct FieldAccess: Hashable, Sendable, CustomStringConvertible {
    /// The role through which the field is seen: it holds ``permission`` or inherits it.
    public let role: RoleID
    /// The role holding ``permission`` directly; equal to ``role`` unless inherited.
    public let grantedBy: RoleID
    /// The permission carrying the grant.
    public let permission: Permission
    /// The grant's field: the field asked about, an object containing it, or a field inside it.
    public let field: FieldPath
    /// How much of the field is seen.
    public let level: MaskingLevel
    /// The principals assigned ``role`` directly, with the tenant of their
    /// assignment; only those whose assignment can meet the permission's
    /// tenant, and not those a deny rule refuses unconditionally.
    public let principals: [RoleAssignment]
    /// Deny rules that refuse part of this access (for some purposes, in some
    /// tenant, or to some principals or resources).
    public let restrictions: [DenyRule]

    /// Creates an entry; ``PolicySnapshot/whoCanRead(field:action:resource:)`` builds them.
    public init(
        role: RoleID, grantedBy: RoleID, permission: Permission, field: FieldPath, level: MaskingLevel,
        principals: [RoleAssignment], restrictions: [DenyRule]
    ) {
        self.role = role
        self.grantedBy = grantedBy
        self.permission = permission
        self.field = field
        self.level = level
        self.principals = principals
        self.restrictions = restrictions
    }

    /// The purposes the access is limited to, or `nil` for any purpose.
    public var purposes: Set<PurposeID>? { permission.purposes }
    /// The only tenant the access holds in, or `nil` for every tenant.
    public var tenant: TenantID? { permission.tenant }

    /// `role (via grantedBy): field=level for purposes — principals`.
    public var description: String {
        var text = role.rawValue
        if grantedBy != role { text += " (via \(grantedBy))" }
        text += ": \(field)=\(level) by \(permission.action) \(permission.resource)"
        if let purposes { text += " for " + purposes.sorted().map(\.rawValue).joined(separator: ",") }
        if let tenant { text += " in \(tenant)" }
        text += " — " + (principals.isEmpty ? "nobody" : principals.map(\.description).joined(separator: ", "))
        if !restrictions.isEmpty { text += "; restricted by " + restrictions.map(\.description).joined(separator: "; ") }
        return text
    }
}

extension PolicySnapshot {
    /// Who can see `field`: every role whose permissions (own or inherited)
    /// grant the field — or an object containing it, or a field inside it —
    /// at a level above `.none` for `action` on `resource` (or on any
    /// resource when `nil`), with the principals holding each role.
    ///
    /// Deny rules are applied where they settle the question: with a concrete
    /// `resource`, a rule refusing the action there to a role (for every
    /// purpose and tenant) removes the entry, and one refusing a principal
    /// removes that principal. Every other deny rule that could apply is
    /// listed in ``FieldAccess/restrictions``.
    ///
    /// Entries are sorted by role, granting role, permission and field.
    /// Cost: O(permissions × seniors × assignments); allocates. Meant for
    /// reviews and data-subject answers, not per request.
    public func whoCanRead(field: FieldPath, action: AccessAction = .read, resource: String? = nil) -> [FieldAccess] {
        var entries: [FieldAccess] = []
        for holder in policy.roles.sorted() {
            let permissions = (policy.permissionsByRole[holder] ?? []).sorted(by: Permission.precedes).filter { permission in
                permission.action.covers(action) && (resource.map { permission.resource.matches($0) } ?? true)
            }
            guard !permissions.isEmpty else { continue }
            let receivers = policy.upwardClosure(of: [holder]).sorted()
            for permission in permissions {
                for grant in permission.fields
                where grant.level > .none && (grant.field.covers(field) || field.covers(grant.field)) {
                    for role in receivers {
                        if let entry = entry(
                            role: role, holder: holder, permission: permission, grant: grant, action: action,
                            resource: resource)
                        {
                            entries.append(entry)
                        }
                    }
                }
            }
        }
        return entries.sorted { lhs, rhs in
            if lhs.role != rhs.role { return lhs.role < rhs.role }
            if lhs.grantedBy != rhs.grantedBy { return lhs.grantedBy < rhs.grantedBy }
            if lhs.permission != rhs.permission { return Permission.precedes(lhs.permission, rhs.permission) }
            return lhs.field < rhs.field
        }
    }

    private func entry(
        role: RoleID, holder: RoleID, permission: Permission, grant: FieldGrant, action: AccessAction, resource: String?
    ) -> FieldAccess? {
        let roleClosure = policy.closure(of: [role])
        let relevant = policy.denyRules.sorted(by: DenyRule.precedes).filter { rule in
            rule.action.covers(action) && (resource.map { rule.resource.matches($0) } ?? true)
        }
        // A deny rule on a role this role inherits, for every purpose and
        // tenant, on the concrete resource: nobody sees the field this way.
        if resource != nil,
            relevant.contains(where: { rule in
                guard case .role(let denied) = rule.subject else { return false }
                return roleClosure.contains(denied) && rule.purposes == nil && rule.tenant == nil
            })
        {
            return nil
        }
        var principals: [RoleAssignment] = []
        var restrictions = Set<DenyRule>()
        for assignment in policy.assignments(to: role).sorted(by: RoleAssignment.precedes) {
            if let required = permission.tenant, let held = assignment.tenant, held != required { continue }
            let scope = assignment.tenant ?? permission.tenant
            let held = policy.authorizedRoles(assignment.principal, in: scope)
            var refused = false
            for rule in relevant {
                let applies: Bool
                switch rule.subject {
                case .principal(let named): applies = named == assignment.principal
                case .role(let denied): applies = held.contains(denied)
                }
                guard applies else { continue }
                // Refused outright only when the rule covers every purpose and
                // every tenant this principal could use the access in.
                let everyTenant = rule.tenant == nil || (scope != nil && rule.tenant == scope)
                if resource != nil && rule.purposes == nil && everyTenant {
                    refused = true
                } else {
                    restrictions.insert(rule)
                }
            }
            if !refused { principals.append(assignment) }
        }
        for rule in relevant {
            if case .role(let denied) = rule.subject, roleClosure.contains(denied) { restrictions.insert(rule) }
        }
        return FieldAccess(
            role: role, grantedBy: holder, permission: permission, field: grant.field, level: grant.level,
            principals: principals, restrictions: restrictions.sorted(by: DenyRule.precedes))
    }
}
