/// One annotated surrogate `TYPE(len):token` found in a text by
/// ``SurrogateAnnotation/find(in:)``.
public struct SurrogateMatch: Hashable, Sendable, CustomStringConvertible {
    /// The annotation's type, such as `EMAIL` or `CARD`.
    public let type: String
    /// The surrogate itself: exactly the annotated number of characters.
    public let token: String
    /// Where the whole annotation `TYPE(len):token` sits in the text searched.
    public let range: Range<String.Index>
    /// Where the token sits in the text searched.
    public let tokenRange: Range<String.Index>

    /// Creates a match; ``SurrogateAnnotation/find(in:)`` is the usual source.
    public init(type: String, token: String, range: Range<String.Index>, tokenRange: Range<String.Index>) {
        self.type = type
        self.token = token
        self.range = range
        self.tokenRange = tokenRange
    }

    /// `TYPE(len)`: the token itself is left out, as it is in logs.
    public var description: String { "\(type)(\(token.count))" }
}
