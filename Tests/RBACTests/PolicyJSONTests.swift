import ConsentKitCore
import Foundation
import RBAC
import Testing

/// The policy as a JSON document: round trips and validation reporting every problem.
@Suite("Policy JSON")
struct PolicyJSONTests {
    typealias Kit = AccessTestKit

    static func fullPolicy() throws -> RBACPolicy {
        var policy = try Kit.supportDesk()
        try policy.addStaticSeparation(SeparationOfDuty(name: "review", roles: [Kit.role("dpo"), Kit.role("intern")]))
        try policy.addDynamicSeparation(
            SeparationOfDuty(name: "hats", roles: [Kit.role("support-agent"), Kit.role("analyst"), Kit.role("dpo")], cardinality: 3))
        try policy.addDenyRule(Kit.denyUser("bob", "read", "customers/vip", purposes: ["analytics"], tenant: "globex"))
        try policy.addPermission(Kit.permission("read", "tenants/acme/**", tenant: "acme"), to: Kit.role("employee"))
        policy.addPrincipal(try Kit.user("Zoë"))
        return policy
    }

    @Test func roundTripThroughText() throws {
        let policy = try Self.fullPolicy()
        let decoded = try RBACPolicy.decode(json: policy.jsonString)
        #expect(decoded == policy)
        #expect(decoded.jsonString == policy.jsonString, "encoding is deterministic")
        let fromBytes = try RBACPolicy.decode(json: policy.jsonBytes)
        #expect(fromBytes == policy)
    }

    @Test func roundTripThroughCodable() throws {
        let policy = try Self.fullPolicy()
        let data = try JSONEncoder().encode(policy)
        #expect(try JSONDecoder().decode(RBACPolicy.self, from: data) == policy)
        let value = try JSONValueEncoder().encode(policy)
        #expect(try JSONValueDecoder().decode(RBACPolicy.self, from: value) == policy)
        // The model types are Codable on their own too.
        for permission in policy.rolePermissions(try Kit.role("dpo")) {
            #expect(try JSONDecoder().decode(Permission.self, from: JSONEncoder().encode(permission)) == permission)
        }
        for rule in policy.denyRules {
            #expect(try JSONDecoder().decode(DenyRule.self, from: JSONEncoder().encode(rule)) == rule)
        }
        for constraint in policy.staticSeparations + policy.dynamicSeparations {
            #expect(try JSONDecoder().decode(SeparationOfDuty.self, from: JSONEncoder().encode(constraint)) == constraint)
        }
    }

    @Test func minimalDocument() throws {
        let policy = try RBACPolicy.decode(json: #"{"roles": [{"name": "reader", "permissions": [{"action": "read", "resource": "docs/*"}]}]}"#)
        #expect(policy.roles == [try Kit.role("reader")])
        #expect(policy.principals.isEmpty)
    }

    @Test func everyProblemIsReported() throws {
        let document = #"""
            {
              "format": "consentkit-rbac/9",
              "roles": [
                {"name": "a", "inherits": ["b", "ghost"], "permissions": [
                  {"action": "read write", "resource": "docs//x", "purposes": ["", "ok"], "fields": [{"field": "a..b", "level": "most"}]},
                  {"action": "read", "resource": "docs/*", "purposes": []}
                ]},
                {"name": "b", "inherits": ["a"]},
                {"name": "a"},
                {"name": 7},
                "c",
                {"name": "d", "colour": "blue"}
              ],
              "principals": ["alice", "alice"],
              "assignments": [
                {"principal": "alice", "role": "ghost"},
                {"principal": "mallory", "role": "a"},
                {"principal": "alice", "role": "d"},
                {"principal": "alice", "role": "b"},
                {"role": "a"}
              ],
              "denyRules": [
                {"role": "a", "principal": "alice", "action": "read", "resource": "**"},
                {"role": "ghost", "action": "read", "resource": "**"}
              ],
              "staticSeparations": [{"name": "sod", "roles": ["b", "d"]}],
              "dynamicSeparations": [{"name": "dsd", "roles": ["a"], "cardinality": 2}],
              "extra": true
            }
            """#
        let error = #expect(throws: RBACError.self) { try RBACPolicy.decode(json: document) }
        #expect(error?.code == .invalidPolicy)
        let problems = error?.problems ?? []
        let located = problems.map(\.message)
        func reported(_ prefix: String, _ code: RBACError.Code, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(
                problems.contains { $0.message.hasPrefix(prefix) && $0.code == code }, "expected \(code) at \(prefix) in \(located)",
                sourceLocation: sourceLocation)
        }
        reported("document", .malformed)  // "extra"
        reported("format", .malformed)
        reported("roles[0].inherits[1]", .unknownRole)
        reported("roles[1].inherits[0]", .cycle)
        reported("roles[0].permissions[0].action", .invalidIdentifier)
        reported("roles[0].permissions[0].resource", .invalidIdentifier)
        reported("roles[0].permissions[0].purposes[0]", .invalidIdentifier)
        reported("roles[0].permissions[0].fields[0].field", .invalidIdentifier)
        reported("roles[0].permissions[0].fields[0].level", .malformed)
        reported("roles[0].permissions[1]", .invalidArgument)
        reported("roles[2].name", .duplicate)
        reported("roles[3].name", .malformed)
        reported("roles[4]", .malformed)
        reported("roles[5]", .malformed)  // "colour"
        reported("principals[1]", .duplicate)
        reported("assignments[0]", .unknownRole)
        reported("assignments[1].principal", .unknownPrincipal)
        reported("assignments[3]", .separationOfDuty)
        reported("assignments[4].principal", .malformed)
        reported("denyRules[0]", .malformed)
        reported("denyRules[1]", .unknownRole)
        reported("dynamicSeparations[0]", .invalidArgument)
        #expect(problems.count == 22, "\(located)")
        #expect(error?.description.contains("roles[1].inherits[0]") == true)
    }

    @Test(arguments: [
        "", "{", "[]", "null", #"{"roles": 3}"#, #"{"principals": []}"#, #"{"roles": [], "assignments": {}}"#,
        "{\"roles\": [{\"name\": \"a\u{0}\"}]}",
    ])
    func malformedDocumentsAreTypedErrors(_ document: String) {
        let error = #expect(throws: RBACError.self) { try RBACPolicy.decode(json: document) }
        #expect(error?.code == .malformed || error?.code == .invalidPolicy)
    }

    @Test func oversizedDocumentsAreRefusedBeforeParsing() throws {
        let limits = RBACLimits(maximumRoles: 3, maximumDocumentByteCount: 200)
        let big = Array(repeating: UInt8(ascii: " "), count: 201)
        let bytes = #expect(throws: RBACError.self) { try RBACPolicy.decode(json: big, limits: limits) }
        #expect(bytes?.code == .tooLarge)
        let many = #"{"roles": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]}"#
        let roles = #expect(throws: RBACError.self) { try RBACPolicy.decode(json: many, limits: limits) }
        #expect(roles?.code == .tooLarge)
        let assignments = (0..<5).map { #"{"principal": "u\#($0)", "role": "a"}"# }.joined(separator: ",")
        let crowded = #"{"roles": [{"name": "a"}], "assignments": [\#(assignments)]}"#
        let tooMany = #expect(throws: RBACError.self) { try RBACPolicy.decode(json: crowded, limits: RBACLimits(maximumAssignments: 4)) }
        #expect(tooMany?.code == .tooLarge)
    }

    @Test func codableDecodingReportsTheProblems() throws {
        let data = Data(#"{"roles": [{"name": "a", "inherits": ["a"]}]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RBACPolicy.self, from: data) }
    }

    @Test(arguments: ["", " ", "read\twrite", "bell\u{7}", String(repeating: "a", count: 65)])
    func invalidActionsAreRefused(_ name: String) {
        let error = #expect(throws: RBACError.self) { try AccessAction(name) }
        #expect(error?.code == .invalidIdentifier)
    }

    @Test func actionsCompareByBytes() throws {
        #expect(try AccessAction("read") == .read)
        #expect(try AccessAction("Read") != .read)
        #expect(try AccessAction("caf\u{E9}") != AccessAction("cafe\u{301}"))
        #expect(AccessAction.wildcard.covers(.write))
        #expect(!AccessAction.read.covers(.write))
        #expect(try AccessAction(String(repeating: "a", count: 64)).rawValue.count == 64)
    }
}
