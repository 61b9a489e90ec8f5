public import ConsentKitCore

/// A NIST RBAC session: a principal acting in one tenant with a chosen
/// subset of its roles active.
///
/// Sessions are values created and changed through a ``PolicySnapshot`` or an
/// ``AccessController``, which check that every active role is authorized
/// for the principal and that no dynamic separation-of-duty set is broken.
/// Checks made with a session use only its active roles (and what they
/// inherit), against the snapshot current at the time of the check: a role
/// deassigned since stops counting at once. Deleting a session (NIST
/// DeleteSession) is dropping the value.
public struct RBACSession: Hashable, Sendable, CustomStringConvertible {
    /// Who acts.
    public let principal: PrincipalID
    /// The tenant the session acts in, or `nil`.
    public let tenant: TenantID?
    /// The active roles (NIST SessionRoles).
    public internal(set) var activeRoles: Set<RoleID>

    init(principal: PrincipalID, tenant: TenantID?, activeRoles: Set<RoleID>) {
        self.principal = principal
        self.tenant = tenant
        self.activeRoles = activeRoles
    }

    /// The session as an access context for one purpose, for masking and auditing.
    public func accessContext(purpose: PurposeID? = nil) -> AccessContext {
        AccessContext(principal: principal, roles: activeRoles, purpose: purpose, tenant: tenant)
    }

    /// `principal as role,role in tenant`.
    public var description: String { accessContext().description }
}
