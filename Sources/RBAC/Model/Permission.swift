public import ConsentKitCore

/// The right to perform an action on the resources a pattern matches,
/// optionally only for some purposes or in one tenant, carrying the field
/// grants that decide what the access may see.
///
/// ```swift
/// // Support agents read customers' records for support, and see the last
/// // four digits of the card.
/// let read = Permission(
///     action: .read, resource: try ResourcePattern("customers/*"),
///     purposes: [try PurposeID("support")],
///     fields: [FieldGrant(field: try FieldPath("card.number"), level: .partial),
///              FieldGrant(field: try FieldPath("contact"), level: .full)])
/// ```
///
/// Field grants are kept sorted by field and level, and a field listed twice
/// keeps its most revealing level, so two permissions granting the same
/// things are equal whatever order the grants were written in.
public struct Permission: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The action allowed; ``AccessAction/wildcard`` allows every action.
    public let action: AccessAction
    /// The resources the permission applies to.
    public let resource: ResourcePattern
    /// The purposes the access must be made for, or `nil` for any purpose
    /// (including a request that names none). A request without a purpose is
    /// refused by a permission that lists purposes.
    public let purposes: Set<PurposeID>?
    /// The only tenant the permission holds in, or `nil` for every tenant.
    public let tenant: TenantID?
    /// The fields an access through this permission may see, and how much of each.
    public let fields: [FieldGrant]

    /// Creates a permission.
    ///
    /// An empty `purposes` set allows no request at all; ``RBACPolicy`` refuses
    /// it with `.invalidArgument` (use `nil` for "any purpose").
    public init(
        action: AccessAction, resource: ResourcePattern, purposes: Set<PurposeID>? = nil, tenant: TenantID? = nil,
        fields: [FieldGrant] = []
    ) {
        self.action = action
        self.resource = resource
        self.purposes = purposes
        self.tenant = tenant
        self.fields = Self.normalized(fields)
    }

    /// Whether the permission covers a request's action, resource, purpose and tenant.
    public func allows(_ action: AccessAction, _ resource: String, purpose: PurposeID?, tenant: TenantID?) -> Bool {
        self.action.covers(action) && self.resource.matches(resource) && admits(purpose: purpose)
            && admits(tenant: tenant)
    }

    /// Whether a request made for `purpose` fits the permission's purposes.
    public func admits(purpose: PurposeID?) -> Bool {
        guard let purposes else { return true }
        guard let purpose else { return false }
        return purposes.contains(purpose)
    }

    /// Whether a request in `tenant` fits the permission's tenant.
    public func admits(tenant: TenantID?) -> Bool {
        guard let restriction = self.tenant else { return true }
        return tenant == restriction
    }

    /// `read customers/* for support in acme [card.number=partial]`.
    public var description: String {
        var text = "\(action) \(resource)"
        if let purposes { text += " for " + purposes.sorted().map(\.rawValue).joined(separator: ",") }
        if let tenant { text += " in \(tenant)" }
        if !fields.isEmpty { text += " [" + fields.map(\.description).joined(separator: ", ") + "]" }
        return text
    }

    /// Grants sorted by field then level; a field listed twice keeps its most revealing level.
    static func normalized(_ fields: [FieldGrant]) -> [FieldGrant] {
        guard !fields.isEmpty else { return [] }
        var best: [FieldPath: MaskingLevel] = [:]
        for grant in fields {
            if let existing = best[grant.field], existing >= grant.level { continue }
            best[grant.field] = grant.level
        }
        return best.map { FieldGrant(field: $0.key, level: $0.value) }.sorted { $0.field < $1.field }
    }

    /// A total order used wherever permissions are listed: action, resource,
    /// tenant, purposes, fields — each by UTF-8 bytes.
    static func precedes(_ lhs: Permission, _ rhs: Permission) -> Bool {
        if lhs.action != rhs.action { return lhs.action < rhs.action }
        if lhs.resource != rhs.resource {
            return lhs.resource.rawValue.utf8.lexicographicallyPrecedes(rhs.resource.rawValue.utf8)
        }
        if lhs.tenant != rhs.tenant {
            guard let left = lhs.tenant else { return true }
            guard let right = rhs.tenant else { return false }
            return left < right
        }
        if lhs.purposes != rhs.purposes {
            guard let left = lhs.purposes else { return true }
            guard let right = rhs.purposes else { return false }
            return left.sorted().lexicographicallyPrecedes(right.sorted())
        }
        return lhs.fields.map(\.description).lexicographicallyPrecedes(rhs.fields.map(\.description))
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case action, resource, purposes, tenant, fields
    }

    /// Decodes `{"action", "resource", "purposes"?, "tenant"?, "fields"?}`,
    /// validating every value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            action: try container.decode(AccessAction.self, forKey: .action),
            resource: try container.decode(ResourcePattern.self, forKey: .resource),
            purposes: try container.decodeIfPresent([PurposeID].self, forKey: .purposes).map(Set.init),
            tenant: try container.decodeIfPresent(TenantID.self, forKey: .tenant),
            fields: try container.decodeIfPresent([FieldGrant].self, forKey: .fields) ?? [])
    }

    /// Encodes the permission with purposes sorted, omitting absent members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(resource, forKey: .resource)
        try container.encodeIfPresent(purposes?.sorted(), forKey: .purposes)
        try container.encodeIfPresent(tenant, forKey: .tenant)
        if !fields.isEmpty { try container.encode(fields, forKey: .fields) }
    }
}
