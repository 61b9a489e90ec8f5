public import ConsentKitCore
import Synchronization

/// The access-control entry point of an app: holds the current
/// ``PolicySnapshot``, swaps it atomically when the policy changes, opens
/// sessions, and optionally audits decisions.
///
/// ```swift
/// let access = try AccessController(policy: policy)
/// access.check(alice, .read, "customers/42", purpose: support, tenant: acme)
///
/// // Every instance: pick up what any instance saved.
/// try await access.reload(from: store)
/// // One instance: change the policy, save it (optimistic concurrency), apply it.
/// try await access.update(in: store) { policy in try policy.assign(bob, to: analyst) }
/// ```
///
/// **Swaps.** ``apply(_:limits:)``, ``reload(from:limits:)`` and
/// ``update(in:limits:maximumAttempts:_:)`` compile the new policy first and
/// swap only on success: on any error — a store failure, an undecodable or
/// oversized policy — the previous snapshot stays in force, untouched. A
/// check runs entirely against the snapshot it started with, so checks made
/// during a swap never see half a policy.
///
/// **Cost.** Reading ``snapshot`` takes a mutex for the time of a reference
/// copy; each delegating check pays that plus the snapshot's check. For tight
/// loops, read ``snapshot`` once and check against it.
public final class AccessController: Sendable {
    private struct State: Sendable {
        var snapshot: PolicySnapshot
        /// The store version of the current snapshot, when it came from a store.
        var storeVersion: UInt64?
    }

    private let state: Mutex<State>
    /// Where audited decisions are written, if anywhere.
    public let auditLog: AuditLog?
    /// Which decisions ``checkAndAudit(_:_:_:purpose:tenant:subject:)`` writes.
    public let auditPolicy: AccessAuditPolicy

    /// A controller serving `snapshot` (the empty policy by default: every check denied).
    /// - Parameters:
    ///   - snapshot: the compiled policy to serve until the first apply or reload.
    ///   - auditLog: where ``checkAndAudit(_:_:_:purpose:tenant:subject:)`` records decisions; `nil` to record nothing.
    ///   - auditPolicy: which decisions are recorded.
    public init(
        snapshot: PolicySnapshot = .empty, auditLog: AuditLog? = nil, auditPolicy: AccessAuditPolicy = AccessAuditPolicy()
    ) {
        state = Mutex(State(snapshot: snapshot, storeVersion: nil))
        self.auditLog = auditLog
        self.auditPolicy = auditPolicy
    }

    /// A controller serving `policy`, compiled as version 1.
    /// - Throws: ``RBACError`` `.tooLarge` when the policy is over `limits`.
    public convenience init(
        policy: RBACPolicy, limits: RBACLimits = .default, auditLog: AuditLog? = nil,
        auditPolicy: AccessAuditPolicy = AccessAuditPolicy()
    ) throws(RBACError) {
        self.init(
            snapshot: try PolicySnapshot(compiling: policy, version: 1, limits: limits), auditLog: auditLog,
            auditPolicy: auditPolicy)
    }

    /// The snapshot in force.
    public var snapshot: PolicySnapshot {
        state.withLock { $0.snapshot }
    }

    // MARK: Changing the policy

    /// Compiles `policy` and makes it the snapshot in force, with the next
    /// version number. A later ``reload(from:limits:)`` replaces it with the
    /// store's policy.
    /// - Throws: ``RBACError`` `.tooLarge`; the previous snapshot stays in force.
    @discardableResult
    public func apply(_ policy: RBACPolicy, limits: RBACLimits = .default) throws(RBACError) -> PolicySnapshot {
        let compiled = try PolicySnapshot(compiling: policy, limits: limits)
        return state.withLock { state in
            state.snapshot = compiled.withVersion(state.snapshot.version &+ 1)
            state.storeVersion = nil
            return state.snapshot
        }
    }

    /// Loads the store's policy and, if its version differs from the one in
    /// force, compiles it and swaps it in. A policy older than the one in
    /// force (a concurrent reload got a newer one first) is ignored.
    ///
    /// Returns whether the snapshot changed. Nothing changes when the store is empty.
    /// - Throws: ``RBACError`` — the store's own (`.invalidPolicy` for a
    ///   stored document that no longer validates, ...), `.storeFailure`
    ///   wrapping any other store error, `.tooLarge`. The previous snapshot
    ///   stays in force.
    @discardableResult
    public func reload(from store: any PolicyStore, limits: RBACLimits = .default) async throws(RBACError) -> Bool {
        let loaded: VersionedPolicy?
        do {
            loaded = try await store.load()
        } catch {
            throw Self.storeError(error, "loading the policy")
        }
        guard let loaded else { return false }
        if state.withLock({ $0.storeVersion.map { $0 >= loaded.version } ?? false }) { return false }
        let compiled = try PolicySnapshot(compiling: loaded.policy, version: loaded.version, limits: limits)
        return state.withLock { state in
            if let current = state.storeVersion, current >= loaded.version { return false }
            state.snapshot = compiled
            state.storeVersion = loaded.version
            return true
        }
    }

    /// Changes the stored policy and applies the result: loads it (an empty
    /// store reads as the empty policy), applies `change`, checks the result
    /// compiles, saves it expecting the loaded version, and swaps it in.
    /// After a `.conflict` (another instance saved first) it starts again
    /// from the newer policy, up to `maximumAttempts` times.
    ///
    /// - Throws: whatever `change` throws (nothing saved); ``RBACError``
    ///   `.tooLarge`, `.conflict` after `maximumAttempts` conflicts, the
    ///   store's `RBACError`s, `.storeFailure` wrapping its other errors. The
    ///   previous snapshot stays in force on any error.
    @discardableResult
    public func update(
        in store: any PolicyStore, limits: RBACLimits = .default, maximumAttempts: Int = 16,
        _ change: (inout RBACPolicy) throws -> Void
    ) async throws -> PolicySnapshot {
        var attempt = 0
        while true {
            attempt += 1
            let loaded: VersionedPolicy?
            do {
                loaded = try await store.load()
            } catch {
                throw Self.storeError(error, "loading the policy")
            }
            var policy = loaded?.policy ?? RBACPolicy()
            try change(&policy)
            let compiled = try PolicySnapshot(compiling: policy, limits: limits)
            let version: UInt64
            do {
                version = try await store.save(policy, expectedVersion: loaded?.version ?? 0)
            } catch let error as RBACError where error.code == .conflict {
                if attempt >= maximumAttempts { throw error }
                continue
            } catch {
                throw Self.storeError(error, "saving the policy")
            }
            return state.withLock { state in
                if let current = state.storeVersion, current >= version { return state.snapshot }
                state.snapshot = compiled.withVersion(version)
                state.storeVersion = version
                return state.snapshot
            }
        }
    }

    // MARK: Decisions

    /// Checks against the snapshot in force; see ``PolicySnapshot/check(_:_:_:purpose:tenant:)``.
    public func check(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        tenant: TenantID? = nil
    ) -> Bool {
        snapshot.check(principal, action, resource, purpose: purpose, tenant: tenant)
    }

    /// Explains against the snapshot in force; see ``PolicySnapshot/explain(_:_:_:purpose:tenant:)``.
    public func explain(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        tenant: TenantID? = nil
    ) -> AccessExplanation {
        snapshot.explain(principal, action, resource, purpose: purpose, tenant: tenant)
    }

    /// The field grants of an access, from the snapshot in force; see
    /// ``PolicySnapshot/fieldGrants(for:action:resource:)``.
    public func fieldGrants(for context: AccessContext, action: AccessAction, resource: String) -> [FieldGrant] {
        snapshot.fieldGrants(for: context, action: action, resource: resource)
    }

    /// Checks and, when ``auditPolicy`` asks for it and an ``auditLog`` is
    /// set, records the decision (kind `.accessDecision`, actor the principal,
    /// outcome `.success` or `.denied`, details: resource, tenant, policy
    /// version and the explanation's reason) before returning it.
    ///
    /// `subject` — whose data the resource holds — is pseudonymized by the
    /// log; its raw id is replaced by `{subject}` in the recorded resource,
    /// and a principal acting on its own data is recorded as actor `self`.
    /// - Throws: ``RBACError`` `.auditFailure` when the decision had to be
    ///   recorded and could not be: treat the access as denied.
    public func checkAndAudit(
        _ principal: PrincipalID, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        tenant: TenantID? = nil, subject: SubjectID? = nil
    ) async throws(RBACError) -> Bool {
        let snapshot = snapshot
        let allowed = snapshot.check(principal, action, resource, purpose: purpose, tenant: tenant)
        guard let auditLog, auditPolicy.records(allowed: allowed, purpose: purpose) else { return allowed }
        let explanation = snapshot.explain(principal, action, resource, purpose: purpose, tenant: tenant)
        try await record(explanation, allowed: allowed, version: snapshot.version, subject: subject, in: auditLog)
        return allowed
    }

    // MARK: Sessions

    /// Opens a session; see ``PolicySnapshot/createSession(_:tenant:activeRoles:)``.
    /// - Throws: as ``PolicySnapshot/createSession(_:tenant:activeRoles:)``.
    public func createSession(
        _ principal: PrincipalID, tenant: TenantID? = nil, activeRoles: Set<RoleID> = []
    ) throws(RBACError) -> RBACSession {
        try snapshot.createSession(principal, tenant: tenant, activeRoles: activeRoles)
    }

    /// Activates a role; see ``PolicySnapshot/addActiveRole(_:to:)``.
    /// - Throws: as ``PolicySnapshot/addActiveRole(_:to:)``.
    public func addActiveRole(_ role: RoleID, to session: inout RBACSession) throws(RBACError) {
        try snapshot.addActiveRole(role, to: &session)
    }

    /// Deactivates a role; see ``PolicySnapshot/dropActiveRole(_:from:)``.
    /// - Throws: as ``PolicySnapshot/dropActiveRole(_:from:)``.
    public func dropActiveRole(_ role: RoleID, from session: inout RBACSession) throws(RBACError) {
        try snapshot.dropActiveRole(role, from: &session)
    }

    /// Checks a session against the snapshot in force; see ``PolicySnapshot/check(_:_:_:purpose:)``.
    public func check(_ session: RBACSession, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil) -> Bool {
        snapshot.check(session, action, resource, purpose: purpose)
    }

    /// Checks a session and records the decision as
    /// ``checkAndAudit(_:_:_:purpose:tenant:subject:)`` does.
    /// - Throws: ``RBACError`` `.auditFailure`.
    public func checkAndAudit(
        _ session: RBACSession, _ action: AccessAction, _ resource: String, purpose: PurposeID? = nil,
        subject: SubjectID? = nil
    ) async throws(RBACError) -> Bool {
        let snapshot = snapshot
        let allowed = snapshot.check(session, action, resource, purpose: purpose)
        guard let auditLog, auditPolicy.records(allowed: allowed, purpose: purpose) else { return allowed }
        let explanation = snapshot.explain(session, action, resource, purpose: purpose)
        try await record(explanation, allowed: allowed, version: snapshot.version, subject: subject, in: auditLog)
        return allowed
    }

    // MARK: Internals

    private func record(
        _ explanation: AccessExplanation, allowed: Bool, version: UInt64, subject: SubjectID?, in log: AuditLog
    ) async throws(RBACError) {
        var resource = explanation.resource
        var actor = explanation.principal.rawValue
        if let subject {
            let raw = subject.rawValue
            resource = resource == raw ? "{subject}" : resource.replacing(raw, with: "{subject}")
            if actor == raw || (raw.utf8.count >= 8 && actor.contains(raw)) { actor = "self" }
        }
        var details: [String: String] = [
            "resource": Self.truncated(resource),
            "policyVersion": String(version),
            "reason": Self.truncated(Self.summary(of: explanation.reason, subject: subject)),
        ]
        if let tenant = explanation.tenant { details["tenant"] = tenant.rawValue }
        do {
            _ = try await log.append(
                kind: .accessDecision, actor: actor, subject: subject, purpose: explanation.purpose,
                action: explanation.action.rawValue, outcome: allowed ? .success : .denied, details: details)
        } catch {
            throw RBACError(
                code: .auditFailure,
                message: "the \(allowed ? "allowed" : "denied") \(explanation.action) decision could not be audited: \(error)")
        }
    }

    /// The reason without the principal (it is the actor) or the subject.
    private static func summary(of reason: AccessExplanation.Reason, subject: SubjectID?) -> String {
        let text: String
        switch reason {
        case .granted(let path, let permission):
            text = "granted: " + path.map(\.rawValue).joined(separator: " → ") + " → \(permission.action) \(permission.resource)"
        case .denied(let rule, let path):
            text = "denied: " + (path.isEmpty ? "" : path.map(\.rawValue).joined(separator: " → ") + ": ") + rule.description
        case .unknownPrincipal: text = "unknown principal"
        case .noRole: text = "no role"
        case .noPermission: text = "no permission"
        case .purposeNotGranted(let allowed):
            text = "purpose not granted; allowed for " + allowed.sorted().map(\.rawValue).joined(separator: ",")
        case .wrongTenant(let tenants):
            text = "wrong tenant; allowed in " + tenants.sorted().map(\.rawValue).joined(separator: ",")
        case .roleNotActive(let roles):
            text = "role not active: " + roles.sorted().map(\.rawValue).joined(separator: ",")
        }
        guard let subject else { return text }
        return text.replacing(subject.rawValue, with: "{subject}")
    }

    /// At most 1,000 UTF-8 bytes, cut at a character boundary (the audit log's limit is 1,024).
    private static func truncated(_ text: String) -> String {
        guard text.utf8.count > 1_000 else { return text }
        var result = ""
        for character in text {
            guard result.utf8.count + character.utf8.count <= 999 else { break }
            result.append(character)
        }
        return result + "…"
    }

    private static func storeError(_ error: any Error, _ doing: String) -> RBACError {
        if let error = error as? RBACError { return error }
        return RBACError(code: .storeFailure, message: "\(doing) failed: \(error)")
    }
}
