import ConsentKitCore
import RBAC
import Testing

/// Explanations: the chain that allowed, the rule that denied, or what was missing.
@Suite("Access explanations")
struct AccessExplanationTests {
    typealias Kit = AccessTestKit

    @Test func grantShowsTheRolePathAndPermission() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let why = snapshot.explain(try Kit.user("bob"), .read, "handbook/a")
        #expect(why.isAllowed)
        guard case .granted(let path, let permission) = why.reason else {
            Issue.record("expected a grant, got \(why)")
            return
        }
        // team-lead → analyst → employee and team-lead → support-agent → employee are
        // equally short; the breadth-first walk in byte order picks analyst.
        #expect(path.map(\.rawValue) == ["team-lead", "analyst", "employee"])
        #expect(permission == (try Kit.permission("read", "handbook/**")))
        #expect(why.description == "bob may read handbook/a: bob → team-lead → analyst → employee → read handbook/**")
    }

    @Test func denialShowsTheRule() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let why = snapshot.explain(try Kit.user("ivan"), .export, "customers/1/export")
        #expect(!why.isAllowed)
        #expect(why.reason == .denied(rule: try Kit.denyRole("intern", "export", "**"), path: [try Kit.role("intern")]))
        #expect(why.description == "ivan may not export customers/1/export: ivan → intern: deny role:intern export **")

        var policy = try Kit.supportDesk()
        try policy.addDenyRule(Kit.denyRole("employee", "read", "handbook/secret"))
        try policy.addDenyRule(Kit.denyUser("dora", "*", "customers/9/export"))
        let updated = try PolicySnapshot(compiling: policy)
        let inherited = updated.explain(try Kit.user("bob"), .read, "handbook/secret")
        guard case .denied(_, let path) = inherited.reason else {
            Issue.record("expected a denial, got \(inherited)")
            return
        }
        #expect(path.first == (try Kit.role("team-lead")))
        #expect(path.last == (try Kit.role("employee")))
        let personal = updated.explain(try Kit.user("dora"), .export, "customers/9/export", purpose: try Kit.purpose("dsar"))
        #expect(personal.reason == .denied(rule: try Kit.denyUser("dora", "*", "customers/9/export"), path: []))
    }

    @Test func missingPiecesAreNamed() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let alice = try Kit.user("alice")
        #expect(snapshot.explain(try Kit.user("stranger"), .read, "handbook").reason == .unknownPrincipal)
        #expect(snapshot.explain(try Kit.user("bob"), .write, "handbook/a").reason == .noPermission)
        #expect(
            snapshot.explain(alice, .read, "customers/1", purpose: try Kit.purpose("marketing"), tenant: try Kit.tenant("acme")).reason
                == .purposeNotGranted(allowed: [try Kit.purpose("support")]))
        #expect(
            snapshot.explain(alice, .read, "handbook/a").reason == .wrongTenant(allowedIn: [try Kit.tenant("acme"), try Kit.tenant("globex")]))
        var policy = try Kit.supportDesk()
        policy.addPrincipal(try Kit.user("newcomer"))
        #expect(try PolicySnapshot(compiling: policy).explain(try Kit.user("newcomer"), .read, "handbook").reason == .noRole)
        let line = snapshot.explain(alice, .read, "customers/1", purpose: try Kit.purpose("marketing"), tenant: try Kit.tenant("acme")).description
        #expect(line == "alice may not read customers/1 for marketing in acme: purpose not granted (allowed for: support)")
    }
}
