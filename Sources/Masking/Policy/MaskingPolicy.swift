public import ConsentKitCore

/// Which masking each field gets, per role and purpose, declared once and
/// compiled into a ``MaskingPlan`` per access.
///
/// A policy is declared in one of two ways, or both:
///
/// - **Rules** name the field, the audience (roles, purposes) and the strategy:
///   "analysts see `customer.email` as a pseudonym".
/// - **Profiles** say what each level means for a field ("partial" for
///   `card.number` is the last four digits); the levels come from
///   `FieldGrant`s — RBAC's field grants for the access — so "support agents
///   see the last four digits of the card" is declared once, in RBAC.
///
/// For one access and one field, every rule whose audience contains the
/// access and every grant covering the field is a candidate; the most
/// revealing candidate wins (by ``MaskingStrategy/level``), the earliest
/// declared rule among equals. A field no candidate covers gets
/// ``defaultStrategy`` — `.redact` unless changed — so a field added to a
/// record later stays hidden until someone decides otherwise.
public struct MaskingPolicy: Sendable {
    /// The rules, in declaration order.
    public private(set) var rules: [MaskingRule] = []
    /// Level-to-strategy profiles, by field.
    public private(set) var profiles: [FieldPath: FieldMaskingProfile] = [:]
    /// Fields that must be present in every record: masking a record without
    /// one fails with `.missingField` instead of returning it.
    public private(set) var requiredFields: [FieldPath] = []
    /// What fields no rule or grant covers get.
    public var defaultStrategy: MaskingStrategy
    /// The field whose value identifies the record (a customer id) and seeds
    /// the keyed per-record strategies (date shift, noise), when the caller
    /// gives no record key.
    public var recordKeyField: FieldPath?

    /// An empty policy: every field is masked with `defaultStrategy`.
    public init(defaultStrategy: MaskingStrategy = .redact, recordKeyField: FieldPath? = nil) {
        self.defaultStrategy = defaultStrategy
        self.recordKeyField = recordKeyField
    }

    /// Adds a rule: for accesses in `audience`, mask `field` with `strategy`.
    public mutating func mask(_ field: FieldPath, with strategy: MaskingStrategy, for audience: MaskingAudience = .everyone) {
        rules.append(MaskingRule(field: field, audience: audience, strategy: strategy))
    }

    /// Adds a rule.
    public mutating func add(_ rule: MaskingRule) {
        rules.append(rule)
    }

    /// Sets what the grant levels mean for `field` (replacing an earlier profile).
    public mutating func setProfile(_ profile: FieldMaskingProfile, for field: FieldPath) {
        profiles[field] = profile
    }

    /// Requires `field` in every masked record.
    public mutating func require(_ field: FieldPath) {
        if !requiredFields.contains(field) { requiredFields.append(field) }
    }

    /// Compiles the plan for `access`, from the rules whose audience contains
    /// it and from `grants` (RBAC's field grants for the access; empty when
    /// access is declared by rules only).
    /// - Throws: ``MaskingError`` `.invalidPolicy` listing every problem: a
    ///   profile that reveals more than the level it stands for (a `.keep`
    ///   profile for `.partial`).
    public func plan(for access: AccessContext, grants: [FieldGrant] = []) throws(MaskingError) -> MaskingPlan {
        try MaskingPlan(policy: self, access: access, grants: grants)
    }

    /// The entries a grant stands for: the granted path with the strategy of
    /// the closest profile covering it, plus every profiled path under it
    /// with its own profile's strategy for the same level.
    func entries(for grant: FieldGrant) -> [(field: FieldPath, strategy: MaskingStrategy)] {
        var closest: (path: FieldPath, profile: FieldMaskingProfile)?
        var below: [(field: FieldPath, strategy: MaskingStrategy)] = []
        for (path, profile) in profiles.sorted(by: { $0.key < $1.key }) {
            if path.covers(grant.field) {
                if closest.map({ path.segments.count > $0.path.segments.count }) ?? true {
                    closest = (path, profile)
                }
            } else if grant.field.covers(path) {
                below.append((path, profile.strategy(for: grant.level)))
            }
        }
        let own = (closest?.profile ?? FieldMaskingProfile()).strategy(for: grant.level)
        return [(grant.field, own)] + below
    }

    /// Every profile whose strategies reveal more than the level they stand for.
    func profileProblems() -> [String] {
        var problems: [String] = []
        for (path, profile) in profiles.sorted(by: { $0.key < $1.key }) {
            if let partial = profile.partial, partial.level > .partial {
                problems.append("profile of \(path): the partial strategy \(partial.name) reveals the full value")
            }
            if let pseudonym = profile.pseudonym, pseudonym.level > .pseudonym {
                problems.append(
                    "profile of \(path): the pseudonym strategy \(pseudonym.name) reveals characters of the value")
            }
        }
        return problems
    }
}
