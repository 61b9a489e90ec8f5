/// A role in the access-control model, such as `support-agent` or `dpo`.
///
/// Roles carry permissions and field grants; principals hold roles, per tenant.
public struct RoleID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "RoleID")
    }
}
