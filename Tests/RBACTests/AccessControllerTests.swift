import ConsentKitCore
import RBAC
import Synchronization
import Testing

/// Atomic swaps, reloads from stores, sessions and audited decisions.
@Suite("AccessController")
struct AccessControllerTests {
    typealias Kit = AccessTestKit

    /// A store whose every call fails, or which holds a document that no longer decodes.
    struct BrokenStore: PolicyStore {
        enum Failure: Sendable { case unavailable, corruptDocument, conflictsForever }
        let failure: Failure

        struct Unavailable: Error, CustomStringConvertible {
            var description: String { "connection refused" }
        }

        func load() async throws -> VersionedPolicy? {
            switch failure {
            case .unavailable: throw Unavailable()
            case .corruptDocument:
                // What an adapter does with a stored document: decode it, which validates it.
                let policy = try RBACPolicy.decode(json: #"{"roles": [{"name": "a", "inherits": ["a"]}]}"#)
                return VersionedPolicy(policy: policy, version: 9)
            case .conflictsForever: return nil
            }
        }

        func save(_ policy: RBACPolicy, expectedVersion: UInt64) async throws -> UInt64 {
            switch failure {
            case .conflictsForever: throw Self.conflict(expected: expectedVersion, actual: expectedVersion + 1)
            default: throw Unavailable()
            }
        }
    }

    @Test func applyCompilesAndSwaps() throws {
        let controller = AccessController()
        let bob = try Kit.user("bob")
        #expect(!controller.check(bob, .read, "handbook"))
        let snapshot = try controller.apply(Kit.supportDesk())
        #expect(snapshot.version == 1)
        #expect(controller.snapshot.version == 1)
        #expect(controller.check(bob, .read, "handbook"))
        #expect(controller.explain(bob, .read, "handbook").isAllowed)
        try controller.apply(RBACPolicy())
        #expect(controller.snapshot.version == 2)
        #expect(!controller.check(bob, .read, "handbook"))
    }

    @Test func badInputKeepsThePreviousSnapshot() async throws {
        let controller = try AccessController(policy: Kit.supportDesk())
        let before = controller.snapshot
        let bob = try Kit.user("bob")

        // Oversized policy.
        let tooLarge = #expect(throws: RBACError.self) { try controller.apply(Kit.supportDesk(), limits: RBACLimits(maximumRoles: 2)) }
        #expect(tooLarge?.code == .tooLarge)
        // Store down.
        let down = await #expect(throws: RBACError.self) { try await controller.reload(from: BrokenStore(failure: .unavailable)) }
        #expect(down?.code == .storeFailure)
        #expect(down?.message.contains("connection refused") == true)
        // Stored document with a cycle.
        let corrupt = await #expect(throws: RBACError.self) { try await controller.reload(from: BrokenStore(failure: .corruptDocument)) }
        #expect(corrupt?.code == .invalidPolicy)
        #expect(corrupt?.problems.first?.code == .cycle)
        #expect(controller.snapshot.policy == before.policy)
        #expect(controller.snapshot.version == before.version)
        #expect(controller.check(bob, .read, "handbook"), "the previous policy still decides")

        // A change that breaks separation of duty.
        let store = InMemoryPolicyStore(policy: try SeparationOfDutyTests.payments())
        try await controller.reload(from: store)
        let loaded = controller.snapshot
        let eve = try Kit.user("eve"), clerk = try Kit.role("clerk"), approver = try Kit.role("approver")
        let violation = await #expect(throws: RBACError.self) {
            try await controller.update(in: store) { policy in
                try policy.assign(eve, to: clerk)
                try policy.assign(eve, to: approver)
            }
        }
        #expect(violation?.code == .separationOfDuty)
        #expect(controller.snapshot.version == loaded.version)
        #expect(try await store.load()?.version == 1, "nothing was saved")
        // Conflicts that never end.
        let conflict = await #expect(throws: RBACError.self) {
            try await controller.update(in: BrokenStore(failure: .conflictsForever), maximumAttempts: 3) { _ in }
        }
        #expect(conflict?.code == .conflict)

        #expect(controller.snapshot.policy == loaded.policy)
        #expect(!controller.snapshot.check(bob, .read, "handbook"), "the store's policy is in force")
    }

    @Test func reloadFollowsTheStore() async throws {
        let store = InMemoryPolicyStore()
        let controller = AccessController()
        #expect(try await controller.reload(from: store) == false, "an empty store changes nothing")
        _ = try await store.save(Kit.supportDesk(), expectedVersion: 0)
        #expect(try await controller.reload(from: store))
        #expect(controller.snapshot.version == 1)
        #expect(try await controller.reload(from: store) == false, "the same version is not compiled again")

        // Another instance changes the policy; this one picks it up.
        let other = AccessController()
        let zoe = try Kit.user("zoe"), dpo = try Kit.role("dpo")
        try await other.update(in: store) { policy in
            try policy.assign(zoe, to: dpo)
        }
        #expect(other.snapshot.version == 2)
        #expect(!controller.check(try Kit.user("zoe"), .read, "customers/1", purpose: try Kit.purpose("dsar")))
        #expect(try await controller.reload(from: store))
        #expect(controller.check(try Kit.user("zoe"), .read, "customers/1", purpose: try Kit.purpose("dsar")))
        #expect(controller.snapshot.version == 2)
    }

    @Test func updateRetriesAfterConflicts() async throws {
        let store = InMemoryPolicyStore(policy: try Kit.supportDesk())
        let controllers = [AccessController(), AccessController(), AccessController()]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, controller) in controllers.enumerated() {
                group.addTask {
                    for step in 0..<10 {
                        let role = try Kit.role("c\(index)-\(step)")
                        try await controller.update(in: store, maximumAttempts: 1_000) { policy in
                            policy.addRole(role)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let stored = try #require(try await store.load())
        #expect(stored.version == 31)
        #expect(stored.policy.roles.count == 6 + 30)
    }

    @Test func reloadUnderConcurrentChecksNeverTearsADecision() async throws {
        // Two policies that disagree on everything: in A only alpha-users read
        // alpha, in B only beta-users read beta. Every check must match one
        // snapshot exactly — never a mix, never a failure.
        func policy(_ name: String) throws -> RBACPolicy {
            var policy = RBACPolicy()
            let role = try Kit.role(name)
            policy.addRole(role)
            for index in 0..<500 {
                try policy.addPermission(Kit.permission("read", "\(name)/\(index)"), to: role)
                try policy.assign(Kit.user("\(name)-user-\(index)"), to: role)
            }
            return policy
        }
        let alpha = try policy("alpha"), beta = try policy("beta")
        let controller = try AccessController(policy: alpha)
        let stores = [InMemoryPolicyStore(policy: alpha), InMemoryPolicyStore(policy: beta)]
        final class Progress: Sendable {
            let failures = Atomic<Int>(0)
            let checks = Atomic<Int>(0)
            let done = Atomic<Bool>(false)
        }
        let progress = Progress()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var index = worker
                    while !progress.done.load(ordering: .relaxed) {
                        let snapshot = controller.snapshot
                        let n = index % 500
                        let isAlpha = snapshot.check(try Kit.user("alpha-user-\(n)"), .read, "alpha/\(n)")
                        let isBeta = snapshot.check(try Kit.user("beta-user-\(n)"), .read, "beta/\(n)")
                        let crossed = snapshot.check(try Kit.user("alpha-user-\(n)"), .read, "beta/\(n)")
                        if isAlpha == isBeta || crossed { progress.failures.add(1, ordering: .relaxed) }
                        // Delegating checks read whichever snapshot is in force at that instant.
                        _ = controller.check(try Kit.user("alpha-user-\(n)"), .read, "alpha/\(n)")
                        progress.checks.add(1, ordering: .relaxed)
                        index += 7
                        // The pool has as many threads as cores: let the swapping task run.
                        await Task.yield()
                    }
                }
            }
            group.addTask {
                defer { progress.done.store(true, ordering: .relaxed) }
                for round in 0..<40 {
                    // Alternate: a full apply, and a reload of a newer version from a store.
                    if round % 2 == 0 {
                        try controller.apply(round % 4 == 0 ? beta : alpha)
                    } else {
                        let store = stores[round % 4 == 1 ? 1 : 0]
                        let current = try #require(try await store.load())
                        _ = try await store.save(current.policy, expectedVersion: current.version)
                        try await controller.reload(from: store)
                    }
                    // A bad policy in between: refused, nothing swapped.
                    #expect(throws: RBACError.self) { try controller.apply(alpha, limits: RBACLimits(maximumPrincipals: 10)) }
                    await Task.yield()
                }
            }
            try await group.waitForAll()
        }
        #expect(progress.failures.load(ordering: .relaxed) == 0)
        #expect(progress.checks.load(ordering: .relaxed) >= 40, "checks ran while the policy was swapped")
    }

    @Test func sessionsThroughTheController() throws {
        let controller = try AccessController(policy: SeparationOfDutyTests.dynamic().policy)
        var session = try controller.createSession(Kit.user("sam"), activeRoles: [Kit.role("cashier")])
        #expect(controller.check(session, try Kit.action("open"), "drawer/1"))
        #expect(throws: RBACError.self) { try controller.addActiveRole(Kit.role("supervisor"), to: &session) }
        try controller.dropActiveRole(Kit.role("cashier"), from: &session)
        try controller.addActiveRole(Kit.role("supervisor"), to: &session)
        #expect(controller.check(session, try Kit.action("correct"), "drawer/1"))

        // Deassigning takes effect on open sessions at their next check.
        var policy = controller.snapshot.policy
        try policy.deassign(Kit.user("sam"), from: Kit.role("supervisor"))
        try controller.apply(policy)
        #expect(!controller.check(session, try Kit.action("correct"), "drawer/1"))
        #expect(controller.snapshot.sessionRoles(session).isEmpty)
    }

    // MARK: Audit

    @Test func deniedAndSensitiveDecisionsAreAudited() async throws {
        let log = AuditLog()
        let controller = try AccessController(
            policy: Kit.supportDesk(), auditLog: log,
            auditPolicy: AccessAuditPolicy(sensitivePurposes: [try Kit.purpose("dsar")]))
        let bob = try Kit.user("bob"), dora = try Kit.user("dora")
        let customer = try SubjectID("customer-12345678")

        #expect(try await controller.checkAndAudit(bob, .read, "handbook/a"))
        #expect(log.size == 0, "an ordinary allowed decision is not recorded")

        #expect(try await controller.checkAndAudit(bob, .write, "customers/customer-12345678", subject: customer) == false)
        #expect(log.size == 1)
        let denied = try await log.entry(at: 0)
        #expect(denied.kind == .accessDecision)
        #expect(denied.outcome == .denied)
        #expect(denied.actor == "bob")
        #expect(denied.action == "write")
        #expect(denied.details["resource"] == "customers/{subject}", "the raw subject id never reaches the log")
        #expect(denied.details["reason"] == "no permission")
        #expect(denied.details["policyVersion"] == "1")
        #expect(denied.subject != nil)

        #expect(try await controller.checkAndAudit(dora, .read, "customers/9", purpose: try Kit.purpose("dsar")))
        #expect(log.size == 2)
        let sensitive = try await log.entry(at: 1)
        #expect(sensitive.outcome == .success)
        #expect(sensitive.purpose == (try Kit.purpose("dsar")))
        #expect(sensitive.details["reason"]?.hasPrefix("granted: dpo") == true)

        let session = try controller.createSession(bob, activeRoles: [Kit.role("employee")])
        #expect(try await controller.checkAndAudit(session, .read, "customers/1", purpose: try Kit.purpose("support")) == false)
        let inactive = try await log.entry(at: 2)
        #expect(inactive.details["reason"]?.hasPrefix("role not active") == true)
    }

    @Test func auditFailureIsATypedError() async throws {
        struct FailingAuditStore: AuditLogStore {
            struct Down: Error {}
            func count() async throws -> UInt64 { 0 }
            func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws { throw Down() }
            func records(in range: Range<UInt64>) async throws -> [AuditRecord] { [] }
        }
        let controller = try AccessController(policy: Kit.supportDesk(), auditLog: AuditLog(store: FailingAuditStore()))
        let error = await #expect(throws: RBACError.self) {
            _ = try await controller.checkAndAudit(try Kit.user("bob"), .write, "x")
        }
        #expect(error?.code == .auditFailure)
        // Without an audit log nothing is recorded and nothing fails.
        let quiet = try AccessController(policy: Kit.supportDesk())
        #expect(try await quiet.checkAndAudit(try Kit.user("bob"), .write, "x") == false)
    }
}
