/// Bounds on a policy, so an oversized or hostile policy costs a typed
/// ``RBACError`` `.tooLarge` instead of memory and compile time.
///
/// ``PolicySnapshot/init(compiling:version:limits:)`` and
/// `RBACPolicy.decode(json:limits:)` enforce them. The defaults fit Casbin's
/// largest benchmark (100,000 users, 10,000 roles, 110,000 rules) ten times over.
public struct RBACLimits: Hashable, Sendable {
    /// The most roles; 100,000 by default.
    public var maximumRoles: Int
    /// The most principals; 1,000,000 by default.
    public var maximumPrincipals: Int
    /// The most permissions, counted over all roles; 1,000,000 by default.
    public var maximumPermissions: Int
    /// The most direct inheritance edges; 1,000,000 by default.
    public var maximumInheritances: Int
    /// The most role assignments; 2,000,000 by default.
    public var maximumAssignments: Int
    /// The most deny rules; 100,000 by default.
    public var maximumDenyRules: Int
    /// The most separation-of-duty sets, static and dynamic together; 10,000 by default.
    public var maximumSeparations: Int
    /// The longest JSON policy document read, in bytes; 16 MiB by default.
    public var maximumDocumentByteCount: Int

    /// The defaults listed on each property.
    public static let `default` = RBACLimits()

    /// Creates limits; every parameter has the documented default.
    public init(
        maximumRoles: Int = 100_000,
        maximumPrincipals: Int = 1_000_000,
        maximumPermissions: Int = 1_000_000,
        maximumInheritances: Int = 1_000_000,
        maximumAssignments: Int = 2_000_000,
        maximumDenyRules: Int = 100_000,
        maximumSeparations: Int = 10_000,
        maximumDocumentByteCount: Int = 16 << 20
    ) {
        self.maximumRoles = maximumRoles
        self.maximumPrincipals = maximumPrincipals
        self.maximumPermissions = maximumPermissions
        self.maximumInheritances = maximumInheritances
        self.maximumAssignments = maximumAssignments
        self.maximumDenyRules = maximumDenyRules
        self.maximumSeparations = maximumSeparations
        self.maximumDocumentByteCount = maximumDocumentByteCount
    }

    /// Checks a policy's counts.
    /// - Throws: ``RBACError`` `.tooLarge` naming the first count over its limit.
    func check(_ policy: RBACPolicy) throws(RBACError) {
        try Self.check("roles", policy.roles.count, maximumRoles)
        try Self.check("principals", policy.principals.count, maximumPrincipals)
        try Self.check("permissions", policy.permissionCount, maximumPermissions)
        try Self.check("inheritance edges", policy.inheritanceCount, maximumInheritances)
        try Self.check("role assignments", policy.assignmentCount, maximumAssignments)
        try Self.check("deny rules", policy.denyRules.count, maximumDenyRules)
        try Self.check(
            "separation-of-duty sets", policy.staticSeparations.count + policy.dynamicSeparations.count, maximumSeparations)
    }

    static func check(_ what: String, _ count: Int, _ limit: Int) throws(RBACError) {
        guard count <= limit else { throw .tooLarge("the policy has too many \(what)", count: count, limit: limit) }
    }
}
