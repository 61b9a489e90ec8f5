public import ConsentKitCore

/// A separation-of-duty constraint (NIST RBAC): no principal may hold
/// (static) or activate in one session (dynamic) `cardinality` or more of
/// these roles.
///
/// With the default cardinality of 2, the roles are mutually exclusive:
/// whoever enters payments must not also approve them.
///
/// ```swift
/// let payments = try SeparationOfDuty(
///     name: "payments", roles: [try RoleID("payment-clerk"), try RoleID("payment-approver")])
/// ```
public struct SeparationOfDuty: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The longest name accepted, in UTF-8 bytes.
    public static let maximumNameByteCount = 128

    /// The constraint's name, unique among the policy's static (or dynamic) constraints.
    public let name: String
    /// The conflicting roles.
    public let roles: Set<RoleID>
    /// How many of ``roles`` make a violation; at least 2 and at most `roles.count`.
    public let cardinality: Int

    /// Creates a constraint.
    /// - Throws: ``RBACError`` `.invalidArgument` for an empty name, one over
    ///   128 UTF-8 bytes or holding a control character, a cardinality below 2,
    ///   or fewer roles than the cardinality.
    public init(name: String, roles: Set<RoleID>, cardinality: Int = 2) throws(RBACError) {
        let count = name.utf8.count
        guard count > 0, count <= Self.maximumNameByteCount,
            !name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        else {
            throw RBACError(
                code: .invalidArgument,
                message: "separation-of-duty name \(name.debugDescription) must be 1 to \(Self.maximumNameByteCount) UTF-8 bytes without control characters")
        }
        guard cardinality >= 2 else {
            throw RBACError(
                code: .invalidArgument,
                message: "separation-of-duty set \(name.debugDescription) has cardinality \(cardinality); it must be at least 2")
        }
        guard roles.count >= cardinality else {
            throw RBACError(
                code: .invalidArgument,
                message: "separation-of-duty set \(name.debugDescription) has \(roles.count) roles, fewer than its cardinality \(cardinality)")
        }
        self.name = name
        self.roles = roles
        self.cardinality = cardinality
    }

    /// The constraint's roles found in `held`, when they are `cardinality` or more; otherwise `nil`.
    func violation(in held: Set<RoleID>) -> [RoleID]? {
        let found = roles.filter(held.contains)
        return found.count >= cardinality ? found.sorted() : nil
    }

    /// `name: {a, b} ≥ 2`.
    public var description: String {
        "\(name): {" + roles.sorted().map(\.rawValue).joined(separator: ", ") + "} ≥ \(cardinality)"
    }

    private enum CodingKeys: String, CodingKey {
        case name, roles, cardinality
    }

    /// Decodes `{"name", "roles", "cardinality"?}` and validates it like ``init(name:roles:cardinality:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let roles = try container.decode([RoleID].self, forKey: .roles)
        let cardinality = try container.decodeIfPresent(Int.self, forKey: .cardinality) ?? 2
        do {
            try self.init(name: name, roles: Set(roles), cardinality: cardinality)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// Encodes the constraint with roles sorted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(roles.sorted(), forKey: .roles)
        try container.encode(cardinality, forKey: .cardinality)
    }
}
