/// A tenant (customer organisation, workspace or domain) whose data is kept
/// apart from every other tenant's.
///
/// A principal's roles hold in one tenant only, and keyed masking binds to the
/// tenant so the same value masks differently in two tenants.
public struct TenantID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "TenantID")
    }
}
