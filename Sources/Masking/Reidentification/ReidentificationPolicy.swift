public import ConsentKitCore

/// Which access contexts may turn masked values back into originals: a list of
/// rules, each naming who (a principal, or any holder of some roles), for which
/// purposes, and optionally which token namespaces or fields. Anything no rule
/// permits is refused — the default is deny, and so is an access without a purpose.
///
/// ```swift
/// let policy = try ReidentificationPolicy(rules: [
///     .init(name: "fraud-card-lookup", grantee: .anyRole(of: [fraudAnalyst]),
///           purposes: [fraudInvestigation], namespaces: [cardNumbers]),
///     .init(name: "dpo-access-requests", grantee: .principal(dpo),
///           purposes: [accessRequest]),
/// ])
/// ```
///
/// Checking is a linear scan of the rules with set lookups: meant for the
/// rare re-identification path, not for masking every field.
public struct ReidentificationPolicy: Sendable, CustomStringConvertible {
    /// What is to be revealed.
    public enum Target: Hashable, Sendable, CustomStringConvertible {
        /// A token of this namespace, through the token vault.
        case token(TokenNamespace)
        /// A value of this field, through a reversible strategy (FF1, AES-SIV).
        case field(FieldPath)

        /// `namespace <name>` or `field <path>`.
        public var description: String {
            switch self {
            case .token(let namespace): "namespace \(namespace)"
            case .field(let field): "field \(field)"
            }
        }
    }

    /// Who a rule is for.
    public struct Grantee: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case principal(PrincipalID)
            case anyRole(Set<RoleID>)
        }

        private let base: Base

        /// Exactly this principal, whatever its roles.
        public static func principal(_ principal: PrincipalID) -> Grantee {
            Grantee(base: .principal(principal))
        }

        /// Any access holding at least one of `roles` among its active roles.
        public static func anyRole(of roles: Set<RoleID>) -> Grantee {
            Grantee(base: .anyRole(roles))
        }

        /// Whether `access` is this grantee.
        public func includes(_ access: AccessContext) -> Bool {
            switch base {
            case .principal(let principal): access.principal == principal
            case .anyRole(let roles): !roles.isDisjoint(with: access.roles)
            }
        }

        var hasNoRoles: Bool {
            if case .anyRole(let roles) = base { roles.isEmpty } else { false }
        }

        /// `principal <id>` or `any role of <roles>`, roles sorted.
        public var description: String {
            switch base {
            case .principal(let principal): "principal \(principal)"
            case .anyRole(let roles): "any role of \(roles.sorted().map(\.rawValue).joined(separator: ","))"
            }
        }
    }

    /// One permission: the grantee may reveal the targets in scope for any of the purposes.
    public struct Rule: Hashable, Sendable, CustomStringConvertible {
        /// The longest rule name, in UTF-8 bytes.
        public static let maximumNameByteCount = 64

        /// A stable name, written into every audit entry the rule permits.
        public let name: String
        /// Who may reveal.
        public let grantee: Grantee
        /// The access's purpose must be one of these (an access without a purpose never matches).
        public let purposes: Set<PurposeID>
        /// The token namespaces in scope; `nil` for none unless ``fields`` is `nil` too.
        public let namespaces: Set<TokenNamespace>?
        /// Field patterns in scope (`FieldPath.covers(_:)`: prefixes and `*`
        /// segments); `nil` for none unless ``namespaces`` is `nil` too.
        public let fields: [FieldPath]?

        /// Creates a rule. Leave both `namespaces` and `fields` out for a rule
        /// covering every target; give one or both to restrict it: a rule with
        /// only namespaces covers no field, and one with only fields covers no
        /// token. ``ReidentificationPolicy/init(rules:)`` checks the rule.
        public init(
            name: String, grantee: Grantee, purposes: Set<PurposeID>,
            namespaces: Set<TokenNamespace>? = nil, fields: [FieldPath]? = nil
        ) {
            self.name = name
            self.grantee = grantee
            self.purposes = purposes
            self.namespaces = namespaces
            self.fields = fields
        }

        /// Whether this rule permits `access` to reveal `target`.
        public func permits(_ access: AccessContext, _ target: Target) -> Bool {
            guard let purpose = access.purpose, purposes.contains(purpose), grantee.includes(access) else {
                return false
            }
            if namespaces == nil && fields == nil { return true }
            switch target {
            case .token(let namespace): return namespaces?.contains(namespace) ?? false
            case .field(let field): return fields?.contains { $0.covers(field) } ?? false
            }
        }

        /// The rule's problems, empty when it is sound.
        func problems() -> [String] {
            var problems: [String] = []
            let byteCount = name.utf8.count
            if byteCount == 0 || byteCount > Self.maximumNameByteCount {
                problems.append("rule name \(name.debugDescription) must have 1 to \(Self.maximumNameByteCount) UTF-8 bytes")
            }
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problems.append("rule name \(name.debugDescription) has a control character")
            }
            if grantee.hasNoRoles {
                problems.append("rule \(name.debugDescription) names an empty role set, so no one could use it")
            }
            if purposes.isEmpty {
                problems.append("rule \(name.debugDescription) lists no purpose, so it could never match")
            }
            if namespaces?.isEmpty == true {
                problems.append("rule \(name.debugDescription) lists an empty namespace set (leave it out to cover every namespace)")
            }
            if fields?.isEmpty == true {
                problems.append("rule \(name.debugDescription) lists an empty field list (leave it out to cover every field)")
            }
            return problems
        }

        /// `name: grantee for purposes [on namespaces] [on fields]`.
        public var description: String {
            var text = "\(name): \(grantee) for \(purposes.sorted().map(\.rawValue).joined(separator: ","))"
            if let namespaces { text += " on namespaces \(namespaces.sorted().map(\.rawValue).joined(separator: ","))" }
            if let fields { text += " on fields \(fields.map(\.rawValue).joined(separator: ","))" }
            return text
        }
    }

    /// The rules, in the order given; the first that permits an access is the one audited.
    public let rules: [Rule]

    /// A policy that refuses every re-identification.
    public static let denyAll = ReidentificationPolicy(validated: [])

    /// Checks and wraps `rules`.
    /// - Throws: ``MaskingError`` `.invalidPolicy` listing every problem: a
    ///   name that is empty, over 64 bytes, has control characters or is used
    ///   twice; a rule without purposes, with an empty role set, or with an
    ///   empty (rather than absent) namespace or field list.
    public init(rules: [Rule]) throws(MaskingError) {
        var problems: [String] = []
        // Byte-wise, like the audit entries that carry the names.
        var names: Set<[UInt8]> = []
        for rule in rules {
            problems += rule.problems()
            if !names.insert(Array(rule.name.utf8)).inserted {
                problems.append("rule name \(rule.name.debugDescription) is used more than once")
            }
        }
        guard problems.isEmpty else {
            throw MaskingError(code: .invalidPolicy, message: "re-identification policy: " + problems.joined(separator: "; "))
        }
        self.init(validated: rules)
    }

    private init(validated rules: [Rule]) {
        self.rules = rules
    }

    /// The first rule permitting `access` to reveal `target`, or `nil` (denied).
    public func rule(permitting access: AccessContext, _ target: Target) -> Rule? {
        rules.first { $0.permits(access, target) }
    }

    /// Whether some rule permits `access` to reveal `target`.
    public func permits(_ access: AccessContext, _ target: Target) -> Bool {
        rule(permitting: access, target) != nil
    }

    /// One rule per line.
    public var description: String {
        rules.isEmpty ? "ReidentificationPolicy(deny all)" : "ReidentificationPolicy:\n" + rules.map { "  \($0)" }.joined(separator: "\n")
    }
}
