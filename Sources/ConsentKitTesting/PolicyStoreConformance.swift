import ConsentKitCore
public import RBAC
import Testing

/// The checks every ``RBAC/PolicyStore`` adapter must pass, as Swift Testing
/// expectations.
///
/// A policy store holds one document, so each area needs a store of its own:
/// `makeStore` must return a handle onto a **new, empty** store each time it
/// is called (a fresh table, schema or key prefix). ``concurrentWriters()``
/// also needs a second handle onto the *same* store, the way two app
/// instances share one database: pass `openAnotherHandle` to test that
/// (without it, the area's writers share the one handle).
///
/// ```swift
/// import ConsentKitTesting
/// import Testing
///
/// @Suite struct PostgresPolicyStoreTests {
///     let conformance = PolicyStoreConformance(
///         makeStore: { try await PostgresPolicyStore(pool: testPool, table: "policy_\(UUID())") },
///         openAnotherHandle: { store in try await PostgresPolicyStore.reopening(store, pool: testPool) })
///
///     @Test func roundTrip() async throws { try await conformance.roundTrip() }
///     // ... one @Test per area, or:
///     @Test func everything() async throws { try await conformance.runAll() }
/// }
/// ```
///
/// Failures are recorded as Swift Testing issues naming the area and what
/// differed; an area throws only when the store throws where the contract
/// requires success.
public struct PolicyStoreConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any PolicyStore
    private let openAnotherHandle: (@Sendable (any PolicyStore) async throws -> any PolicyStore)?

    /// Creates the suite.
    /// - Parameters:
    ///   - makeStore: returns a handle onto a new, empty store.
    ///   - openAnotherHandle: returns a second handle onto the same store as
    ///     its argument (another connection, another client), or `nil` to use
    ///     the one handle from several tasks.
    public init(
        makeStore: @escaping @Sendable () async throws -> any PolicyStore,
        openAnotherHandle: (@Sendable (any PolicyStore) async throws -> any PolicyStore)? = nil
    ) {
        self.makeStore = makeStore
        self.openAnotherHandle = openAnotherHandle
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error a store threw where the contract requires success.
    public func runAll() async throws {
        try await emptyStore()
        try await roundTrip()
        try await expectedVersionConflicts()
        try await concurrentWriters()
        try await exactIdentifiers()
        try await largePolicy()
    }

    // MARK: Areas

    /// A new store holds nothing; the first save creates version 1.
    ///
    /// `load()` returns `nil`; a save expecting version 0 returns 1 and
    /// `load()` then returns that policy at version 1.
    public func emptyStore() async throws {
        let store = try await makeStore()
        let initial = try await store.load()
        Self.check(initial == nil, "emptyStore: a new store must load as nil, got version \(initial?.version ?? 0)")
        let policy = try Self.smallPolicy(roles: ["reader"])
        let version = try await store.save(policy, expectedVersion: 0)
        #expect(version == 1, "emptyStore: the first save must return version 1, got \(version)")
        try await expectStored(store, policy, version: 1, "emptyStore after the first save")
    }

    /// A policy using every feature comes back equal, and a save replaces it whole.
    ///
    /// The policy has a diamond hierarchy, permissions with purposes, tenants
    /// and field grants at every masking level, resource patterns, tenant
    /// assignments, role and principal deny rules, static and dynamic
    /// separation of duty, a principal holding no role and non-ASCII
    /// identifiers. A second, smaller policy saved over it leaves nothing of
    /// the first: versions count 1, 2.
    public func roundTrip() async throws {
        let store = try await makeStore()
        let rich = try Self.richPolicy()
        _ = try await store.save(rich, expectedVersion: 0)
        try await expectStored(store, rich, version: 1, "roundTrip after saving the full policy")
        let small = try Self.smallPolicy(roles: ["only"])
        let version = try await store.save(small, expectedVersion: 1)
        #expect(version == 2, "roundTrip: the second save must return version 2, got \(version)")
        try await expectStored(store, small, version: 2, "roundTrip after replacing the policy")
    }

    /// Saves are compare-and-set on the version.
    ///
    /// Expecting a version behind or ahead of the stored one throws
    /// ``RBAC/RBACError`` `.conflict` — that exact type and code, which
    /// ``RBAC/AccessController/update(in:limits:maximumAttempts:_:)`` retries
    /// on — and changes nothing, on an empty store and on a stored policy.
    public func expectedVersionConflicts() async throws {
        let store = try await makeStore()
        let first = try Self.smallPolicy(roles: ["first"])
        let second = try Self.smallPolicy(roles: ["second"])
        await Self.expectConflict("expectedVersionConflicts: expecting version 1 of an empty store") {
            _ = try await store.save(second, expectedVersion: 1)
        }
        let afterRefusal = try await store.load()
        Self.check(
            afterRefusal == nil,
            "expectedVersionConflicts: a refused save on an empty store must store nothing, found version \(afterRefusal?.version ?? 0)")

        _ = try await store.save(first, expectedVersion: 0)
        await Self.expectConflict("expectedVersionConflicts: a stale expected version 0 at version 1") {
            _ = try await store.save(second, expectedVersion: 0)
        }
        await Self.expectConflict("expectedVersionConflicts: expected version 2 at version 1") {
            _ = try await store.save(second, expectedVersion: 2)
        }
        try await expectStored(store, first, version: 1, "expectedVersionConflicts after refused saves")
        let version = try await store.save(second, expectedVersion: 1)
        #expect(version == 2, "expectedVersionConflicts: the save at the right version must return 2, got \(version)")
        try await expectStored(store, second, version: 2, "expectedVersionConflicts after a good save")
    }

    /// Concurrent writers never lose an acknowledged save.
    ///
    /// Eight tasks, alternating between two handles when `openAnotherHandle`
    /// was given, each add ten roles by read-modify-write, retrying after
    /// `.conflict`. Afterwards the store must hold all 80 roles at version 81.
    public func concurrentWriters() async throws {
        let store = try await makeStore()
        let base = try Self.smallPolicy(roles: ["base"])
        _ = try await store.save(base, expectedVersion: 0)
        var handles: [any PolicyStore] = [store]
        if let openAnotherHandle { handles.append(try await openAnotherHandle(store)) }
        let writers = 8
        let rolesPerWriter = 10
        let attemptLimit = 10_000
        let snapshot = handles
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                let handle = snapshot[writer % snapshot.count]
                group.addTask {
                    for index in 0..<rolesPerWriter {
                        let role = try RoleID("w\(writer)-r\(index)")
                        var attempts = 0
                        while true {
                            attempts += 1
                            guard attempts <= attemptLimit else {
                                Issue.record("concurrentWriters: writer \(writer) made no progress in \(attemptLimit) attempts")
                                return
                            }
                            let current = try await handle.load()
                            var policy = current?.policy ?? RBACPolicy()
                            policy.addRole(role)
                            do {
                                _ = try await handle.save(policy, expectedVersion: current?.version ?? 0)
                                break
                            } catch let error as RBACError where error.code == .conflict {
                                continue
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let expected = Set(
            try (0..<writers).flatMap { writer in try (0..<rolesPerWriter).map { try RoleID("w\(writer)-r\($0)") } })
        for (number, handle) in handles.enumerated() {
            guard let stored = try await handle.load() else {
                Issue.record("concurrentWriters: handle \(number + 1) loads nothing after \(writers * rolesPerWriter) saves")
                continue
            }
            let missing = expected.subtracting(stored.policy.roles)
            #expect(
                missing.isEmpty,
                "concurrentWriters: handle \(number + 1) lost \(missing.count) acknowledged roles, for example \(missing.sorted().prefix(3).map(\.rawValue))")
            #expect(
                stored.version == UInt64(writers * rolesPerWriter + 1),
                "concurrentWriters: handle \(number + 1) sees version \(stored.version), expected \(writers * rolesPerWriter + 1)")
        }
    }

    /// Identifiers are stored byte for byte.
    ///
    /// Roles, principals, tenants and purposes that differ only in case, in
    /// Unicode normalization (é as one scalar or e + U+0301) or in the last
    /// byte of a 256-byte identifier stay distinct and come back unchanged.
    public func exactIdentifiers() async throws {
        let store = try await makeStore()
        var policy = RBACPolicy()
        let long = Self.identifier("r-", byteCount: 256, last: "a")
        let longOther = Self.identifier("r-", byteCount: 256, last: "b")
        let names = ["Admin", "admin", "caf\u{E9}", "cafe\u{301}", long, longOther]
        for name in names { policy.addRole(try RoleID(name)) }
        let tenants = [try TenantID("Acme"), try TenantID("acme")]
        let purposes: Set<PurposeID> = [try PurposeID("Support"), try PurposeID("support")]
        for (index, name) in names.enumerated() {
            let role = try RoleID(name)
            try policy.assign(try PrincipalID(name == long ? longOther : name), to: role, in: tenants[index % 2])
            try policy.addPermission(
                Permission(
                    action: try AccessAction(index % 2 == 0 ? "Read" : "read"), resource: try ResourcePattern("caf\u{E9}/\(name.prefix(8))"),
                    purposes: purposes, tenant: tenants[index % 2]),
                to: role)
        }
        _ = try await store.save(policy, expectedVersion: 0)
        guard let stored = try await store.load() else {
            Issue.record("exactIdentifiers: the store loads nothing after a save")
            return
        }
        #expect(
            stored.policy.roles.count == names.count,
            "exactIdentifiers: \(names.count) distinct roles were saved, \(stored.policy.roles.count) came back")
        Self.check(
            stored.policy == policy,
            "exactIdentifiers: the policy came back different: \(Self.difference(stored.policy, policy))")
    }

    /// A large policy survives whole.
    ///
    /// 2,000 roles in ten-level chains, 4,000 permissions and 20,000
    /// assignments come back equal: no truncated column, no dropped batch.
    public func largePolicy() async throws {
        let store = try await makeStore()
        var policy = RBACPolicy()
        for index in 0..<2_000 {
            let role = try RoleID("role-\(index)")
            policy.addRole(role)
            if index % 10 != 0 { try policy.addInheritance(senior: role, junior: try RoleID("role-\(index - 1)")) }
            try policy.addPermission(Permission(action: .read, resource: try ResourcePattern("data/\(index)/*")), to: role)
            try policy.addPermission(
                Permission(
                    action: .write, resource: try ResourcePattern("data/\(index)"),
                    fields: [FieldGrant(field: try FieldPath("record.f\(index % 7)"), level: .partial)]),
                to: role)
        }
        for index in 0..<20_000 {
            try policy.assign(try PrincipalID("user-\(index)"), to: try RoleID("role-\(index % 2_000)"))
        }
        _ = try await store.save(policy, expectedVersion: 0)
        try await expectStored(store, policy, version: 1, "largePolicy")
    }

    // MARK: Fixtures

    /// A policy using every feature of the model.
    static func richPolicy() throws -> RBACPolicy {
        var policy = RBACPolicy()
        let employee = try RoleID("employee")
        let agent = try RoleID("support-agent")
        let analyst = try RoleID("analyst")
        let lead = try RoleID("team-lead")
        let clerk = try RoleID("payment-clerk")
        let approver = try RoleID("payment-approver")
        let dpo = try RoleID("délégué·e-protection-données")
        for role in [employee, agent, analyst, lead, clerk, approver, dpo] { policy.addRole(role) }
        try policy.addInheritance(senior: agent, junior: employee)
        try policy.addInheritance(senior: analyst, junior: employee)
        try policy.addInheritance(senior: lead, junior: agent)
        try policy.addInheritance(senior: lead, junior: analyst)
        let support = try PurposeID("support")
        let analytics = try PurposeID("analytics")
        let acme = try TenantID("acme")
        let globex = try TenantID("globex-株式会社")
        try policy.addPermission(Permission(action: .read, resource: try ResourcePattern("handbook/**")), to: employee)
        try policy.addPermission(
            Permission(
                action: .read, resource: try ResourcePattern("customers/{id}"), purposes: [support],
                fields: [
                    FieldGrant(field: try FieldPath("card.number"), level: .partial),
                    FieldGrant(field: try FieldPath("contact"), level: .full),
                    FieldGrant(field: try FieldPath("contact.birthday"), level: .none),
                ]),
            to: agent)
        try policy.addPermission(
            Permission(
                action: .read, resource: try ResourcePattern("customers/*"), purposes: [analytics, support], tenant: acme,
                fields: [FieldGrant(field: try FieldPath("customer.*.id"), level: .pseudonym)]),
            to: analyst)
        try policy.addPermission(Permission(action: .wildcard, resource: try ResourcePattern("payments/*")), to: clerk)
        try policy.addPermission(Permission(action: try AccessAction("approve"), resource: try ResourcePattern("payments/*")), to: approver)
        try policy.addPermission(Permission(action: .export, resource: try ResourcePattern("customers/*/export")), to: dpo)
        try policy.addStaticSeparation(try SeparationOfDuty(name: "payments", roles: [clerk, approver]))
        try policy.addDynamicSeparation(try SeparationOfDuty(name: "review", roles: [agent, analyst, dpo], cardinality: 3))
        try policy.assign(try PrincipalID("alice"), to: agent, in: acme)
        try policy.assign(try PrincipalID("alice"), to: analyst, in: globex)
        try policy.assign(try PrincipalID("bob"), to: lead)
        try policy.assign(try PrincipalID("carol@example.com"), to: clerk)
        try policy.assign(try PrincipalID("dave"), to: approver, in: acme)
        try policy.assign(try PrincipalID("Zoë"), to: dpo)
        policy.addPrincipal(try PrincipalID("new-hire"))
        try policy.addDenyRule(
            DenyRule(subject: .role(analyst), action: .export, resource: try ResourcePattern("**"), purposes: [analytics]))
        try policy.addDenyRule(
            DenyRule(subject: .principal(try PrincipalID("bob")), action: .read, resource: try ResourcePattern("customers/vip/*"), tenant: globex))
        return policy
    }

    static func smallPolicy(roles: [String]) throws -> RBACPolicy {
        var policy = RBACPolicy()
        for name in roles {
            let role = try RoleID(name)
            policy.addRole(role)
            try policy.addPermission(Permission(action: .read, resource: try ResourcePattern("\(name)/*")), to: role)
            try policy.assign(try PrincipalID("\(name)-user"), to: role)
        }
        return policy
    }

    // MARK: Helpers

    private func expectStored(
        _ store: any PolicyStore, _ policy: RBACPolicy, version: UInt64, _ what: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        guard let stored = try await store.load() else {
            Issue.record("\(what): the store loads nothing, expected version \(version)", sourceLocation: sourceLocation)
            return
        }
        #expect(stored.version == version, "\(what): version \(stored.version), expected \(version)", sourceLocation: sourceLocation)
        if stored.policy != policy {
            Issue.record(
                "\(what): the policy came back different: \(Self.difference(stored.policy, policy))", sourceLocation: sourceLocation)
        }
    }

    /// The first difference between two policies, in words.
    static func difference(_ found: RBACPolicy, _ expected: RBACPolicy) -> String {
        if found.roles != expected.roles {
            return "roles missing \(expected.roles.subtracting(found.roles).sorted().prefix(3).map(\.rawValue)), extra \(found.roles.subtracting(expected.roles).sorted().prefix(3).map(\.rawValue))"
        }
        if found.principals != expected.principals {
            return "principals missing \(expected.principals.subtracting(found.principals).sorted().prefix(3).map(\.rawValue))"
        }
        for role in expected.roles.sorted() {
            if found.rolePermissions(role, includingInherited: false) != expected.rolePermissions(role, includingInherited: false) {
                return "permissions of \(role) differ"
            }
            if found.juniors(of: role) != expected.juniors(of: role) { return "juniors of \(role) differ" }
        }
        if found.assignments != expected.assignments {
            return "assignments differ (\(found.assignmentCount) found, \(expected.assignmentCount) expected)"
        }
        if found.denyRules != expected.denyRules { return "deny rules differ (\(found.denyRules.count) found, \(expected.denyRules.count) expected)" }
        if found.staticSeparations != expected.staticSeparations { return "static separation-of-duty sets differ" }
        if found.dynamicSeparations != expected.dynamicSeparations { return "dynamic separation-of-duty sets differ" }
        return "the policies differ"
    }

    /// An identifier of exactly `byteCount` UTF-8 bytes ending in `last`.
    static func identifier(_ prefix: String, byteCount: Int, last: Character) -> String {
        var text = prefix
        while text.utf8.count + 3 <= byteCount - 1 { text += "界" }
        while text.utf8.count < byteCount - 1 { text += "x" }
        text.append(last)
        return text
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition { Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation) }
    }

    static func expectConflict(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected RBACError.conflict, but the save succeeded", sourceLocation: sourceLocation)
        } catch let error as RBACError {
            if error.code != .conflict {
                Issue.record("\(what): expected RBACError.conflict, got \(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("\(what): expected RBACError.conflict, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }
}
