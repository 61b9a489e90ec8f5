/// A string identifier checked once, on construction, so every later use can
/// trust it: not empty, at most 256 UTF-8 bytes, no control characters.
///
/// Conforming types get `Codable` (a single string, validated on decode),
/// ordering by raw value and a `description` that is the raw value.
public protocol ValidatedIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The identifier as given.
    var rawValue: String { get }

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    init(_ rawValue: String) throws(ValidationError)
}

extension ValidatedIdentifier {
    /// Decodes a single string and validates it like `init(_:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the identifier as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Orders by raw value (Unicode scalar order).
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The raw value.
    public var description: String { rawValue }
}
