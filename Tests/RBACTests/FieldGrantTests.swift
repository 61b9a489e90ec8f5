import ConsentKitCore
import RBAC
import Testing

/// Field grants carried by allowed accesses, and the reverse "who can see" query.
@Suite("Field grants and who can see")
struct FieldGrantTests {
    typealias Kit = AccessTestKit

    @Test func grantsOfTheAllowingPermissionsMergeMostRevealingFirst() throws {
        var policy = try Kit.supportDesk()
        // A second permission on the same resource grants the card in full for fraud checks.
        try policy.addPermission(
            Kit.permission("read", "customers/*", purposes: ["support"], fields: [("card.number", .full), ("contact.birthday", .pseudonym)]),
            to: Kit.role("team-lead"))
        let snapshot = try PolicySnapshot(compiling: policy)
        let support = try Kit.purpose("support")
        let bob = AccessContext(principal: try Kit.user("bob"), roles: [try Kit.role("team-lead")], purpose: support)
        let grants = snapshot.fieldGrants(for: bob, action: .read, resource: "customers/42")
        #expect(
            grants.map(\.description) == ["card.number=full", "contact.birthday=pseudonym", "contact.email=full", "contact.phone=partial"])
        #expect(grants.level(for: try Kit.field("card.number")) == .full)
        #expect(grants.level(for: try Kit.field("contact.email")) == .full)
        #expect(grants.level(for: try Kit.field("contact.fax")) == .none)
        #expect(grants.level(for: try Kit.field("orders")) == .none, "analytics grants do not apply to a support access")

        // The same principal with only support-agent active sees the last four digits.
        let agentOnly = AccessContext(principal: try Kit.user("bob"), roles: [try Kit.role("support-agent")], purpose: support)
        let narrower = snapshot.fieldGrants(for: agentOnly, action: .read, resource: "customers/42")
        #expect(narrower.level(for: try Kit.field("card.number")) == .partial)
        #expect(narrower.level(for: try Kit.field("contact.birthday")) == .none)
    }

    @Test func threeRolesThreeViews() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let acme = try Kit.tenant("acme"), globex = try Kit.tenant("globex")
        let agent = snapshot.fieldGrants(try Kit.user("alice"), .read, "customers/7", purpose: try Kit.purpose("support"), tenant: acme)
        let analyst = snapshot.fieldGrants(try Kit.user("alice"), .read, "customers/7", purpose: try Kit.purpose("analytics"), tenant: globex)
        let dpo = snapshot.fieldGrants(try Kit.user("dora"), .read, "customers/7", purpose: try Kit.purpose("dsar"))
        let card = try Kit.field("card.number"), email = try Kit.field("contact.email")
        #expect(agent.level(for: card) == .partial && agent.level(for: email) == .full)
        #expect(analyst.level(for: card) == .none && analyst.level(for: email) == .pseudonym)
        #expect(dpo.level(for: card) == .full && dpo.level(for: email) == .full)
    }

    @Test func deniedAccessCarriesNoGrants() throws {
        var policy = try Kit.supportDesk()
        try policy.addDenyRule(Kit.denyUser("bob", "read", "customers/13"))
        let snapshot = try PolicySnapshot(compiling: policy)
        let support = try Kit.purpose("support")
        let context = snapshot.accessContext(for: try Kit.user("bob"), purpose: support)
        #expect(snapshot.fieldGrants(for: context, action: .read, resource: "customers/13").isEmpty)
        #expect(!snapshot.fieldGrants(for: context, action: .read, resource: "customers/12").isEmpty)
        #expect(snapshot.fieldGrants(for: context, action: .write, resource: "customers/12").isEmpty)
    }

    // MARK: Who can see

    @Test func whoCanReadTheCardNumber() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        let entries = snapshot.whoCanRead(field: try Kit.field("card.number"), resource: "customers/42")
        let summary = entries.map { "\($0.role)<\($0.grantedBy) \($0.field)=\($0.level)" }
        #expect(
            summary == [
                "dpo<dpo card=full",
                "support-agent<support-agent card.number=partial",
                "team-lead<support-agent card.number=partial",
            ])
        let agent = try #require(entries.first { $0.role == (try? Kit.role("support-agent")) })
        #expect(agent.principals == [RoleAssignment(principal: try Kit.user("alice"), role: try Kit.role("support-agent"), tenant: try Kit.tenant("acme"))])
        #expect(agent.purposes == [try Kit.purpose("support")])
        let lead = try #require(entries.first { $0.role == (try? Kit.role("team-lead")) })
        #expect(lead.principals.map(\.principal) == [try Kit.user("bob")])
    }

    @Test func whoCanReadAppliesDenyRules() throws {
        var policy = try Kit.supportDesk()
        try policy.addDenyRule(Kit.denyUser("bob", "read", "customers/**"))
        try policy.addDenyRule(Kit.denyRole("analyst", "read", "customers/*", purposes: ["analytics"], tenant: "globex"))
        let snapshot = try PolicySnapshot(compiling: policy)
        let email = try Kit.field("contact.email")
        let entries = snapshot.whoCanRead(field: email, resource: "customers/1")
        let lead = entries.filter { $0.role == (try? Kit.role("team-lead")) }
        #expect(!lead.isEmpty)
        #expect(lead.allSatisfy { $0.principals.isEmpty }, "bob is refused outright")
        let analyst = try #require(entries.first { $0.role == (try? Kit.role("analyst")) })
        #expect(analyst.restrictions.contains(try Kit.denyRole("analyst", "read", "customers/*", purposes: ["analytics"], tenant: "globex")))
        #expect(analyst.level == .pseudonym)

        // Without a resource, deny rules cannot settle anything: they are listed.
        let anywhere = snapshot.whoCanRead(field: email)
        let leadAnywhere = try #require(anywhere.first { $0.role == (try? Kit.role("team-lead")) })
        #expect(leadAnywhere.principals.map(\.principal) == [try Kit.user("bob")])
        #expect(leadAnywhere.restrictions.contains(try Kit.denyUser("bob", "read", "customers/**")))
        #expect(!leadAnywhere.description.isEmpty)
    }

    @Test func nobodySeesAFieldNoGrantCovers() throws {
        let snapshot = try PolicySnapshot(compiling: Kit.supportDesk())
        #expect(snapshot.whoCanRead(field: try Kit.field("salary"), resource: "customers/1").filter { $0.role != (try? Kit.role("dpo")) }.isEmpty)
        #expect(snapshot.whoCanRead(field: try Kit.field("contact.birthday"), action: .write, resource: "customers/1").isEmpty)
        // The DPO's wildcard-action export permission grants every field (`*`) on export resources.
        let exports = snapshot.whoCanRead(field: try Kit.field("contact.birthday"), action: .write)
        #expect(exports.map(\.role.rawValue) == ["dpo"])
    }
}
