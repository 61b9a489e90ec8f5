// The scenarios of casbin/casbin model_b_test.go, rebuilt rule for rule.
// Policies from Casbin's examples/ are read from the copies in
// Tests/RBACTests/Fixtures/casbin; generated ones are written as the Go
// benchmark's AddPolicies/AddGroupingPolicies calls write them.

import ConsentKitCore
import Foundation
import RBAC

/// One scenario: the Casbin policy lines, their import and compiled
/// snapshot, and the requests Casbin's benchmark checks with the decision
/// Casbin gives each (verified when the scenario is built).
struct CasbinScenario: Sendable {
    struct Request: Sendable {
        let principal: PrincipalID
        let action: AccessAction
        let resource: String
        let tenant: TenantID?
    }

    struct WrongDecision: Error, CustomStringConvertible {
        let request: String
        let expected: Bool
        var description: String { "\(request) should be \(expected ? "allowed" : "denied") as in Casbin" }
    }

    let csv: String
    let model: CasbinModel
    let policy: RBACPolicy
    let snapshot: PolicySnapshot
    let requests: [Request]

    /// `requests` are `(sub, dom, obj, act, Casbin's decision)`.
    init(csv: String, model: CasbinModel, requests: [(String, String?, String, String, Bool)]) throws {
        self.csv = csv
        self.model = model
        policy = try CasbinImporter.policy(fromCSV: csv, model: model)
        snapshot = try PolicySnapshot(compiling: policy)
        var built: [Request] = []
        for (sub, dom, obj, act, expected) in requests {
            let request = Request(
                principal: try PrincipalID(sub), action: try AccessAction(act), resource: obj,
                tenant: try dom.map { try TenantID($0) })
            guard snapshot.check(request.principal, request.action, obj, tenant: request.tenant) == expected else {
                throw WrongDecision(request: "\(sub), \(dom.map { "\($0), " } ?? "")\(obj), \(act)", expected: expected)
            }
            built.append(request)
        }
        self.requests = built
    }

    /// A scenario over one of Casbin's example policies.
    init(example policy: String, model: CasbinModel, request: (String, String?, String, String, Bool)) throws {
        try self.init(csv: try String(contentsOf: Self.fixtures.appendingPathComponent(policy), encoding: .utf8),
                      model: model, requests: [request])
    }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/RBACTests/Fixtures/casbin")

    /// BenchmarkRBACModelSmall/Medium/Large: `p, group<i>, data<i/10>, read`
    /// for each role, `g, user<i>, group<i/10>` for each user.
    static func sizedLines(roles: Int, users: Int, extra: String = "") -> String {
        var csv = ""
        csv.reserveCapacity((roles + users) * 32)
        for i in 0..<roles { csv += "p, group\(i), data\(i / 10), read\n" }
        for i in 0..<users { csv += "g, user\(i), group\(i / 10)\n" }
        return csv + extra
    }

    /// BenchmarkRBACModelSizes: long names, role `i % resources`, user
    /// `i % roles`, and 17 requests alternating denied (even) and allowed (odd).
    static func sizes(roles: Int, resources: Int, users: Int) throws -> CasbinScenario {
        var csv = ""
        csv.reserveCapacity((roles + users) * 64)
        for i in 0..<roles {
            csv += "p, group-has-a-very-long-name-\(i), data-has-a-very-long-name-\(i % resources), read\n"
        }
        for i in 0..<users { csv += "g, user-has-a-very-long-name-\(i), group-has-a-very-long-name-\(i % roles)\n" }
        var requests: [(String, String?, String, String, Bool)] = []
        for i in 0..<17 {
            let user = (users / 17) * i
            var resource = (user % roles) % resources
            if i % 2 == 0 { resource = (resource + 1) % resources }
            requests.append(
                ("user-has-a-very-long-name-\(user)", nil, "data-has-a-very-long-name-\(resource)", "read", i % 2 == 1))
        }
        return try CasbinScenario(csv: csv, model: .rbac, requests: requests)
    }
}

/// Each scenario is built on first use only, so a benchmark process run for
/// one benchmark does not build the others.
enum CasbinScenarios {
    static let acl = Result<CasbinScenario, any Error> {
        try CasbinScenario(example: "basic_policy.csv", model: .acl, request: ("alice", nil, "data1", "read", true))
    }
    static let rbac = Result<CasbinScenario, any Error> {
        try CasbinScenario(example: "rbac_policy.csv", model: .rbac, request: ("alice", nil, "data2", "read", true))
    }
    static let small = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            csv: CasbinScenario.sizedLines(roles: 100, users: 1_000), model: .rbac,
            requests: [("user501", nil, "data9", "read", false)])
    }
    static let medium = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            csv: CasbinScenario.sizedLines(roles: 1_000, users: 10_000), model: .rbac,
            requests: [("user5001", nil, "data99", "read", false)])
    }
    static let large = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            csv: CasbinScenario.sizedLines(roles: 10_000, users: 100_000), model: .rbac,
            requests: [("user50001", nil, "data999", "read", false)])
    }
    /// RBAC large plus one rule that allows the benchmark's denied request,
    /// so a reload between the two changes a decision a checker can watch.
    static let largeVariant = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            csv: CasbinScenario.sizedLines(roles: 10_000, users: 100_000, extra: "p, group5000, data999, read\n"),
            model: .rbac,
            requests: [("user50001", nil, "data999", "read", true), ("user50001", nil, "data500", "read", true)])
    }
    static let sizesLarge = Result<CasbinScenario, any Error> {
        try CasbinScenario.sizes(roles: 10_000, resources: 1_000, users: 100_000)
    }
    static let resourceRoles = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            example: "rbac_with_resource_roles_policy.csv", model: .rbacWithResourceRoles,
            request: ("alice", nil, "data1", "read", true))
    }
    static let domains = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            example: "rbac_with_domains_policy.csv", model: .rbacWithDomains,
            request: ("alice", "domain1", "data1", "read", true))
    }
    static let deny = Result<CasbinScenario, any Error> {
        try CasbinScenario(
            example: "rbac_with_deny_policy.csv", model: .rbacWithDeny, request: ("alice", nil, "data1", "read", true))
    }
}
