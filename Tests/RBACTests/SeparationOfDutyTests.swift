import ConsentKitCore
import RBAC
import Testing

/// NIST static and dynamic separation of duty.
@Suite("Separation of duty")
struct SeparationOfDutyTests {
    typealias Kit = AccessTestKit

    static func payments() throws -> RBACPolicy {
        var policy = RBACPolicy()
        for name in ["clerk", "approver", "auditor", "senior-clerk", "employee"] { policy.addRole(try Kit.role(name)) }
        try policy.addInheritance(senior: Kit.role("senior-clerk"), junior: Kit.role("clerk"))
        try policy.addStaticSeparation(SeparationOfDuty(name: "payments", roles: [Kit.role("clerk"), Kit.role("approver")]))
        return policy
    }

    @Test(arguments: [
        ("", 2, 2), ("payments", 1, 2), ("payments", 3, 2), ("bad\u{7}name", 2, 2), (String(repeating: "n", count: 129), 2, 2),
    ])
    func malformedConstraintsAreRefused(_ name: String, _ cardinality: Int, _ roleCount: Int) throws {
        let roles = Set(try (0..<roleCount).map { try Kit.role("r\($0)") })
        let error = #expect(throws: RBACError.self) { try SeparationOfDuty(name: name, roles: roles, cardinality: cardinality) }
        #expect(error?.code == .invalidArgument)
    }

    @Test func staticSeparationRefusesConflictingAssignments() throws {
        var policy = try Self.payments()
        let alice = try Kit.user("alice")
        try policy.assign(alice, to: Kit.role("clerk"))
        let before = policy
        let error = #expect(throws: RBACError.self) { try policy.assign(alice, to: Kit.role("approver")) }
        #expect(error?.code == .separationOfDuty)
        #expect(error?.message.contains("payments") == true)
        #expect(policy == before, "the refused assignment changed nothing")
        try policy.assign(Kit.user("bob"), to: Kit.role("approver"))
    }

    @Test func staticSeparationCountsInheritedRoles() throws {
        // senior-clerk inherits clerk, so holding it and approver breaks the set (NIST: authorized users).
        var policy = try Self.payments()
        let alice = try Kit.user("alice")
        try policy.assign(alice, to: Kit.role("approver"))
        let error = #expect(throws: RBACError.self) { try policy.assign(alice, to: Kit.role("senior-clerk")) }
        #expect(error?.code == .separationOfDuty)
    }

    @Test func inheritanceThatWouldBreakASetIsRefused() throws {
        var policy = try Self.payments()
        try policy.assign(Kit.user("alice"), to: Kit.role("approver"))
        try policy.assign(Kit.user("alice"), to: Kit.role("employee"))
        let before = policy
        let error = #expect(throws: RBACError.self) { try policy.addInheritance(senior: Kit.role("employee"), junior: Kit.role("clerk")) }
        #expect(error?.code == .separationOfDuty)
        #expect(policy == before)
    }

    @Test func staticSeparationIsPerTenant() throws {
        var policy = try Self.payments()
        let alice = try Kit.user("alice")
        try policy.assign(alice, to: Kit.role("clerk"), in: Kit.tenant("acme"))
        try policy.assign(alice, to: Kit.role("approver"), in: Kit.tenant("globex"))
        // A role held in every tenant meets the acme clerk role.
        let error = #expect(throws: RBACError.self) { try policy.assign(alice, to: Kit.role("approver")) }
        #expect(error?.code == .separationOfDuty)
        #expect(error?.message.contains("acme") == true)
    }

    @Test func addingAConstraintThatIsAlreadyBrokenIsRefused() throws {
        var policy = try Self.payments()
        try policy.assign(Kit.user("alice"), to: Kit.role("clerk"))
        try policy.assign(Kit.user("alice"), to: Kit.role("auditor"))
        let before = policy
        let constraint = try SeparationOfDuty(name: "audit", roles: [Kit.role("clerk"), Kit.role("auditor")])
        let error = #expect(throws: RBACError.self) { try policy.addStaticSeparation(constraint) }
        #expect(error?.code == .separationOfDuty)
        #expect(error?.message.contains("alice") == true)
        #expect(policy == before)

        let duplicate = #expect(throws: RBACError.self) {
            try policy.addStaticSeparation(SeparationOfDuty(name: "payments", roles: [Kit.role("clerk"), Kit.role("auditor")]))
        }
        #expect(duplicate?.code == .duplicate)
        let unknown = #expect(throws: RBACError.self) {
            try policy.addStaticSeparation(SeparationOfDuty(name: "x", roles: [Kit.role("clerk"), Kit.role("ghost")]))
        }
        #expect(unknown?.code == .unknownRole)
    }

    @Test func cardinalityThree() throws {
        var policy = RBACPolicy()
        for name in ["a", "b", "c"] { policy.addRole(try Kit.role(name)) }
        try policy.addStaticSeparation(SeparationOfDuty(name: "two-of-three", roles: Set(try ["a", "b", "c"].map(Kit.role)), cardinality: 3))
        let user = try Kit.user("u")
        try policy.assign(user, to: Kit.role("a"))
        try policy.assign(user, to: Kit.role("b"))
        #expect(throws: RBACError.self) { try policy.assign(user, to: Kit.role("c")) }
    }

    @Test func updatingAndRemovingStaticSets() throws {
        var policy = try Self.payments()
        try policy.assign(Kit.user("alice"), to: Kit.role("clerk"))
        try policy.assign(Kit.user("alice"), to: Kit.role("auditor"))
        // Adding auditor to the set (NIST AddSsdRoleMember) would be broken by alice.
        let widened = try SeparationOfDuty(name: "payments", roles: Set(try ["clerk", "approver", "auditor"].map(Kit.role)))
        #expect(throws: RBACError.self) { try policy.updateStaticSeparation(widened) }
        // Raising the cardinality to 3 (NIST SetSsdSetCardinality) lets it through.
        let relaxed = try SeparationOfDuty(name: "payments", roles: widened.roles, cardinality: 3)
        try policy.updateStaticSeparation(relaxed)
        #expect(policy.staticSeparation(named: "payments") == relaxed)
        #expect(policy.staticSeparations == [relaxed])
        let missing = #expect(throws: RBACError.self) {
            try policy.updateStaticSeparation(SeparationOfDuty(name: "nope", roles: widened.roles))
        }
        #expect(missing?.code == .notFound)
        try policy.removeStaticSeparation(named: "payments")
        #expect(policy.staticSeparations.isEmpty)
        #expect(throws: RBACError.self) { try policy.removeStaticSeparation(named: "payments") }
    }

    // MARK: Dynamic

    static func dynamic() throws -> PolicySnapshot {
        var policy = RBACPolicy()
        for name in ["cashier", "supervisor", "manager", "clerk"] { policy.addRole(try Kit.role(name)) }
        try policy.addInheritance(senior: Kit.role("manager"), junior: Kit.role("cashier"))
        try policy.addPermission(Kit.permission("open", "drawer/*"), to: Kit.role("cashier"))
        try policy.addPermission(Kit.permission("correct", "drawer/*"), to: Kit.role("supervisor"))
        try policy.addDynamicSeparation(SeparationOfDuty(name: "till", roles: [Kit.role("cashier"), Kit.role("supervisor")]))
        try policy.assign(Kit.user("sam"), to: Kit.role("cashier"))
        try policy.assign(Kit.user("sam"), to: Kit.role("supervisor"))
        try policy.assign(Kit.user("max"), to: Kit.role("manager"))
        return try PolicySnapshot(compiling: policy)
    }

    @Test func dynamicSeparationAllowsHoldingButNotActivatingBoth() throws {
        let snapshot = try Self.dynamic()
        let sam = try Kit.user("sam")
        let error = #expect(throws: RBACError.self) {
            _ = try snapshot.createSession(sam, activeRoles: [Kit.role("cashier"), Kit.role("supervisor")])
        }
        #expect(error?.code == .separationOfDuty)

        var session = try snapshot.createSession(sam, activeRoles: [Kit.role("cashier")])
        #expect(snapshot.check(session, try Kit.action("open"), "drawer/1"))
        #expect(!snapshot.check(session, try Kit.action("correct"), "drawer/1"))
        #expect(throws: RBACError.self) { try snapshot.addActiveRole(Kit.role("supervisor"), to: &session) }
        #expect(session.activeRoles == [try Kit.role("cashier")], "a refused activation changes nothing")

        // Switching duties: drop one, then activate the other.
        try snapshot.dropActiveRole(Kit.role("cashier"), from: &session)
        try snapshot.addActiveRole(Kit.role("supervisor"), to: &session)
        #expect(snapshot.check(session, try Kit.action("correct"), "drawer/1"))
        #expect(!snapshot.check(session, try Kit.action("open"), "drawer/1"))
        let explanation = snapshot.explain(session, try Kit.action("open"), "drawer/1")
        #expect(explanation.reason == .roleNotActive([try Kit.role("cashier")]))
    }

    @Test func dynamicSeparationChecksActiveRolesAsNamed() throws {
        // NIST DSD constrains the session's active roles; max activates only
        // manager (which inherits cashier), so no DSD set is broken.
        let snapshot = try Self.dynamic()
        var session = try snapshot.createSession(Kit.user("max"), activeRoles: [Kit.role("manager")])
        #expect(snapshot.check(session, try Kit.action("open"), "drawer/9"))
        #expect(snapshot.sessionPermissions(session) == [try Kit.permission("open", "drawer/*")])
        #expect(throws: RBACError.self) { try snapshot.addActiveRole(Kit.role("supervisor"), to: &session) }
    }

    @Test func dynamicSetsAreManaged() throws {
        var policy = try Self.dynamic().policy
        let constraint = try SeparationOfDuty(name: "till", roles: [Kit.role("cashier"), Kit.role("clerk")])
        let duplicate = #expect(throws: RBACError.self) { try policy.addDynamicSeparation(constraint) }
        #expect(duplicate?.code == .duplicate)
        try policy.updateDynamicSeparation(constraint)
        #expect(policy.dynamicSeparation(named: "till") == constraint)
        try policy.removeDynamicSeparation(named: "till")
        #expect(policy.dynamicSeparations.isEmpty)
        let missing = #expect(throws: RBACError.self) { try policy.removeDynamicSeparation(named: "till") }
        #expect(missing?.code == .notFound)
        let unknown = #expect(throws: RBACError.self) {
            try policy.addDynamicSeparation(SeparationOfDuty(name: "x", roles: [Kit.role("cashier"), Kit.role("ghost")]))
        }
        #expect(unknown?.code == .unknownRole)
    }
}
