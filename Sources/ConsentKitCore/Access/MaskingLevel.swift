/// How much of a field an access may see, from nothing to the clear value.
///
/// Shared vocabulary: RBAC grants a field at a level, Masking turns the level
/// into a strategy for that field. When several grants cover the same field
/// the most revealing one applies, in the order
/// `none < pseudonym < partial < full` (`Comparable`): a pseudonym links
/// records without showing any character of the value, a partial view shows
/// some characters of it.
public enum MaskingLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Nothing: the field is removed.
    case none
    /// A stable keyed stand-in that links records but reveals no character.
    case pseudonym
    /// Part of the value, such as the last four digits of a card.
    case partial
    /// The clear value.
    case full

    private var rank: Int {
        switch self {
        case .none: 0
        case .pseudonym: 1
        case .partial: 2
        case .full: 3
        }
    }

    /// Orders by how much is revealed.
    public static func < (lhs: MaskingLevel, rhs: MaskingLevel) -> Bool { lhs.rank < rhs.rank }

    /// The raw value.
    public var description: String { rawValue }
}
