public import ConsentKitCore

/// A principal holding a role, in one tenant or in all of them (NIST user
/// assignment, scoped by tenant).
///
/// An assignment with a tenant counts only for requests in that tenant; one
/// without counts for every request, with or without a tenant.
public struct RoleAssignment: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Who holds the role.
    public let principal: PrincipalID
    /// The role held.
    public let role: RoleID
    /// The tenant the role holds in, or `nil` for every tenant.
    public let tenant: TenantID?

    /// Creates an assignment value; ``RBACPolicy/assign(_:to:in:)`` records it.
    public init(principal: PrincipalID, role: RoleID, tenant: TenantID? = nil) {
        self.principal = principal
        self.role = role
        self.tenant = tenant
    }

    /// Whether the assignment counts for a request in `tenant`.
    public func holds(in tenant: TenantID?) -> Bool {
        self.tenant == nil || self.tenant == tenant
    }

    /// `principal as role in tenant`.
    public var description: String {
        tenant.map { "\(principal) as \(role) in \($0)" } ?? "\(principal) as \(role)"
    }

    /// Orders by principal, role, then tenant (no tenant first), by UTF-8 bytes.
    static func precedes(_ lhs: RoleAssignment, _ rhs: RoleAssignment) -> Bool {
        if lhs.principal != rhs.principal { return lhs.principal < rhs.principal }
        if lhs.role != rhs.role { return lhs.role < rhs.role }
        guard let right = rhs.tenant else { return false }
        guard let left = lhs.tenant else { return true }
        return left < right
    }
}
