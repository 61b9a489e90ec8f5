/// A privacy notice, such as `privacy-policy` or `newsletter-signup`; its
/// versions are numbered from 1.
public struct NoticeID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "NoticeID")
    }
}
