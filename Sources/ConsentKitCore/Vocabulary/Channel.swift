/// Where a consent or request came from, such as `web`, `ios-app`,
/// `call-center` or `import`; kept as proof with every consent event.
public struct Channel: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "Channel")
    }
}
