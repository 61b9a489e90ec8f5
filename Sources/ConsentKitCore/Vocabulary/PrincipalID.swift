/// A user or service that acts on personal data, such as an employee
/// `alice@example.com` or a service account `svc-billing`.
///
/// Who did what is always a principal: RBAC checks what it may do, masking
/// what it may see, the audit log what it did.
public struct PrincipalID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "PrincipalID")
    }
}
