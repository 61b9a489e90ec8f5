public import ConsentKitCore

/// The one door from masked values back to originals: checks the
/// ``ReidentificationPolicy``, writes the audit entry, and only then reveals.
///
/// ```swift
/// let reidentifier = Reidentifier(policy: policy, auditLog: auditLog, vault: vault)
/// let card = try await reidentifier.detokenize(token, namespace: cards, subject: customer, for: access)
/// let email = try await reidentifier.reveal(field: contactEmail, subject: customer, for: access, method: "aes-siv") {
///     try siv.decrypt(stored, context: context)
/// }
/// ```
///
/// Every call, in this order:
/// 1. **Permission.** The first policy rule that permits the access for the
///    target (token namespace or field) is taken. None: an entry of kind
///    `AuditEntry.Kind.reidentification` with outcome
///    `denied` is appended, and ``MaskingError`` `.notPermitted` is thrown.
/// 2. **Audit first.** An entry with outcome `success` is appended: actor the
///    principal, the subject (pseudonymized by the log), the purpose, and
///    details `roles`, `tenant`, `method`, `namespace` or `field`, and `rule`.
///    Never the token or the value. If the append throws, nothing is revealed
///    and its error propagates: no audit record, no re-identification.
/// 3. **Reveal.** The vault or the body runs. If it fails — an unknown token,
///    a ciphertext that does not decrypt — a second entry with outcome
///    `failure` and a `reason` (an error code or type name, never a message)
///    is appended on a best-effort basis, and the reveal's error is thrown.
///
/// Cost: one or two audit appends (a store write each) per call; meant for
/// the rare path where a person or process needs the original value.
public final class Reidentifier: Sendable {
    /// Who may reveal what.
    public let policy: ReidentificationPolicy
    /// Where every attempt is recorded.
    public let auditLog: AuditLog
    /// The vault ``detokenize(_:namespace:subject:for:)`` reads, if any.
    public let vault: (any TokenVault)?

    /// The action recorded for detokenization.
    public static let detokenizeAction = "detokenize"
    /// The action recorded for ``reveal(field:subject:for:method:_:)``.
    public static let revealAction = "reveal"
    /// The method recorded for detokenization.
    public static let tokenVaultMethod = "token-vault"

    /// Creates a re-identifier.
    /// - Parameters:
    ///   - policy: the rules; anything they do not permit is refused.
    ///   - auditLog: receives an entry before anything is revealed.
    ///   - vault: needed only for ``detokenize(_:namespace:subject:for:)``.
    public init(policy: ReidentificationPolicy, auditLog: AuditLog, vault: (any TokenVault)? = nil) {
        self.policy = policy
        self.auditLog = auditLog
        self.vault = vault
    }

    /// The value behind `token` in `namespace`, if the policy permits
    /// `access` to detokenize that namespace; audited as described on the type.
    /// - Parameters:
    ///   - token: the token to resolve.
    ///   - namespace: the namespace it was issued in.
    ///   - subject: whose value it is, recorded as a pseudonym; `nil` when unknown.
    ///   - access: who asks, in which roles, for which purpose.
    /// - Throws: ``MaskingError`` `.notPermitted` when no rule permits it
    ///   (after the denial is audited); `.authenticationFailed` when the
    ///   namespace holds no such token (never issued, erased, another
    ///   namespace's); `.vaultFailure` when this re-identifier has no vault;
    ///   audit log errors as they come, before anything is read; vault errors as they come.
    public func detokenize(
        _ token: Token, namespace: TokenNamespace, subject: SubjectID?, for access: AccessContext
    ) async throws -> String {
        guard let vault else {
            throw MaskingError(
                code: .vaultFailure, message: "this Reidentifier has no token vault; pass one to detokenize namespace \(namespace)")
        }
        return try await reidentify(
            .token(namespace), subject: subject, access: access, action: Self.detokenizeAction,
            method: Self.tokenVaultMethod
        ) {
            guard let value = try await vault.detokenize(token, namespace: namespace) else {
                throw MaskingError(
                    code: .authenticationFailed,
                    message: "namespace \(namespace) holds no such token (never issued, erased, or issued in another namespace)")
            }
            return value
        }
    }

    /// Runs `body` — the decryption that reveals a value of `field` — if the
    /// policy permits `access` to reveal that field; audited as described on
    /// the type, with `method` (for example `ff1` or `aes-siv`) in the entry.
    /// - Parameters:
    ///   - field: the field whose value is revealed (matched against the policy's field patterns).
    ///   - subject: whose value it is, recorded as a pseudonym; `nil` when unknown.
    ///   - access: who asks, in which roles, for which purpose.
    ///   - method: how the value is revealed; at most 1,024 UTF-8 bytes (an audit detail).
    ///   - body: runs only after the audit entry is stored, at most once.
    /// - Throws: ``MaskingError`` `.notPermitted` when no rule permits it
    ///   (after the denial is audited); audit log errors as they come, before
    ///   `body` runs; `body`'s error as it comes.
    public func reveal(
        field: FieldPath, subject: SubjectID?, for access: AccessContext, method: String,
        _ body: @Sendable () async throws -> String
    ) async throws -> String {
        try await reidentify(.field(field), subject: subject, access: access, action: Self.revealAction, method: method, body)
    }

    // MARK: Internals

    private func reidentify(
        _ target: ReidentificationPolicy.Target, subject: SubjectID?, access: AccessContext, action: String,
        method: String, _ reveal: @Sendable () async throws -> String
    ) async throws -> String {
        var details = Self.details(target, access: access, method: method)
        guard let rule = policy.rule(permitting: access, target) else {
            details["reason"] = access.purpose == nil ? "no-purpose" : "no-matching-rule"
            try await record(action, .denied, access: access, subject: subject, details: details)
            let roles = access.roles.sorted().map(\.rawValue).joined(separator: ",")
            let why = access.purpose.map { "for purpose \($0): no re-identification rule permits it" }
                ?? "without a purpose: every re-identification needs one"
            throw MaskingError(
                code: .notPermitted,
                message: "principal \(access.principal) (roles \(roles)) may not \(action) \(target) \(why)")
        }
        details["rule"] = rule.name
        // Fail closed: if this throws, the value is never read.
        try await record(action, .success, access: access, subject: subject, details: details)
        do {
            return try await reveal()
        } catch {
            details["reason"] = Self.reason(for: error)
            // Best effort: nothing was revealed, and the caller needs the reveal's error more than the log's.
            try? await record(action, .failure, access: access, subject: subject, details: details)
            throw error
        }
    }

    private func record(
        _ action: String, _ outcome: AuditEntry.Outcome, access: AccessContext, subject: SubjectID?,
        details: [String: String]
    ) async throws {
        _ = try await auditLog.append(
            kind: .reidentification, actor: access.principal.rawValue, subject: subject, purpose: access.purpose,
            action: action, outcome: outcome, details: details)
    }

    private static func details(
        _ target: ReidentificationPolicy.Target, access: AccessContext, method: String
    ) -> [String: String] {
        var details = ["method": method, "roles": roleList(access.roles)]
        if let tenant = access.tenant { details["tenant"] = tenant.rawValue }
        switch target {
        case .token(let namespace): details["namespace"] = namespace.rawValue
        case .field(let field): details["field"] = field.rawValue
        }
        return details
    }

    /// The sorted roles, comma-separated, cut to fit an audit detail with a `+N` count of the rest.
    static func roleList(_ roles: Set<RoleID>) -> String {
        let sorted = roles.sorted().map(\.rawValue)
        let limit = AuditEntry.maximumDetailValueByteCount
        var text = ""
        for (position, role) in sorted.enumerated() {
            let separator = text.isEmpty ? "" : ","
            let rest = sorted.count - position
            // Leave room for the ",+N" marker in case a later role does not fit.
            guard text.utf8.count + separator.utf8.count + role.utf8.count + ",+\(rest)".utf8.count <= limit
                || (rest == 1 && text.utf8.count + separator.utf8.count + role.utf8.count <= limit)
            else {
                return text + (text.isEmpty ? "" : ",") + "+\(rest)"
            }
            text += separator + role
        }
        return text
    }

    private static func reason(for error: any Error) -> String {
        if let error = error as? MaskingError { return "MaskingError.\(error.code)" }
        // A type name only: messages may quote the input.
        return String(describing: type(of: error))
    }
}
