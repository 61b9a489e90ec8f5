/// A data subject: the customer whose personal data is processed.
///
/// Opaque to ConsentKit: use the host's own stable customer id, not an email
/// address, so the id itself carries no personal data into logs and proofs.
public struct SubjectID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "SubjectID")
    }
}
