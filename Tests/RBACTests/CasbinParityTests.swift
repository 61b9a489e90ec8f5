import ConsentKitCore
import Foundation
import RBAC
import Testing

/// Casbin's own RBAC examples give the same decisions after import.
///
/// Fixtures/casbin holds the model and policy files of casbin/casbin's
/// `examples/` folder and `expected-decisions.json`: every decision the Go
/// tests assert for those files, each case naming its test function and file
/// (model_test.go: TestBasicModel, TestRBACModel, TestRBACModelInMultiLines,
/// TestRBACModelWithResourceRoles, TestRBACModelWithDeny,
/// TestRBACModelWithOnlyDeny, TestRBACModelWithDomains,
/// TestRBACModelWithDomainsAtRuntime; enforcer_test.go: TestEnforceEx,
/// TestEnforcerWithDefaultDetector; enforcer_cached_test.go: TestCache;
/// rbac_api_test.go: TestImplicitUserAPI,
/// TestGetImplicitUsersForResourceByDomain,
/// TestImplicitPermissionAPIWithDomain).
@Suite("Casbin parity")
struct CasbinParityTests {
    struct Request: Decodable, Sendable {
        let sub: String
        let dom: String?
        let obj: String
        let act: String
        let expected: Bool
        /// The rule Casbin's EnforceEx reports as matched: `[sub, obj, act]`, empty when denied.
        let rule: [String]?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let test: String
        let file: String
        let model: String
        let policy: String
        let note: String?
        let requests: [Request]
        var testDescription: String { "\(file) \(test) (\(policy))" }
    }

    struct Rejected: Decodable, Sendable, CustomTestStringConvertible {
        let test: String
        let file: String
        let model: String
        let policy: String
        var testDescription: String { "\(file) \(test) (\(policy))" }
    }

    struct Expectations: Decodable, Sendable {
        let commit: String
        let cases: [Case]
        let rejected: [Rejected]
    }

    struct FixtureMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "Fixtures/casbin/\(name) is not in the test bundle" }
    }

    static func text(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Fixtures/casbin/\(name)", withExtension: nil) else {
            throw FixtureMissing(name: name)
        }
        return try String(decoding: Data(contentsOf: url), as: UTF8.self)
    }

    static let expectations: Expectations? = {
        do {
            return try JSONDecoder().decode(Expectations.self, from: Data(text("expected-decisions.json").utf8))
        } catch {
            print("cannot load Fixtures/casbin/expected-decisions.json: \(error)")
            return nil
        }
    }()

    static var cases: [Case] { expectations?.cases ?? [] }
    static var rejected: [Rejected] { expectations?.rejected ?? [] }

    @Test func everyTranslatedDecisionIsLoaded() {
        // 13 test functions, 93 asserted or derived decisions; a shorter list means a fixture did not load.
        #expect(Self.cases.count == 13)
        #expect(Self.cases.reduce(0) { $0 + $1.requests.count } == 93)
        #expect(Self.rejected.count == 1)
    }

    @Test(arguments: cases)
    func sameDecisionsAsCasbin(_ parity: Case) throws {
        let model = try CasbinModel(conf: Self.text(parity.model))
        let policy = try CasbinImporter.policy(fromCSV: Self.text(parity.policy), model: model)
        let snapshot = try PolicySnapshot(compiling: policy)
        for request in parity.requests {
            let principal = try PrincipalID(request.sub)
            let action = try AccessAction(request.act)
            let tenant = try request.dom.map { try TenantID($0) }
            let decision = snapshot.check(principal, action, request.obj, tenant: tenant)
            #expect(
                decision == request.expected,
                "\(parity.test): \(request.sub), \(request.dom.map { "\($0), " } ?? "")\(request.obj), \(request.act)")

            // EnforceEx's matched rule is the permission (and its role) the explanation names.
            if let rule = request.rule {
                let explanation = snapshot.explain(principal, action, request.obj, tenant: tenant)
                if case .granted(let path, let permission) = explanation.reason {
                    #expect([path.last?.rawValue ?? "", permission.resource.rawValue, permission.action.rawValue] == rule)
                } else {
                    #expect(rule.isEmpty, "\(parity.test): \(explanation)")
                }
            }
        }
    }

    @Test(arguments: rejected)
    func sameRefusalsAsCasbin(_ parity: Rejected) throws {
        let model = try CasbinModel(conf: Self.text(parity.model))
        let text = try Self.text(parity.policy)
        let error = try #require(throws: RBACError.self) { try CasbinImporter.policy(fromCSV: text, model: model) }
        #expect(error.code == .invalidPolicy)
        #expect(error.problems.map(\.code) == [.cycle])
    }

    @Test(arguments: [
        ("basic_model.conf", CasbinModel.acl),
        ("rbac_model.conf", .rbac),
        ("rbac_model_in_multi_line.conf", .rbac),
        ("rbac_with_deny_model.conf", .rbacWithDeny),
        ("rbac_with_domains_model.conf", .rbacWithDomains),
        ("rbac_with_resource_roles_model.conf", .rbacWithResourceRoles),
    ])
    func recognisesCasbinExampleModels(_ file: String, _ expected: CasbinModel) throws {
        #expect(try CasbinModel(conf: Self.text(file)) == expected)
    }

    @Test(arguments: ["rbac_with_not_deny_model.conf", "keymatch_model.conf"])
    func refusesModelsItCannotReproduce(_ file: String) throws {
        let conf = try Self.text(file)
        let error = try #require(throws: RBACError.self) { try CasbinModel(conf: conf) }
        #expect(error.code == .malformed)
    }
}
