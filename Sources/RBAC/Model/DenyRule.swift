public import ConsentKitCore

/// An explicit refusal that beats every permission: when a deny rule matches
/// a request, the request is denied whatever the principal's roles allow
/// (deny-override).
///
/// A rule names a role — and then applies to every principal holding that
/// role, directly or through a senior role, in the request's tenant — or one
/// principal. Like a ``Permission`` it can be limited to some purposes (the
/// refusal then applies only to requests made for one of them) and to one tenant.
///
/// ```swift
/// // Interns never export anything, whatever else they hold.
/// let rule = DenyRule(subject: .role(try RoleID("intern")), action: .export, resource: try ResourcePattern("**"))
/// ```
public struct DenyRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Who the rule refuses.
    public enum Subject: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Every principal holding the role (or a role senior to it).
        case role(RoleID)
        /// One principal, whatever its roles.
        case principal(PrincipalID)

        /// `role:name` or `principal:name`.
        public var description: String {
            switch self {
            case .role(let role): "role:\(role)"
            case .principal(let principal): "principal:\(principal)"
            }
        }

        private enum CodingKeys: String, CodingKey {
            case role, principal
        }

        /// Decodes `{"role": "..."}` or `{"principal": "..."}`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let role = try container.decodeIfPresent(RoleID.self, forKey: .role)
            let principal = try container.decodeIfPresent(PrincipalID.self, forKey: .principal)
            switch (role, principal) {
            case (let role?, nil): self = .role(role)
            case (nil, let principal?): self = .principal(principal)
            default:
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "a deny rule names exactly one of \"role\" or \"principal\""))
            }
        }

        /// Encodes `{"role": "..."}` or `{"principal": "..."}`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .role(let role): try container.encode(role, forKey: .role)
            case .principal(let principal): try container.encode(principal, forKey: .principal)
            }
        }
    }

    /// Who is refused.
    public let subject: Subject
    /// The action refused; ``AccessAction/wildcard`` refuses every action.
    public let action: AccessAction
    /// The resources the refusal covers.
    public let resource: ResourcePattern
    /// The purposes the refusal applies to, or `nil` for every request.
    public let purposes: Set<PurposeID>?
    /// The only tenant the refusal applies in, or `nil` for every tenant.
    public let tenant: TenantID?

    /// Creates a deny rule. An empty `purposes` set would refuse nothing;
    /// ``RBACPolicy`` rejects it with `.invalidArgument`.
    public init(
        subject: Subject, action: AccessAction, resource: ResourcePattern, purposes: Set<PurposeID>? = nil,
        tenant: TenantID? = nil
    ) {
        self.subject = subject
        self.action = action
        self.resource = resource
        self.purposes = purposes
        self.tenant = tenant
    }

    /// Whether the rule covers a request's action, resource, purpose and
    /// tenant (not its subject).
    public func covers(_ action: AccessAction, _ resource: String, purpose: PurposeID?, tenant: TenantID?) -> Bool {
        guard self.action.covers(action), self.resource.matches(resource) else { return false }
        if let purposes {
            guard let purpose, purposes.contains(purpose) else { return false }
        }
        if let restriction = self.tenant, restriction != tenant { return false }
        return true
    }

    /// `deny role:intern export ** for marketing in acme`.
    public var description: String {
        var text = "deny \(subject) \(action) \(resource)"
        if let purposes { text += " for " + purposes.sorted().map(\.rawValue).joined(separator: ",") }
        if let tenant { text += " in \(tenant)" }
        return text
    }

    /// A total order for listing rules: subject, then the rest by UTF-8 bytes.
    static func precedes(_ lhs: DenyRule, _ rhs: DenyRule) -> Bool {
        let left = lhs.description
        let right = rhs.description
        return left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey {
        case role, principal, action, resource, purposes, tenant
    }

    /// Decodes `{"role" | "principal", "action", "resource", "purposes"?, "tenant"?}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let subject: Subject
        switch (
            try container.decodeIfPresent(RoleID.self, forKey: .role),
            try container.decodeIfPresent(PrincipalID.self, forKey: .principal)
        ) {
        case (let role?, nil): subject = .role(role)
        case (nil, let principal?): subject = .principal(principal)
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a deny rule names exactly one of \"role\" or \"principal\""))
        }
        self.init(
            subject: subject,
            action: try container.decode(AccessAction.self, forKey: .action),
            resource: try container.decode(ResourcePattern.self, forKey: .resource),
            purposes: try container.decodeIfPresent([PurposeID].self, forKey: .purposes).map(Set.init),
            tenant: try container.decodeIfPresent(TenantID.self, forKey: .tenant))
    }

    /// Encodes the rule flat, subject first, purposes sorted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch subject {
        case .role(let role): try container.encode(role, forKey: .role)
        case .principal(let principal): try container.encode(principal, forKey: .principal)
        }
        try container.encode(action, forKey: .action)
        try container.encode(resource, forKey: .resource)
        try container.encodeIfPresent(purposes?.sorted(), forKey: .purposes)
        try container.encodeIfPresent(tenant, forKey: .tenant)
    }
}
