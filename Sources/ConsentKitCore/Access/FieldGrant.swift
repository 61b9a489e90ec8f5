/// The right to see a field (or every field under a path) at a masking level.
///
/// RBAC produces grants from the permissions of an access; Masking turns them
/// into a plan. `customer.card.number` at `.partial` is "sees the last four
/// digits"; a grant on `customer.contact` covers `customer.contact.email`
/// (see ``FieldPath/covers(_:)``).
public struct FieldGrant: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The field, or the object whose fields the grant covers; `*` segments match any one segment.
    public let field: FieldPath
    /// How much of the field may be seen.
    public let level: MaskingLevel

    /// Creates a grant.
    public init(field: FieldPath, level: MaskingLevel) {
        self.field = field
        self.level = level
    }

    /// `field=level`, as in `customer.card.number=partial`.
    public var description: String { "\(field)=\(level)" }
}

extension Sequence<FieldGrant> {
    /// The level granted for `field`: the most revealing grant covering it,
    /// or `.none` when no grant does (unknown fields stay hidden).
    public func level(for field: FieldPath) -> MaskingLevel {
        var best = MaskingLevel.none
        for grant in self where grant.level > best && grant.field.covers(field) {
            best = grant.level
        }
        return best
    }
}
