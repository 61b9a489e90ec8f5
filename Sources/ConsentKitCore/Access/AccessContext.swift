/// Who is accessing personal data, in which capacity and why: the principal,
/// the roles active for this access, the purpose and the tenant.
///
/// Shared vocabulary: RBAC decides whether the access is allowed and which
/// ``FieldGrant``s it carries; Masking chooses what each field looks like for
/// it; the audit log records it with every re-identification.
public struct AccessContext: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Who is acting.
    public let principal: PrincipalID
    /// The roles active for this access (a session's activated roles), in no particular order.
    public let roles: Set<RoleID>
    /// Why: the purpose the data is used for, or nil for purpose-free operations.
    public let purpose: PurposeID?
    /// Whose data: the tenant, or nil in a single-tenant deployment.
    public let tenant: TenantID?

    /// Creates an access context.
    public init(principal: PrincipalID, roles: Set<RoleID>, purpose: PurposeID? = nil, tenant: TenantID? = nil) {
        self.principal = principal
        self.roles = roles
        self.purpose = purpose
        self.tenant = tenant
    }

    /// `principal as role,role for purpose in tenant`, roles sorted.
    public var description: String {
        var text = "\(principal) as \(roles.sorted().map(\.rawValue).joined(separator: ","))"
        if let purpose { text += " for \(purpose)" }
        if let tenant { text += " in \(tenant)" }
        return text
    }
}
