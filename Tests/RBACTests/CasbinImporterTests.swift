import ConsentKitCore
import RBAC
import Testing

/// Reading Casbin policy lines, the user/role mapping, and every refusal.
@Suite("Casbin import")
struct CasbinImporterTests {
    func snapshot(_ csv: String, _ model: CasbinModel = .rbac) throws -> PolicySnapshot {
        try PolicySnapshot(compiling: CasbinImporter.policy(fromCSV: csv, model: model))
    }

    func allows(_ snapshot: PolicySnapshot, _ sub: String, _ obj: String, _ act: String, dom: String? = nil) throws -> Bool {
        snapshot.check(try PrincipalID(sub), try AccessAction(act), obj, tenant: try dom.map { try TenantID($0) })
    }

    func problems(_ csv: String, _ model: CasbinModel = .rbac) throws -> [RBACError] {
        let error = try #require(throws: RBACError.self) { try CasbinImporter.policy(fromCSV: csv, model: model) }
        #expect(error.code == .invalidPolicy)
        return error.problems
    }

    // MARK: Reading lines

    @Test func readsLinesAsCasbinsFileAdapterDoes() throws {
        func file(_ lastLine: String) -> String {
            "\u{FEFF}# a comment\r\n\r\n   p ,  alice ,data1,   read   \r\n\tp, \"carol, the admin\", \"data \"\"2\"\"\", write\n#p, bob, data1, read\n\(lastLine)\n"
        }
        // Unquoted, the role name splits in two: three fields, wrong for the rbac model.
        #expect(try problems(file("g, dave, carol, the admin")).map(\.message) == [
            "line 6: expected 'g, user, role', found 3 fields after 'g'"
        ])

        let fixed = try snapshot(file("g, dave, \"carol, the admin\""))
        #expect(try allows(fixed, "alice", "data1", "read"))
        #expect(try allows(fixed, "carol, the admin", "data \"2\"", "write"))
        #expect(try allows(fixed, "dave", "data \"2\"", "write"))
        #expect(try !allows(fixed, "bob", "data1", "read"))
    }

    @Test func reportsEveryMalformedLineWithItsNumber() throws {
        let csv = """
            p, alice, data1, read
            p, bob, data2
            x, a, b
            p, "unterminated, data1, read
            g, alice
            p, carol, data*, read
            p, dave, data1, *
            p, erin, data1, read, maybe
            p, frank, /data1, read
            p, grace, data1, read, deny
            p, "a" b, data1, read
            p, hank, da"ta, read
            g, ivan, alice
            g2, data1, group
            p, , data1, read
            """
        let found = try problems(csv)
        #expect(found.map { $0.message.prefix(while: { $0 != ":" }) } == [
            "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11",
            "line 12", "line 14", "line 15",
        ])
        #expect(found.map(\.code) == [
            .malformed, .malformed, .malformed, .malformed, .invalidIdentifier, .invalidIdentifier, .malformed,
            .invalidIdentifier, .malformed, .malformed, .malformed, .malformed, .invalidIdentifier,
        ])
    }

    @Test func aclHasNoRoles() throws {
        #expect(try problems("p, alice, data1, read\ng, alice, admin", .acl).map(\.message) == [
            "line 2: rule type \"g\" is not part of the acl model, which reads p lines"
        ])
    }

    @Test func identifiersOverTheirLimitsAreTypedErrors() throws {
        let long = String(repeating: "u", count: 257)
        let found = try problems("p, \(long), data1, read\np, alice, data1, \(String(repeating: "r", count: 65))\np, bell\u{7}, data1, read")
        #expect(found.map(\.code) == [.invalidIdentifier, .invalidIdentifier, .invalidIdentifier])
    }

    // MARK: Size limits

    @Test func refusesAFileOverTheByteLimitBeforeParsing() throws {
        let csv = String(repeating: "#", count: CasbinImporter.maximumByteCount + 1)
        let error = try #require(throws: RBACError.self) { try CasbinImporter.policy(fromCSV: csv, model: .rbac) }
        #expect(error.code == .tooLarge)
    }

    @Test func refusesAFileOverTheLineLimit() throws {
        let csv = String(repeating: "\n", count: CasbinImporter.maximumLineCount)
        let error = try #require(throws: RBACError.self) { try CasbinImporter.policy(fromCSV: csv, model: .rbac) }
        #expect(error.code == .tooLarge)
        // One line fewer is accepted (an empty policy).
        let accepted = try CasbinImporter.policy(fromCSV: String(repeating: "\n", count: CasbinImporter.maximumLineCount - 1), model: .rbac)
        #expect(accepted.roles.isEmpty)
    }

    // MARK: Mapping

    @Test func usersAndRolesShareOneNamespaceAsInCasbin() throws {
        let policy = try snapshot("""
            p, bob, data, read
            p, staff, files, read
            g, alice, bob
            g, carol, alice
            g, alice, alice
            g, staff, bob
            g, dave, staff
            """)
        // carol → alice → bob: Casbin's g is transitive, and bob is both a user with rules and a role.
        #expect(try allows(policy, "carol", "data", "read"))
        #expect(try allows(policy, "alice", "data", "read"))
        // A role name used as the request's subject, as Casbin allows.
        #expect(try allows(policy, "staff", "data", "read"))
        #expect(try allows(policy, "dave", "files", "read"))
        #expect(try !allows(policy, "alice", "files", "read"))
        #expect(try !allows(policy, "nobody", "data", "read"))
    }

    @Test func plainUsersAreAssignedNotInherited() throws {
        let policy = try CasbinImporter.policy(fromCSV: "p, admin, data, read\ng, alice, admin", model: .rbac)
        #expect(policy.roles == [try RoleID("admin")])
        #expect(policy.principals == [try PrincipalID("alice"), try PrincipalID("admin")])
        #expect(policy.inheritanceCount == 0)
    }

    @Test func duplicateLinesCountOnce() throws {
        let policy = try CasbinImporter.policy(fromCSV: "p, admin, data, read\np, admin, data, read\ng, alice, admin\ng, alice, admin", model: .rbac)
        #expect(policy.permissionCount == 1)
    }

    @Test func denyNeedsTheDenyModelAndOverridesAllow() throws {
        let csv = "p, staff, data, read, allow\np, alice, data, read, deny\ng, alice, staff\ng, bob, staff"
        #expect(try problems(csv, .rbac).map(\.message) == ["line 2: a deny rule needs the rbacWithDeny model (deny-override effect)"])
        let policy = try snapshot(csv, .rbacWithDeny)
        #expect(try !allows(policy, "alice", "data", "read"))
        #expect(try allows(policy, "bob", "data", "read"))
    }

    @Test func aDenyOnARoleReachesEveryMemberBelowIt() throws {
        let policy = try snapshot("p, staff, data, read\np, staff, data, write\np, interns, data, write, deny\ng, interns, staff\ng, ann, interns\ng, bo, staff", .rbacWithDeny)
        #expect(try allows(policy, "ann", "data", "read"))
        #expect(try !allows(policy, "ann", "data", "write"))
        #expect(try allows(policy, "bo", "data", "write"))
    }

    @Test func domainsScopeRulesAndAssignments() throws {
        let policy = try snapshot("""
            p, admin, tenant1, data1, read
            p, alice, tenant2, data2, read
            p, reader, tenant1, data3, read
            g, alice, admin, tenant1
            g, admin, reader, tenant1
            g, bob, admin, tenant2
            """, .rbacWithDomains)
        #expect(try allows(policy, "alice", "data1", "read", dom: "tenant1"))
        #expect(try allows(policy, "alice", "data3", "read", dom: "tenant1"))
        #expect(try !allows(policy, "alice", "data1", "read", dom: "tenant2"))
        // A user's own rule in a domain, as g(alice, alice, tenant2) is true in Casbin.
        #expect(try allows(policy, "alice", "data2", "read", dom: "tenant2"))
        #expect(try !allows(policy, "alice", "data2", "read", dom: "tenant1"))
        // bob is admin in tenant2, where admin has no rules.
        #expect(try !allows(policy, "bob", "data1", "read", dom: "tenant1"))
        #expect(try !allows(policy, "bob", "data1", "read", dom: "tenant2"))
    }

    @Test func refusesDomainInheritanceThatWouldWiden() throws {
        // `reader` has rules in tenant2, but admin inherits it in tenant1 only.
        let found = try problems("""
            p, reader, tenant2, data, read
            g, alice, admin, tenant1
            g, admin, reader, tenant1
            """, .rbacWithDomains)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("line 3: role \"admin\" inherits \"reader\" in \"tenant1\" only") == true)
    }

    @Test func acceptsDomainInheritanceWrittenForEveryDomainBelow() throws {
        // The link exists in both domains where reader has rules: inheritance everywhere decides the same.
        let policy = try snapshot("""
            p, reader, tenant1, data, read
            p, reader, tenant2, data, read
            g, admin, reader, tenant1
            g, admin, reader, tenant2
            g, alice, admin, tenant1
            """, .rbacWithDomains)
        #expect(try allows(policy, "alice", "data", "read", dom: "tenant1"))
        #expect(try !allows(policy, "alice", "data", "read", dom: "tenant2"))
        #expect(try allows(policy, "admin", "data", "read", dom: "tenant2"))
    }

    @Test func refusesCyclesAtTheLineThatClosesThem() throws {
        let found = try problems("g, a, b\ng, b, c\ng, c, a\np, a, data, read")
        #expect(found.map(\.code) == [.cycle])
        #expect(found.first?.message.hasPrefix("line 3:") == true)
    }

    @Test func resourceRolesCoverEveryMemberObject() throws {
        let policy = try snapshot("""
            p, alice, docs, read
            g2, report, docs
            g2, q1, report
            g2, docs, docs
            """, .rbacWithResourceRoles)
        for object in ["docs", "report", "q1"] { #expect(try allows(policy, "alice", object, "read")) }
        #expect(try !allows(policy, "alice", "other", "read"))
    }

    @Test func resourceGroupsExpandingPastTheLimitAreTooLarge() throws {
        // 1,001 rules on one group of 1,000 objects: 1,001,000 permissions after expansion.
        var csv = ""
        for action in 0...1_000 { csv += "p, alice, group, act\(action)\n" }
        for object in 0..<1_000 { csv += "g2, object\(object), group\n" }
        let error = try #require(throws: RBACError.self) {
            try CasbinImporter.policy(fromCSV: csv, model: .rbacWithResourceRoles)
        }
        #expect(error.code == .tooLarge)
    }

    // MARK: Models

    @Test func refusesAnOversizedModelFile() {
        let conf = "[request_definition]\nr = sub, obj, act\n#" + String(repeating: "x", count: CasbinModel.maximumConfByteCount)
        #expect(throws: RBACError.self) { try CasbinModel(conf: conf) }
    }

    @Test func recognisesRenamedTokensAndReorderedTerms() throws {
        let conf = """
            [request_definition]
            r = user, tenant, thing, verb

            [policy_definition]
            p = user, tenant, thing, verb

            [role_definition]
            g = _, _, _

            [policy_effect]
            e = some(where (p.eft == allow))

            [matchers]
            m = p.thing == r.thing && g(r.user, p.user, r.tenant) \\
                && r.verb == p.verb && r.tenant == p.tenant
            """
        #expect(try CasbinModel(conf: conf) == .rbacWithDomains)
    }

    @Test(arguments: [
        // `||` in the matcher.
        "[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act\n[role_definition]\ng = _, _\n[policy_effect]\ne = some(where (p.eft == allow))\n[matchers]\nm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act || r.sub == \"root\"",
        // A matcher function.
        "[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act\n[policy_effect]\ne = some(where (p.eft == allow))\n[matchers]\nm = r.sub == p.sub && keyMatch2(r.obj, p.obj) && r.act == p.act",
        // Priority effect.
        "[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act, eft\n[role_definition]\ng = _, _\n[policy_effect]\ne = priority(p.eft) || deny\n[matchers]\nm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act",
        // Deny-override without an eft column.
        "[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act\n[role_definition]\ng = _, _\n[policy_effect]\ne = some(where (p.eft == allow)) && !some(where (p.eft == deny))\n[matchers]\nm = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act",
        // Missing matcher, and a line that is not key = value.
        "[request_definition]\nr = sub, obj, act\n[policy_definition]\np = sub, obj, act\n[policy_effect]\ne = some(where (p.eft == allow))",
        "[request_definition]\nr sub, obj, act",
    ])
    func refusesModelsOutsideTheFive(_ conf: String) {
        #expect(throws: RBACError.self) { try CasbinModel(conf: conf) }
    }
}
