/// A purpose declared in the privacy catalog, such as `newsletter` or
/// `ads.personalized`.
///
/// Every consent, minimization rule, retention rule and masking policy hangs
/// off a purpose, which is what keeps them from drifting apart.
public struct PurposeID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "PurposeID")
    }
}
