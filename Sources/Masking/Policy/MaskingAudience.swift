public import ConsentKitCore

/// Which accesses a masking rule applies to: some roles, some purposes, or both.
///
/// `nil` means "any": `MaskingAudience(roles: ["analyst"])` is every analyst
/// access whatever its purpose; `MaskingAudience()` is everyone.
public struct MaskingAudience: Hashable, Sendable, CustomStringConvertible {
    /// The roles, any one of which the access must hold; nil for any role.
    public let roles: Set<RoleID>?
    /// The purposes, one of which must be the access's purpose; nil for any purpose.
    public let purposes: Set<PurposeID>?

    /// Everyone.
    public static let everyone = MaskingAudience()

    /// Creates an audience.
    public init(roles: Set<RoleID>? = nil, purposes: Set<PurposeID>? = nil) {
        self.roles = roles
        self.purposes = purposes
    }

    /// Whether `access` belongs to the audience.
    public func contains(_ access: AccessContext) -> Bool {
        if let roles, roles.isDisjoint(with: access.roles) { return false }
        if let purposes {
            guard let purpose = access.purpose, purposes.contains(purpose) else { return false }
        }
        return true
    }

    /// `roles [..] purposes [..]`, or `everyone`.
    public var description: String {
        var parts: [String] = []
        if let roles { parts.append("roles [\(roles.sorted().map(\.rawValue).joined(separator: ", "))]") }
        if let purposes { parts.append("purposes [\(purposes.sorted().map(\.rawValue).joined(separator: ", "))]") }
        return parts.isEmpty ? "everyone" : parts.joined(separator: " ")
    }
}
