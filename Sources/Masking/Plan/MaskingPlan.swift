public import ConsentKitCore

/// A ``MaskingPolicy`` compiled for one access: for every field, the one
/// strategy that applies. Compile once per access context (or let
/// ``Masker`` cache it) and apply it to any number of records; applying it
/// costs the strategies themselves plus one walk over the record.
///
/// Rules of the walk:
/// - a record is a JSON object; a field the plan does not cover gets the
///   policy's default strategy (`.redact`: removed);
/// - a strategy on a path applies to the whole value there, unless a more
///   specific path below it has its own (then the walk goes into the object,
///   and members the specific paths don't name inherit the outer strategy);
///   where several candidates cover a field, the most revealing wins;
/// - arrays are transparent: a path goes through every element, and a
///   value strategy (partial, pseudonym…) applies to each scalar element;
/// - `null` stays `null`; a wrong JSON type is `.typeMismatch` naming the path.
///
/// Errors never leave a partly masked record behind: masking either returns
/// the whole masked record or throws.
public struct MaskingPlan: Sendable {
    /// A field of the plan and the strategy it gets, for explanations and reviews.
    public struct PlannedField: Hashable, Sendable, CustomStringConvertible {
        /// The field (pattern) as declared.
        public let field: FieldPath
        /// The strategy's name, such as `partial`.
        public let strategy: String
        /// How much the strategy reveals.
        public let level: MaskingLevel

        /// `field: strategy (level)`.
        public var description: String { "\(field): \(strategy) (\(level))" }
    }

    /// The access the plan was compiled for.
    public let access: AccessContext
    /// Every declared field with the strategy that won for it, sorted by field.
    public let fields: [PlannedField]
    /// The strategy's name for fields nothing covers.
    public let defaultStrategyName: String
    /// Whether some field is tokenized, so only the asynchronous
    /// ``Masker`` (which holds the vault) can apply the plan.
    public let requiresVault: Bool

    /// Everything the walk reads, in one shared object (one retain per record).
    let compiled: CompiledMaskingPlan

    /// The deepest record walked; deeper input is `.tooLarge`.
    public static let maximumDepth = 64

    init(policy: MaskingPolicy, access: AccessContext, grants: [FieldGrant]) throws(MaskingError) {
        let problems = policy.profileProblems()
        guard problems.isEmpty else {
            throw MaskingError(code: .invalidPolicy, message: problems.joined(separator: "; "))
        }
        var declared: [(field: FieldPath, strategy: MaskingStrategy)] = []
        for rule in policy.rules where rule.audience.contains(access) {
            declared.append((rule.field, rule.strategy))
        }
        for grant in grants {
            declared.append(contentsOf: policy.entries(for: grant))
        }
        let levels = declared.map(\.strategy.level)
        // Most revealing wins; among equals, the earliest declared.
        let better: (Int, Int) -> Bool = { candidate, current in
            levels[candidate] > levels[current] || (levels[candidate] == levels[current] && candidate < current)
        }
        self.access = access
        let strategies = declared.map { entry in
            CompiledStrategy(
                entry.strategy, context: MaskingContext(field: entry.field, tenant: access.tenant, purpose: access.purpose))
        }
        let defaultStrategy = CompiledStrategy(
            policy.defaultStrategy,
            context: MaskingContext(field: Self.anyField, tenant: access.tenant, purpose: access.purpose))
        self.defaultStrategyName = policy.defaultStrategy.name

        var winners: [FieldPath: Int] = [:]
        for (index, entry) in declared.enumerated() {
            if let current = winners[entry.field], !better(index, current) { continue }
            winners[entry.field] = index
        }
        self.fields = winners.sorted { $0.key < $1.key }.map { field, index in
            PlannedField(field: field, strategy: declared[index].strategy.name, level: levels[index])
        }
        let all = strategies + [defaultStrategy]
        self.requiresVault = all.contains { if case .tokenize = $0 { true } else { false } }
        self.compiled = CompiledMaskingPlan(
            tree: MaskingTree(entries: declared.enumerated().map { ($1.field, $0) }, better: better),
            strategies: strategies, strategyLevels: levels, defaultStrategy: defaultStrategy,
            names: declared.map(\.strategy.name) + [policy.defaultStrategy.name],
            requiredFields: policy.requiredFields, recordKeyField: policy.recordKeyField,
            needsRecordKey: all.contains(where: \.needsRecordKey))
    }

    /// The context of the default strategy's keyed outputs.
    private static let anyField: FieldPath = {
        do { return try FieldPath("*") } catch { preconditionFailure("\"*\" is a valid field path") }
    }()

    /// Masks `record`.
    /// - Parameters:
    ///   - record: the record, a JSON object; it is not changed.
    ///   - recordKey: identifies the record (a customer id) for the
    ///     per-record keyed strategies; defaults to the value of the policy's
    ///     `recordKeyField`.
    /// - Throws: ``MaskingError``: `.typeMismatch` (the record is not an
    ///   object, or a field has the wrong JSON type), `.missingField` (a
    ///   required field, or no record key for date shifts and noise),
    ///   `.tooLarge` (deeper than ``maximumDepth`` or a value over the
    ///   strategies' limit), `.invalidPolicy` (the plan tokenizes: use
    ///   ``Masker``), and the strategies' own errors — each naming the field.
    public func mask(_ record: JSONValue, recordKey: String? = nil) throws(MaskingError) -> JSONValue {
        guard !requiresVault else {
            throw MaskingError(
                code: .invalidPolicy,
                message: "the plan tokenizes fields through a vault; mask with Masker.mask(_:for:), which is async")
        }
        var walker = try MaskingWalker(plan: compiled, record: record, recordKey: recordKey, tokens: .none)
        return try walker.run(record)
    }
}

/// The parts of a plan the walk reads.
final class CompiledMaskingPlan: Sendable {
    let tree: MaskingTree
    let strategies: [CompiledStrategy]
    /// The level of each strategy, for picking between inherited and own.
    let strategyLevels: [MaskingLevel]
    let defaultStrategy: CompiledStrategy
    let requiredFields: [FieldPath]
    let recordKeyField: FieldPath?
    let needsRecordKey: Bool
    /// Each strategy's name for messages (``MaskingStrategy/name``); the default strategy's is last.
    let names: [String]
    /// What each strategy does to a whole value, cheaply testable on the hot
    /// path; the default strategy's kind is last.
    let kinds: [StrategyKind]

    /// Strategies the walk applies without reading the value.
    enum StrategyKind {
        case keep
        case redact
        case other
    }

    init(
        tree: MaskingTree, strategies: [CompiledStrategy], strategyLevels: [MaskingLevel],
        defaultStrategy: CompiledStrategy, names: [String], requiredFields: [FieldPath], recordKeyField: FieldPath?, needsRecordKey: Bool
    ) {
        self.tree = tree
        self.strategies = strategies
        self.strategyLevels = strategyLevels
        self.defaultStrategy = defaultStrategy
        self.requiredFields = requiredFields
        self.recordKeyField = recordKeyField
        self.needsRecordKey = needsRecordKey
        self.names = names
        self.kinds = (strategies + [defaultStrategy]).map { strategy in
            switch strategy {
            case .keep: .keep
            case .redact: .redact
            default: .other
            }
        }
    }
}
