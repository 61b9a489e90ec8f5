/// A category of personal data, such as `contact`, `payment` or `health`.
///
/// Purposes list the categories they may use; special categories (GDPR
/// Art. 9: health, biometrics, beliefs, ...) need explicit consent.
public struct DataCategory: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "DataCategory")
    }
}
