public import ConsentKitCore
import Synchronization

/// Masks records for an access: compiles the policy's plan for each access
/// context once (and caches it), applies it to JSON values or to any
/// `Codable` value, and tokenizes through the vault when the policy says so.
///
/// ```swift
/// let masker = Masker(policy: policy, vault: vault)
/// let view = try await masker.mask(customer, for: supportAgent)   // JSONValue
/// ```
///
/// Sharing one `Masker` across requests and tasks is the intended use.
public final class Masker: Sendable {
    /// The policy every plan is compiled from.
    public let policy: MaskingPolicy
    /// The vault for tokenized fields, if the policy tokenizes any.
    public let vault: (any TokenVault)?
    /// How many compiled plans are cached; the cache is emptied when full.
    public let planCacheCapacity: Int

    private struct PlanKey: Hashable {
        let access: AccessContext
        let grants: [FieldGrant]
    }

    private let plans: Mutex<[PlanKey: MaskingPlan]> = Mutex([:])

    /// Creates a masker.
    public init(policy: MaskingPolicy, vault: (any TokenVault)? = nil, planCacheCapacity: Int = 1_024) {
        self.policy = policy
        self.vault = vault
        self.planCacheCapacity = max(1, planCacheCapacity)
    }

    /// The compiled plan for `access` (cached).
    /// - Throws: ``MaskingError`` `.invalidPolicy` as ``MaskingPolicy/plan(for:grants:)``.
    public func plan(for access: AccessContext, grants: [FieldGrant] = []) throws(MaskingError) -> MaskingPlan {
        let key = PlanKey(access: access, grants: grants)
        if let plan = plans.withLock({ $0[key] }) { return plan }
        let plan = try policy.plan(for: access, grants: grants)
        plans.withLock { cache in
            if cache.count >= planCacheCapacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = plan
        }
        return plan
    }

    /// Masks `record` for `access`.
    /// - Parameters:
    ///   - record: the record, a JSON object.
    ///   - access: who reads it, in which roles, for which purpose, in which tenant.
    ///   - grants: RBAC's field grants for the access, if the policy uses profiles.
    ///   - recordKey: identifies the record for date shifts and noise (default: the policy's `recordKeyField`).
    ///   - subject: whose record it is, so tokens can be erased with the subject.
    /// - Throws: ``MaskingError`` as ``MaskingPlan/mask(_:recordKey:)``;
    ///   `.invalidPolicy` when the plan tokenizes and the masker has no vault;
    ///   `.vaultFailure` wrapping a vault error. Nothing partial is returned.
    public func mask(
        _ record: JSONValue, for access: AccessContext, grants: [FieldGrant] = [], recordKey: String? = nil,
        subject: SubjectID? = nil
    ) async throws(MaskingError) -> JSONValue {
        let plan = try plan(for: access, grants: grants)
        guard plan.requiresVault else { return try plan.mask(record, recordKey: recordKey) }
        guard let vault else {
            throw MaskingError(code: .invalidPolicy, message: "the policy tokenizes fields but the masker has no vault")
        }
        var collector = try MaskingWalker(plan: plan.compiled, record: record, recordKey: recordKey, tokens: .collecting([]))
        _ = try collector.run(record)
        guard case .collecting(let requests) = collector.tokens else { return record }
        var tokens: [MaskingWalker.TokenRequest: String] = [:]
        for request in requests {
            do {
                tokens[request] = try await vault.tokenize(request.value, namespace: request.namespace, subject: subject)
                    .rawValue
            } catch let error as MaskingError {
                throw error
            } catch {
                throw MaskingError(code: .vaultFailure, message: "the token vault failed: \(error)")
            }
        }
        var walker = try MaskingWalker(plan: plan.compiled, record: record, recordKey: recordKey, tokens: .resolved(tokens))
        return try walker.run(record)
    }

    /// Encodes `value` to JSON (`JSONValueEncoder`) and masks it.
    /// - Throws: ``MaskingError`` `.typeMismatch` when the value does not
    ///   encode to a JSON object, and as `mask(_:for:grants:recordKey:subject:)`.
    public func mask<Value: Encodable>(
        _ value: Value, for access: AccessContext, grants: [FieldGrant] = [], recordKey: String? = nil,
        subject: SubjectID? = nil
    ) async throws(MaskingError) -> JSONValue {
        let record: JSONValue
        do {
            record = try JSONValueEncoder().encode(value)
        } catch {
            throw MaskingError(code: .typeMismatch, message: "\(Value.self) does not encode to JSON: \(error)")
        }
        return try await mask(record, for: access, grants: grants, recordKey: recordKey, subject: subject)
    }

    /// Masks `value` and decodes the result back into its type: a masked
    /// copy, for types whose masked fields are optional or strings.
    /// - Throws: ``MaskingError`` `.typeMismatch` when the masked JSON no
    ///   longer decodes as `Value` (a removed non-optional field, a pseudonym
    ///   in a numeric field), naming the problem; and as
    ///   `mask(_:for:grants:recordKey:subject:)`.
    public func maskedCopy<Value: Codable>(
        of value: Value, for access: AccessContext, grants: [FieldGrant] = [], recordKey: String? = nil,
        subject: SubjectID? = nil
    ) async throws(MaskingError) -> Value {
        let masked = try await mask(value, for: access, grants: grants, recordKey: recordKey, subject: subject)
        do {
            return try JSONValueDecoder().decode(Value.self, from: masked)
        } catch {
            throw MaskingError(
                code: .typeMismatch,
                message: "the masked record no longer decodes as \(Value.self) (make masked fields optional or strings): \(error)")
        }
    }
}
