import ConsentKitCore
import RBAC
import Testing

/// Decisions of compiled snapshots.
@Suite("PolicySnapshot decisions")
struct PolicySnapshotTests {
    typealias Kit = AccessTestKit

    @Test func emptySnapshotDeniesEverything() throws {
        #expect(!PolicySnapshot.empty.check(try Kit.user("anyone"), .read, "anything"))
        #expect(PolicySnapshot.empty.version == 0)
        #expect(PolicySnapshot.empty.explain(try Kit.user("anyone"), .read, "x").reason == .unknownPrincipal)
    }

    @Test func hierarchyAndPatterns() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk(), version: 7)
        #expect(snapshot.version == 7)
        let bob = try Kit.user("bob")
        #expect(snapshot.check(bob, .read, "handbook"))
        #expect(snapshot.check(bob, .read, "handbook/hr/leave"))
        #expect(!snapshot.check(bob, .read, "handbooks"))
        #expect(snapshot.check(bob, .read, "customers/42", purpose: try Kit.purpose("support")))
        #expect(!snapshot.check(bob, .read, "customers/42/orders", purpose: try Kit.purpose("support")))
        #expect(!snapshot.check(bob, .write, "customers/42", purpose: try Kit.purpose("support")))
        #expect(!snapshot.check(try Kit.user("nobody"), .read, "handbook"))
    }

    @Test func denyOverridesEveryAllow() throws {
        var policy = try Kit.supportDesk()
        // The intern inherits employee's handbook access; a deny on employee beats it for everyone.
        let ivan = try Kit.user("ivan")
        try policy.addPermission(Kit.permission("export", "handbook/**"), to: Kit.role("employee"))
        var snapshot = try PolicySnapshot(compiling: policy)
        #expect(snapshot.check(try Kit.user("bob"), .export, "handbook/a"))
        #expect(!snapshot.check(ivan, .export, "handbook/a"), "role deny on the intern beats the inherited allow")
        #expect(snapshot.check(ivan, .read, "handbook/a"))

        try policy.addDenyRule(Kit.denyRole("employee", "*", "handbook/secret/**"))
        try policy.addDenyRule(Kit.denyUser("bob", "read", "handbook/bob-excluded"))
        snapshot = try PolicySnapshot(compiling: policy)
        #expect(!snapshot.check(try Kit.user("bob"), .read, "handbook/secret/x"), "a deny on a junior role reaches its seniors' holders")
        #expect(!snapshot.check(try Kit.user("alice"), .read, "handbook/secret", tenant: try Kit.tenant("acme")))
        #expect(!snapshot.check(try Kit.user("bob"), .read, "handbook/bob-excluded"))
        #expect(snapshot.check(try Kit.user("alice"), .read, "handbook/bob-excluded", tenant: try Kit.tenant("acme")))
    }

    @Test func purposeScopedDenyRules() throws {
        var policy = try Kit.supportDesk()
        try policy.addDenyRule(Kit.denyRole("support-agent", "read", "customers/vip", purposes: ["support"]))
        let snapshot = try PolicySnapshot(compiling: policy)
        let bob = try Kit.user("bob")
        #expect(!snapshot.check(bob, .read, "customers/vip", purpose: try Kit.purpose("support")))
        #expect(snapshot.check(bob, .read, "customers/vip", purpose: try Kit.purpose("analytics")))
        #expect(snapshot.check(bob, .read, "customers/other", purpose: try Kit.purpose("support")))
    }

    @Test func tenantsAreIsolated() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let alice = try Kit.user("alice")
        let acme = try Kit.tenant("acme"), globex = try Kit.tenant("globex"), initech = try Kit.tenant("initech")
        let support = try Kit.purpose("support"), analytics = try Kit.purpose("analytics")
        #expect(snapshot.check(alice, .read, "customers/1", purpose: support, tenant: acme))
        #expect(!snapshot.check(alice, .read, "customers/1", purpose: support, tenant: globex))
        #expect(snapshot.check(alice, .read, "customers/1", purpose: analytics, tenant: globex))
        #expect(!snapshot.check(alice, .read, "customers/1", purpose: analytics, tenant: acme))
        #expect(!snapshot.check(alice, .read, "customers/1", purpose: support, tenant: initech))
        #expect(!snapshot.check(alice, .read, "customers/1", purpose: support), "no tenant: alice's tenant roles do not count")
        // bob's roles were assigned without a tenant: they count everywhere.
        #expect(snapshot.check(try Kit.user("bob"), .read, "customers/1", purpose: support, tenant: initech))
        #expect(snapshot.check(try Kit.user("bob"), .read, "customers/1", purpose: support))

        #expect(snapshot.explain(alice, .read, "customers/1", purpose: support, tenant: globex).reason == .purposeNotGranted(allowed: [analytics]))
        #expect(snapshot.explain(alice, .read, "customers/1", purpose: support, tenant: initech).reason == .wrongTenant(allowedIn: [acme]))
    }

    @Test func tenantScopedPermissions() throws {
        var policy = RBACPolicy()
        let role = try Kit.role("ops")
        policy.addRole(role)
        try policy.addPermission(Kit.permission("restart", "servers/*", tenant: "acme"), to: role)
        try policy.assign(Kit.user("olga"), to: role)
        let snapshot = try PolicySnapshot(compiling: policy)
        let olga = try Kit.user("olga"), restart = try Kit.action("restart")
        #expect(snapshot.check(olga, restart, "servers/1", tenant: try Kit.tenant("acme")))
        #expect(!snapshot.check(olga, restart, "servers/1", tenant: try Kit.tenant("globex")))
        #expect(!snapshot.check(olga, restart, "servers/1"))
        #expect(snapshot.explain(olga, restart, "servers/1").reason == .wrongTenant(allowedIn: [try Kit.tenant("acme")]))
    }

    @Test func purposeScoping() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let bob = try Kit.user("bob")
        #expect(snapshot.check(bob, .read, "customers/1", purpose: try Kit.purpose("support")))
        #expect(snapshot.check(bob, .read, "customers/1", purpose: try Kit.purpose("analytics")))
        #expect(!snapshot.check(bob, .read, "customers/1", purpose: try Kit.purpose("marketing")))
        #expect(!snapshot.check(bob, .read, "customers/1"), "purpose-scoped permissions refuse a request without purpose")
        #expect(snapshot.check(bob, .read, "handbook/x", purpose: try Kit.purpose("marketing")), "a purpose-free permission admits any purpose")
        let why = snapshot.explain(bob, .read, "customers/1")
        #expect(why.reason == .purposeNotGranted(allowed: [try Kit.purpose("support"), try Kit.purpose("analytics")]))
    }

    @Test func wildcardActions() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let dora = try Kit.user("dora"), dsar = try Kit.purpose("dsar")
        #expect(snapshot.check(dora, .export, "customers/7/export", purpose: dsar))
        #expect(snapshot.check(dora, try Kit.action("never-named-anywhere"), "customers/7/export", purpose: dsar))
        #expect(snapshot.check(dora, .wildcard, "customers/7/export", purpose: dsar))
        #expect(!snapshot.check(dora, .export, "customers/7", purpose: dsar))
        #expect(!snapshot.check(try Kit.user("bob"), .wildcard, "handbook"), "a request for `*` needs a wildcard rule")
    }

    @Test func sessionsNeedAuthorizedRoles() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let alice = try Kit.user("alice"), acme = try Kit.tenant("acme")
        let unknown = #expect(throws: RBACError.self) { _ = try snapshot.createSession(Kit.user("ghost")) }
        #expect(unknown?.code == .unknownPrincipal)
        let foreign = #expect(throws: RBACError.self) {
            _ = try snapshot.createSession(alice, tenant: acme, activeRoles: [Kit.role("analyst")])
        }
        #expect(foreign?.code == .notAuthorized)

        // Inherited roles can be activated on their own (NIST hierarchical CreateSession).
        var session = try snapshot.createSession(alice, tenant: acme, activeRoles: [Kit.role("employee")])
        #expect(snapshot.check(session, .read, "handbook/a"))
        #expect(!snapshot.check(session, .read, "customers/1", purpose: try Kit.purpose("support")))
        try snapshot.addActiveRole(Kit.role("support-agent"), to: &session)
        #expect(snapshot.check(session, .read, "customers/1", purpose: try Kit.purpose("support")))
        #expect(snapshot.sessionRoles(session) == [try Kit.role("employee"), try Kit.role("support-agent")])
        #expect(snapshot.sessionPermissions(session).count == 2)
        let missing = #expect(throws: RBACError.self) { try snapshot.dropActiveRole(Kit.role("analyst"), from: &session) }
        #expect(missing?.code == .notFound)
        #expect(session.accessContext(purpose: try Kit.purpose("support")).roles == session.activeRoles)
    }

    @Test func contextsUseOnlyTheirAuthorizedActiveRoles() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let alice = try Kit.user("alice"), acme = try Kit.tenant("acme"), support = try Kit.purpose("support")
        let forged = AccessContext(principal: alice, roles: [try Kit.role("dpo")], purpose: try Kit.purpose("dsar"), tenant: acme)
        #expect(!snapshot.check(forged, .export, "customers/1/export"), "a role the principal does not hold is ignored")
        let agent = AccessContext(principal: alice, roles: [try Kit.role("support-agent")], purpose: support, tenant: acme)
        #expect(snapshot.check(agent, .read, "customers/1"))
        #expect(snapshot.check(agent, .read, "handbook/x"))
        let none = AccessContext(principal: alice, roles: [], purpose: support, tenant: acme)
        #expect(!snapshot.check(none, .read, "customers/1"))
        #expect(snapshot.accessContext(for: alice, purpose: support, tenant: acme) == agent)
    }

    @Test func limitsAreEnforcedWhenCompiling() throws {
        let policy = try Kit.supportDesk()
        for limits in [
            RBACLimits(maximumRoles: 5), RBACLimits(maximumPrincipals: 3), RBACLimits(maximumPermissions: 4),
            RBACLimits(maximumInheritances: 4), RBACLimits(maximumAssignments: 4), RBACLimits(maximumDenyRules: 0),
        ] {
            let error = #expect(throws: RBACError.self) { _ = try PolicySnapshot(compiling: policy, limits: limits) }
            #expect(error?.code == .tooLarge)
        }
        _ = try PolicySnapshot(compiling: policy, limits: RBACLimits(maximumRoles: 6))
    }

    @Test func identifiersCompareByBytes() throws {
        var policy = RBACPolicy()
        let role = try Kit.role("r")
        policy.addRole(role)
        try policy.addPermission(Kit.permission("read", "caf\u{E9}/menu"), to: role)
        try policy.assign(Kit.user("caf\u{E9}"), to: role)
        let snapshot = try PolicySnapshot(compiling: policy)
        #expect(snapshot.check(try Kit.user("caf\u{E9}"), .read, "caf\u{E9}/menu"))
        #expect(!snapshot.check(try Kit.user("cafe\u{301}"), .read, "caf\u{E9}/menu"))
        #expect(!snapshot.check(try Kit.user("caf\u{E9}"), .read, "cafe\u{301}/menu"))
        #expect(!snapshot.check(try Kit.user("CAF\u{C9}"), .read, "caf\u{E9}/menu"))
    }

    @Test func compiledPatternsMatchLikeResourcePattern() throws {
        let patterns = [
            "orders/*", "customers/{id}/addresses", "reports/**", "orders", "*", "**", "a/**", "*/b", "{x}/{y}/**",
            "caf\u{E9}/*", "a/b/c", "a/*/c/**",
        ]
        let resources = [
            "", "orders", "orders/", "orders/17", "orders/17/lines", "customers/42/addresses", "customers//addresses",
            "reports", "reports/2026/q1", "report", "a", "a/", "a/b", "a/b/c", "a/x/c", "a/x/c/d/e", "x/b", "/b", "b/",
            "caf\u{E9}/menu", "cafe\u{301}/menu", "//", "anything",
        ]
        let user = try Kit.user("u")
        for text in patterns {
            var policy = RBACPolicy()
            let role = try Kit.role("r")
            policy.addRole(role)
            try policy.addPermission(Kit.permission("read", text), to: role)
            try policy.assign(user, to: role)
            let snapshot = try PolicySnapshot(compiling: policy)
            let pattern = try Kit.pattern(text)
            for resource in resources {
                #expect(
                    snapshot.check(user, .read, resource) == pattern.matches(resource),
                    "pattern \(text.debugDescription) on \(resource.debugDescription)")
            }
        }
    }

    // MARK: Against a reference evaluator

    /// The semantics written the slow, obvious way, straight from the policy.
    static func reference(
        _ policy: RBACPolicy, _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID?,
        tenant: TenantID?
    ) -> Bool {
        guard policy.principals.contains(principal) else { return false }
        let roles = policy.authorizedRoles(principal, in: tenant)
        for rule in policy.denyRules where rule.covers(action, resource, purpose: purpose, tenant: tenant) {
            switch rule.subject {
            case .principal(let named): if named == principal { return false }
            case .role(let role): if roles.contains(role) { return false }
            }
        }
        return roles.contains { role in
            policy.rolePermissions(role, includingInherited: false).contains {
                $0.allows(action, resource, purpose: purpose, tenant: tenant)
            }
        }
    }

    static func randomPolicy(_ random: inout SeededGenerator) throws -> RBACPolicy {
        var policy = RBACPolicy()
        let roleCount = 14
        for index in 0..<roleCount { policy.addRole(try Kit.role("role\(index)")) }
        for senior in 1..<roleCount {
            for junior in 0..<senior where Int.random(in: 0..<6, using: &random) == 0 {
                try policy.addInheritance(senior: Kit.role("role\(senior)"), junior: Kit.role("role\(junior)"))
            }
        }
        let actions = ["read", "write", "*"]
        let resources = ["docs/1", "docs/2", "docs/*", "docs/**", "**", "*/1", "{kind}/2", "img/1", "docs", "img/**"]
        let purposes: [[String]?] = [nil, nil, ["a"], ["b"], ["a", "b"]]
        let tenants: [String?] = [nil, nil, "t1", "t2"]
        for _ in 0..<40 {
            let role = try Kit.role("role\(Int.random(in: 0..<roleCount, using: &random))")
            try policy.addPermission(
                Kit.permission(
                    actions.randomElement(using: &random) ?? "read", resources.randomElement(using: &random) ?? "docs",
                    purposes: purposes.randomElement(using: &random) ?? nil, tenant: tenants.randomElement(using: &random) ?? nil),
                to: role)
        }
        for user in 0..<10 {
            for _ in 0..<Int.random(in: 0..<3, using: &random) {
                try policy.assign(
                    Kit.user("user\(user)"), to: Kit.role("role\(Int.random(in: 0..<roleCount, using: &random))"),
                    in: tenants.randomElement(using: &random).flatMap { $0 }.map(Kit.tenant))
            }
        }
        for _ in 0..<6 {
            let action = actions.randomElement(using: &random) ?? "read"
            let resource = resources.randomElement(using: &random) ?? "docs"
            let purpose = purposes.randomElement(using: &random) ?? nil
            let tenant = tenants.randomElement(using: &random) ?? nil
            if Bool.random(using: &random) {
                try policy.addDenyRule(
                    Kit.denyRole(
                        "role\(Int.random(in: 0..<roleCount, using: &random))", action, resource, purposes: purpose, tenant: tenant))
            } else {
                try policy.addDenyRule(
                    Kit.denyUser("user\(Int.random(in: 0..<10, using: &random))", action, resource, purposes: purpose, tenant: tenant))
            }
        }
        return policy
    }

    @Test(arguments: 1...8)
    func randomPoliciesAgreeWithTheReference(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed))
        let policy = try Self.randomPolicy(&random)
        let snapshot = try PolicySnapshot(compiling: policy)
        let requestActions = try ["read", "write", "delete", "*"].map(Kit.action)
        let requestResources = ["docs/1", "docs/2", "docs/3", "docs", "img/1", "img/2", "docs/1/x", "", "x/1", "img"]
        let requestPurposes = try [nil, "a", "b", "c"].map { try $0.map(Kit.purpose) }
        let requestTenants = try [nil, "t1", "t2", "t3"].map { try $0.map(Kit.tenant) }
        var allowedCount = 0
        var sampled = 0
        for user in 0..<11 {
            let principal = try Kit.user("user\(user)")
            for action in requestActions {
                for resource in requestResources {
                    for purpose in requestPurposes {
                        for tenant in requestTenants {
                            let expected = Self.reference(policy, principal, action, resource, purpose: purpose, tenant: tenant)
                            let decided = snapshot.check(principal, action, resource, purpose: purpose, tenant: tenant)
                            #expect(decided == expected, "\(principal) \(action) \(resource) \(String(describing: purpose)) \(String(describing: tenant))")
                            if decided { allowedCount += 1 }
                            // The slower views on every third request keep the test quick in debug builds.
                            sampled += 1
                            guard sampled % 3 == 0 || decided else { continue }
                            let explanation = snapshot.explain(principal, action, resource, purpose: purpose, tenant: tenant)
                            #expect(explanation.isAllowed == decided, "\(explanation)")
                            let context = snapshot.accessContext(for: principal, purpose: purpose, tenant: tenant)
                            #expect(snapshot.check(context, action, resource) == decided)
                            #expect(!snapshot.fieldGrants(principal, action, resource, purpose: purpose, tenant: tenant).isEmpty ? decided : true)
                        }
                    }
                }
            }
        }
        #expect(allowedCount > 0, "the random policy allows something")
    }
}
