/// A value written as one validated string — an identifier, a field path, a
/// key id, a resource pattern — so it encodes as that string and decodes by
/// validating it exactly as `init(_:)` does: a stored or received value can
/// never skip validation.
///
/// Conforming types get `Codable` from this protocol; they only provide the
/// validating initializer and the string.
public protocol StringRepresentable: Codable {
    /// What `init(_:)` throws for a string it refuses.
    associatedtype ValidationFailure: Error & CustomStringConvertible

    /// The value's string form, as it is encoded.
    var rawValue: String { get }

    /// Validates `rawValue` and builds the value.
    init(_ rawValue: String) throws(ValidationFailure)
}

extension StringRepresentable {
    /// Decodes a single string and validates it like `init(_:)`; a refused
    /// string is a `DecodingError.dataCorrupted` carrying the validation message.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes ``rawValue`` as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
