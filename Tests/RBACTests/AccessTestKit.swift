import ConsentKitCore
import RBAC

/// Shorthands and a seeded generator for the RBAC tests.
enum AccessTestKit {
    static func role(_ name: String) throws -> RoleID { try RoleID(name) }
    static func user(_ name: String) throws -> PrincipalID { try PrincipalID(name) }
    static func tenant(_ name: String) throws -> TenantID { try TenantID(name) }
    static func purpose(_ name: String) throws -> PurposeID { try PurposeID(name) }
    static func action(_ name: String) throws -> AccessAction { try AccessAction(name) }
    static func pattern(_ text: String) throws -> ResourcePattern { try ResourcePattern(text) }
    static func field(_ path: String) throws -> FieldPath { try FieldPath(path) }

    static func permission(
        _ action: String, _ resource: String, purposes: [String]? = nil, tenant: String? = nil,
        fields: [(String, MaskingLevel)] = []
    ) throws -> Permission {
        Permission(
            action: try AccessAction(action), resource: try ResourcePattern(resource),
            purposes: try purposes.map { Set(try $0.map(PurposeID.init)) }, tenant: try tenant.map(TenantID.init),
            fields: try fields.map { FieldGrant(field: try FieldPath($0.0), level: $0.1) })
    }

    static func denyRole(
        _ role: String, _ action: String, _ resource: String, purposes: [String]? = nil, tenant: String? = nil
    ) throws -> DenyRule {
        DenyRule(
            subject: .role(try RoleID(role)), action: try AccessAction(action), resource: try ResourcePattern(resource),
            purposes: try purposes.map { Set(try $0.map(PurposeID.init)) }, tenant: try tenant.map(TenantID.init))
    }

    static func denyUser(
        _ principal: String, _ action: String, _ resource: String, purposes: [String]? = nil, tenant: String? = nil
    ) throws -> DenyRule {
        DenyRule(
            subject: .principal(try PrincipalID(principal)), action: try AccessAction(action),
            resource: try ResourcePattern(resource), purposes: try purposes.map { Set(try $0.map(PurposeID.init)) },
            tenant: try tenant.map(TenantID.init))
    }

    /// The support-desk policy of the docs: employee ← support-agent,
    /// employee ← analyst, both ← team-lead; alice is an agent in acme, an
    /// analyst in globex; bob leads everywhere; an intern is denied exports.
    static func supportDesk() throws -> RBACPolicy {
        var policy = RBACPolicy()
        for name in ["employee", "support-agent", "analyst", "team-lead", "dpo", "intern"] { policy.addRole(try role(name)) }
        try policy.addInheritance(senior: role("support-agent"), junior: role("employee"))
        try policy.addInheritance(senior: role("analyst"), junior: role("employee"))
        try policy.addInheritance(senior: role("team-lead"), junior: role("support-agent"))
        try policy.addInheritance(senior: role("team-lead"), junior: role("analyst"))
        try policy.addInheritance(senior: role("intern"), junior: role("employee"))
        try policy.addPermission(permission("read", "handbook/**"), to: role("employee"))
        try policy.addPermission(
            permission(
                "read", "customers/{id}", purposes: ["support"],
                fields: [("card.number", .partial), ("contact.email", .full), ("contact.phone", .partial)]),
            to: role("support-agent"))
        try policy.addPermission(
            permission("read", "customers/*", purposes: ["analytics"], fields: [("contact.email", .pseudonym), ("orders", .full)]),
            to: role("analyst"))
        try policy.addPermission(permission("*", "customers/*/export", purposes: ["dsar"], fields: [("*", .full)]), to: role("dpo"))
        try policy.addPermission(permission("read", "customers/*", purposes: ["dsar"], fields: [("card", .full), ("contact", .full)]), to: role("dpo"))
        try policy.addDenyRule(denyRole("intern", "export", "**"))
        try policy.assign(user("alice"), to: role("support-agent"), in: tenant("acme"))
        try policy.assign(user("alice"), to: role("analyst"), in: tenant("globex"))
        try policy.assign(user("bob"), to: role("team-lead"))
        try policy.assign(user("dora"), to: role("dpo"))
        try policy.assign(user("ivan"), to: role("intern"))
        return policy
    }
}

/// SplitMix64: a tiny seeded generator so randomized tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
