import ConsentKitCore
import RBAC
import Testing

/// NIST hierarchical RBAC: general hierarchies with multiple inheritance, cycles refused.
@Suite("Role hierarchy")
struct HierarchyTests {
    typealias Kit = AccessTestKit

    /// A chain r0 ← r1 ← … ← r(n-1): each role inherits the previous one.
    static func chain(_ count: Int) throws -> RBACPolicy {
        var policy = RBACPolicy()
        for index in 0..<count { policy.addRole(try Kit.role("r\(index)")) }
        for index in 1..<count { try policy.addInheritance(senior: Kit.role("r\(index)"), junior: Kit.role("r\(index - 1)")) }
        try policy.addPermission(Kit.permission("read", "bottom"), to: Kit.role("r0"))
        try policy.addPermission(Kit.permission("read", "top"), to: Kit.role("r\(count - 1)"))
        return policy
    }

    @Test func deepChainClosure() throws {
        var policy = try Self.chain(1_000)
        try policy.assign(Kit.user("top-user"), to: Kit.role("r999"))
        try policy.assign(Kit.user("middle-user"), to: Kit.role("r500"))
        try policy.assign(Kit.user("bottom-user"), to: Kit.role("r0"))
        #expect(policy.authorizedRoles(try Kit.user("top-user")).count == 1_000)
        #expect(policy.authorizedRoles(try Kit.user("middle-user")).count == 501)
        #expect(policy.authorizedUsers(try Kit.role("r0")).count == 3)
        #expect(policy.authorizedUsers(try Kit.role("r999")) == [try Kit.user("top-user")])

        let snapshot = try PolicySnapshot(compiling: policy)
        #expect(snapshot.check(try Kit.user("top-user"), .read, "bottom"))
        #expect(snapshot.check(try Kit.user("middle-user"), .read, "bottom"))
        #expect(!snapshot.check(try Kit.user("middle-user"), .read, "top"))
        #expect(snapshot.check(try Kit.user("top-user"), .read, "top"))
        #expect(!snapshot.check(try Kit.user("bottom-user"), .read, "top"))

        let why = snapshot.explain(try Kit.user("top-user"), .read, "bottom")
        guard case .granted(let path, _) = why.reason else {
            Issue.record("expected a grant, got \(why)")
            return
        }
        #expect(path.count == 1_000)
        #expect(path.first == (try Kit.role("r999")))
        #expect(path.last == (try Kit.role("r0")))
    }

    @Test func closingTheChainIsACycle() throws {
        var policy = try Self.chain(1_000)
        let before = policy
        let error = #expect(throws: RBACError.self) { try policy.addInheritance(senior: Kit.role("r0"), junior: Kit.role("r999")) }
        #expect(error?.code == .cycle)
        #expect(error?.message.contains("\"r999\" → \"r998\"") == true, "the message shows the cycle")
        #expect(policy == before)
        let selfLoop = #expect(throws: RBACError.self) { try policy.addInheritance(senior: Kit.role("r5"), junior: Kit.role("r5")) }
        #expect(selfLoop?.code == .cycle)
    }

    @Test func diamondsAndMultipleInheritance() throws {
        // top inherits left and right, both inherit base; base's permission
        // reaches top once, by two paths.
        var policy = RBACPolicy()
        for name in ["base", "left", "right", "top", "other"] { policy.addRole(try Kit.role(name)) }
        try policy.addInheritance(senior: Kit.role("left"), junior: Kit.role("base"))
        try policy.addInheritance(senior: Kit.role("right"), junior: Kit.role("base"))
        try policy.addInheritance(senior: Kit.role("top"), junior: Kit.role("left"))
        try policy.addInheritance(senior: Kit.role("top"), junior: Kit.role("right"))
        try policy.addInheritance(senior: Kit.role("top"), junior: Kit.role("other"))
        try policy.addInheritance(senior: Kit.role("top"), junior: Kit.role("base"))  // redundant edge, allowed
        try policy.addPermission(Kit.permission("read", "base"), to: Kit.role("base"))
        try policy.addPermission(Kit.permission("read", "other"), to: Kit.role("other"))
        try policy.assign(Kit.user("u"), to: Kit.role("top"))
        #expect(policy.authorizedRoles(try Kit.user("u")).count == 5)
        #expect(policy.rolePermissions(try Kit.role("top")).count == 2)
        let cycle = #expect(throws: RBACError.self) { try policy.addInheritance(senior: Kit.role("base"), junior: Kit.role("top")) }
        #expect(cycle?.code == .cycle)

        let snapshot = try PolicySnapshot(compiling: policy)
        #expect(snapshot.check(try Kit.user("u"), .read, "base"))
        #expect(snapshot.check(try Kit.user("u"), .read, "other"))
        guard case .granted(let path, _) = snapshot.explain(try Kit.user("u"), .read, "base").reason else {
            Issue.record("expected a grant")
            return
        }
        #expect(path == [try Kit.role("top"), try Kit.role("base")], "the shortest chain is reported")
    }

    @Test func wideDiamondLattice() throws {
        // 30 layers of 4 roles, every role inheriting every role of the layer below.
        var policy = RBACPolicy()
        for layer in 0..<30 {
            for index in 0..<4 { policy.addRole(try Kit.role("l\(layer)-\(index)")) }
        }
        for layer in 1..<30 {
            for senior in 0..<4 {
                for junior in 0..<4 {
                    try policy.addInheritance(senior: Kit.role("l\(layer)-\(senior)"), junior: Kit.role("l\(layer - 1)-\(junior)"))
                }
            }
        }
        try policy.addPermission(Kit.permission("read", "floor"), to: Kit.role("l0-3"))
        try policy.assign(Kit.user("u"), to: Kit.role("l29-0"))
        #expect(policy.authorizedRoles(try Kit.user("u")).count == 29 * 4 + 1)
        let snapshot = try PolicySnapshot(compiling: policy)
        #expect(snapshot.check(try Kit.user("u"), .read, "floor"))
        let cycle = #expect(throws: RBACError.self) { try policy.addInheritance(senior: Kit.role("l0-0"), junior: Kit.role("l29-3")) }
        #expect(cycle?.code == .cycle)
    }

    @Test func removingInheritanceCutsOnlyThatEdge() throws {
        var policy = try Self.chain(10)
        try policy.addInheritance(senior: Kit.role("r9"), junior: Kit.role("r0"))
        try policy.removeInheritance(senior: Kit.role("r5"), junior: Kit.role("r4"))
        #expect(policy.allJuniors(of: try Kit.role("r9")) == Set(try ["r8", "r7", "r6", "r5", "r0"].map(Kit.role)))
        let missing = #expect(throws: RBACError.self) { try policy.removeInheritance(senior: Kit.role("r9"), junior: Kit.role("r3")) }
        #expect(missing?.code == .notFound, "implied inheritance is not an edge")
    }

    @Test func ascendantsAndDescendants() throws {
        var policy = RBACPolicy()
        policy.addRole(try Kit.role("middle"))
        try policy.addAscendant(Kit.role("upper"), of: Kit.role("middle"))
        try policy.addDescendant(Kit.role("lower"), of: Kit.role("middle"))
        #expect(policy.allJuniors(of: try Kit.role("upper")) == [try Kit.role("middle"), try Kit.role("lower")])
        let duplicate = #expect(throws: RBACError.self) { try policy.addAscendant(Kit.role("lower"), of: Kit.role("middle")) }
        #expect(duplicate?.code == .duplicate)
        let unknown = #expect(throws: RBACError.self) { try policy.addDescendant(Kit.role("new"), of: Kit.role("ghost")) }
        #expect(unknown?.code == .unknownRole)
        #expect(!policy.roles.contains(try Kit.role("new")))
    }
}
