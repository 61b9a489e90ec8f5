public import ConsentKitCore

/// One line of a masking policy: for accesses in `audience`, the field at
/// `field` (and everything under it) is masked with `strategy`.
public struct MaskingRule: Sendable, CustomStringConvertible {
    /// The field; a `*` segment matches any one member name.
    public let field: FieldPath
    /// Who the rule is for.
    public let audience: MaskingAudience
    /// What the field looks like to them.
    public let strategy: MaskingStrategy

    /// Creates a rule.
    public init(field: FieldPath, audience: MaskingAudience = .everyone, strategy: MaskingStrategy) {
        self.field = field
        self.audience = audience
        self.strategy = strategy
    }

    /// `field for audience: strategy`.
    public var description: String { "\(field) for \(audience): \(strategy.name)" }
}
