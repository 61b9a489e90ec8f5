import ConsentKitCore
import RBAC
import Testing

/// NIST RBAC core: administrative functions and review functions.
@Suite("RBACPolicy: NIST core functions")
struct RBACPolicyTests {
    typealias Kit = AccessTestKit

    @Test func addRoleIsIdempotentAndRemoveRoleRemovesEverything() throws {
        var policy = try Kit.supportDesk()
        let before = policy
        policy.addRole(try Kit.role("analyst"))
        #expect(policy == before)

        try policy.removeRole(Kit.role("analyst"))
        #expect(!policy.roles.contains(try Kit.role("analyst")))
        #expect(policy.assignedRoles(try Kit.user("alice"), in: try Kit.tenant("globex")).isEmpty)
        #expect(policy.juniors(of: try Kit.role("team-lead")) == [try Kit.role("support-agent")])
        #expect(policy.seniors(of: try Kit.role("employee")) == [try Kit.role("support-agent"), try Kit.role("intern")])
        #expect(policy.assignedUsers(try Kit.role("analyst")).isEmpty)

        try policy.removeRole(Kit.role("intern"))
        #expect(policy.denyRules.isEmpty, "deny rules naming a deleted role go with it")
        #expect(throws: RBACError.self) { try policy.removeRole(Kit.role("intern")) }
        let error = #expect(throws: RBACError.self) { try policy.removeRole(Kit.role("never")) }
        #expect(error?.code == .unknownRole)
    }

    @Test func removingARoleInASeparationSetIsRefused() throws {
        var policy = RBACPolicy()
        let clerk = try Kit.role("clerk"), approver = try Kit.role("approver")
        policy.addRole(clerk)
        policy.addRole(approver)
        try policy.addStaticSeparation(SeparationOfDuty(name: "payments", roles: [clerk, approver]))
        let before = policy
        let error = #expect(throws: RBACError.self) { try policy.removeRole(clerk) }
        #expect(error?.code == .separationOfDuty)
        #expect(policy == before)
        try policy.removeStaticSeparation(named: "payments")
        try policy.removeRole(clerk)
        #expect(policy.roles == [approver])
    }

    @Test func principalsAreAddedAndDeleted() throws {
        var policy = try Kit.supportDesk()
        let newcomer = try Kit.user("newcomer")
        policy.addPrincipal(newcomer)
        #expect(policy.principals.contains(newcomer))
        #expect(policy.assignments(of: newcomer).isEmpty)

        let alice = try Kit.user("alice")
        try policy.addDenyRule(Kit.denyUser("alice", "read", "customers/vip"))
        try policy.removePrincipal(alice)
        #expect(!policy.principals.contains(alice))
        #expect(policy.assignedUsers(try Kit.role("support-agent")).isEmpty)
        #expect(!policy.denyRules.contains { $0.subject == .principal(alice) })
        let error = #expect(throws: RBACError.self) { try policy.removePrincipal(alice) }
        #expect(error?.code == .unknownPrincipal)
    }

    @Test func permissionsAreGrantedAndRevoked() throws {
        var policy = RBACPolicy()
        let role = try Kit.role("reader")
        let read = try Kit.permission("read", "docs/*")
        #expect(throws: RBACError.self) { try policy.addPermission(read, to: role) }
        policy.addRole(role)
        try policy.addPermission(read, to: role)
        try policy.addPermission(read, to: role)
        #expect(policy.rolePermissions(role) == [read])
        #expect(policy.permissionCount == 1)

        let empty = Permission(action: .read, resource: try Kit.pattern("docs/*"), purposes: [])
        let invalid = #expect(throws: RBACError.self) { try policy.addPermission(empty, to: role) }
        #expect(invalid?.code == .invalidArgument)

        try policy.removePermission(read, from: role)
        #expect(policy.rolePermissions(role).isEmpty)
        let missing = #expect(throws: RBACError.self) { try policy.removePermission(read, from: role) }
        #expect(missing?.code == .notFound)
    }

    @Test func permissionsNormalizeTheirFieldGrants() throws {
        let one = try Kit.permission("read", "c/*", fields: [("b", .partial), ("a", .full), ("b", .pseudonym)])
        let two = try Kit.permission("read", "c/*", fields: [("a", .full), ("b", .partial)])
        #expect(one == two)
        #expect(one.fields.map(\.description) == ["a=full", "b=partial"])
    }

    @Test func assignAndDeassign() throws {
        var policy = RBACPolicy()
        let role = try Kit.role("reader"), alice = try Kit.user("alice"), acme = try Kit.tenant("acme")
        let unknown = #expect(throws: RBACError.self) { try policy.assign(alice, to: role) }
        #expect(unknown?.code == .unknownRole)
        #expect(policy.principals.isEmpty, "a refused assignment adds nobody")

        policy.addRole(role)
        try policy.assign(alice, to: role, in: acme)
        try policy.assign(alice, to: role, in: acme)
        #expect(policy.assignmentCount == 1)
        #expect(policy.principals == [alice])
        #expect(policy.assignedRoles(alice, in: acme) == [role])
        #expect(policy.assignedRoles(alice).isEmpty, "an assignment in acme does not count without a tenant")
        #expect(policy.assignedRoles(alice, in: try Kit.tenant("globex")).isEmpty)

        let wrongTenant = #expect(throws: RBACError.self) { try policy.deassign(alice, from: role) }
        #expect(wrongTenant?.code == .notFound)
        let nobody = #expect(throws: RBACError.self) { try policy.deassign(Kit.user("zed"), from: role) }
        #expect(nobody?.code == .unknownPrincipal)
        try policy.deassign(alice, from: role, in: acme)
        #expect(policy.assignmentCount == 0)
        #expect(policy.principals == [alice], "deassigning keeps the user (NIST DeassignUser)")
    }

    @Test func denyRulesAreValidated() throws {
        var policy = RBACPolicy()
        let unknown = #expect(throws: RBACError.self) { try policy.addDenyRule(Kit.denyRole("ghost", "read", "**")) }
        #expect(unknown?.code == .unknownRole)
        let empty = DenyRule(subject: .principal(try Kit.user("eve")), action: .read, resource: try Kit.pattern("**"), purposes: [])
        let invalid = #expect(throws: RBACError.self) { try policy.addDenyRule(empty) }
        #expect(invalid?.code == .invalidArgument)
        #expect(policy.principals.isEmpty)

        let rule = try Kit.denyUser("eve", "read", "**")
        try policy.addDenyRule(rule)
        #expect(policy.principals == [try Kit.user("eve")], "a principal deny rule declares its principal")
        try policy.removeDenyRule(rule)
        let missing = #expect(throws: RBACError.self) { try policy.removeDenyRule(rule) }
        #expect(missing?.code == .notFound)
    }

    // MARK: Review functions

    @Test func reviewFunctions() throws {
        let policy = try Kit.supportDesk()
        let alice = try Kit.user("alice"), bob = try Kit.user("bob")
        let acme = try Kit.tenant("acme"), globex = try Kit.tenant("globex")

        #expect(policy.assignedUsers(try Kit.role("support-agent")) == [alice])
        #expect(policy.assignedRoles(alice, in: acme) == [try Kit.role("support-agent")])
        #expect(policy.assignedRoles(alice, in: globex) == [try Kit.role("analyst")])
        #expect(policy.authorizedRoles(alice, in: acme) == [try Kit.role("support-agent"), try Kit.role("employee")])
        #expect(
            policy.authorizedRoles(bob) == Set(try ["team-lead", "support-agent", "analyst", "employee"].map(Kit.role)))
        #expect(
            policy.authorizedUsers(try Kit.role("employee"))
                == Set(try ["alice", "bob", "ivan"].map(Kit.user)))
        #expect(policy.authorizedUsers(try Kit.role("team-lead")) == [bob])

        let agentOwn = policy.rolePermissions(try Kit.role("support-agent"), includingInherited: false)
        let agentAll = policy.rolePermissions(try Kit.role("support-agent"))
        #expect(agentOwn.count == 1)
        #expect(agentAll == agentOwn.union([try Kit.permission("read", "handbook/**")]))
        #expect(policy.userPermissions(alice, tenant: acme) == agentAll)
        #expect(policy.userPermissions(alice).isEmpty, "alice holds nothing outside a tenant")

        #expect(policy.roleOperations(try Kit.role("dpo"), on: "customers/42/export") == [.wildcard])
        #expect(policy.userOperations(bob, on: "customers/42") == [.read])
        #expect(policy.userOperations(bob, on: "payments/1").isEmpty)

        #expect(policy.allJuniors(of: try Kit.role("team-lead")) == Set(try ["support-agent", "analyst", "employee"].map(Kit.role)))
        #expect(policy.allSeniors(of: try Kit.role("employee")) == Set(try ["support-agent", "analyst", "team-lead", "intern"].map(Kit.role)))
        #expect(policy.assignments.count == 5)
        #expect(policy.assignments(to: try Kit.role("analyst")) == [RoleAssignment(principal: alice, role: try Kit.role("analyst"), tenant: globex)])
    }
}
