/// The Casbin access-control model a policy file was written for, which
/// fixes the columns of its `p` and `g` lines and how ``CasbinImporter`` maps
/// them.
///
/// Only models whose matcher compares names exactly are importable; their
/// decisions are reproduced exactly by ConsentKit's RBAC (see
/// ``CasbinImporter`` for the mapping):
///
/// | Model | Casbin example | Lines |
/// | --- | --- | --- |
/// | ``acl`` | `basic_model.conf` | `p, sub, obj, act` |
/// | ``rbac`` | `rbac_model.conf` | `p, sub, obj, act` and `g, user, role` |
/// | ``rbacWithDeny`` | `rbac_with_deny_model.conf` | `p, sub, obj, act, allow\|deny` and `g, user, role` |
/// | ``rbacWithDomains`` | `rbac_with_domains_model.conf` | `p, sub, dom, obj, act` and `g, user, role, dom` |
/// | ``rbacWithResourceRoles`` | `rbac_with_resource_roles_model.conf` | `p, sub, obj, act`, `g, user, role` and `g2, obj, group` |
public struct CasbinModel: Hashable, Sendable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case acl, rbac, rbacWithDeny, rbacWithDomains, rbacWithResourceRoles
    }

    let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// Access control lists: `p, sub, obj, act`, no roles (`basic_model.conf`).
    public static let acl = CasbinModel(.acl)
    /// Roles with allow rules only: `p, sub, obj, act` and `g, user, role` (`rbac_model.conf`).
    public static let rbac = CasbinModel(.rbac)
    /// Roles with allow and deny rules, deny overriding allow:
    /// `p, sub, obj, act, allow|deny` and `g, user, role` (`rbac_with_deny_model.conf`).
    public static let rbacWithDeny = CasbinModel(.rbacWithDeny)
    /// Roles held per domain (tenant): `p, sub, dom, obj, act` and
    /// `g, user, role, dom` (`rbac_with_domains_model.conf`).
    public static let rbacWithDomains = CasbinModel(.rbacWithDomains)
    /// Roles for subjects and groups of objects: `p, sub, obj, act`,
    /// `g, user, role` and `g2, obj, group` (`rbac_with_resource_roles_model.conf`).
    public static let rbacWithResourceRoles = CasbinModel(.rbacWithResourceRoles)

    /// The model's name, as the static property is spelled (`rbacWithDeny`).
    public var description: String {
        switch kind {
        case .acl: "acl"
        case .rbac: "rbac"
        case .rbacWithDeny: "rbacWithDeny"
        case .rbacWithDomains: "rbacWithDomains"
        case .rbacWithResourceRoles: "rbacWithResourceRoles"
        }
    }

    /// The longest model file accepted, in UTF-8 bytes.
    public static let maximumConfByteCount = 64 * 1024

    /// Recognises the model of a Casbin model file (`model.conf`).
    ///
    /// The file is read as Casbin reads it: `[section]` headers, `key = value`
    /// lines, `#` and `;` comments, `\` continuing a line. Token names may
    /// differ from the examples (`r = sub, tenant, obj, act`); what counts is
    /// their position. The matcher's `&&` terms may come in any order and
    /// either side of `==` first.
    ///
    /// - Throws: ``RBACError`` `.malformed` for a file that is not
    ///   one of the five models (a `keyMatch` or other function, `||`, another
    ///   effect such as "allow unless denied" or priority, extra tokens), or
    ///   that is malformed or over ``maximumConfByteCount``; the message names
    ///   what did not match.
    public init(conf text: String) throws(RBACError) {
        guard text.utf8.count <= Self.maximumConfByteCount else {
            throw Self.unsupported("the model file is \(text.utf8.count) bytes; the limit is \(Self.maximumConfByteCount)")
        }
        let sections = try Self.sections(of: text)
        func value(_ section: String, _ key: String) -> String? { sections[section]?[key] }

        guard let request = value("request_definition", "r") else { throw Self.unsupported("no 'r' in [request_definition]") }
        guard let policy = value("policy_definition", "p") else { throw Self.unsupported("no 'p' in [policy_definition]") }
        guard let effect = value("policy_effect", "e") else { throw Self.unsupported("no 'e' in [policy_effect]") }
        guard let matcher = value("matchers", "m") else { throw Self.unsupported("no 'm' in [matchers]") }
        let r = Self.tokens(request)
        var p = Self.tokens(policy)
        let roles = sections["role_definition"] ?? [:]
        if let extra = sections["request_definition"]?.keys.first(where: { $0 != "r" })
            ?? sections["policy_definition"]?.keys.first(where: { $0 != "p" })
            ?? roles.keys.first(where: { $0 != "g" && $0 != "g2" }) {
            throw Self.unsupported("'\(extra)' is defined; only r, p, g and g2 are supported")
        }

        // A trailing `eft` column only matters to the effect.
        let hasEffectColumn = p.last == "eft"
        if hasEffectColumn { p.removeLast() }
        let normalizedEffect = Self.squeezed(effect)
        let denyOverrides: Bool
        switch normalizedEffect {
        case "some(where(p.eft==allow))": denyOverrides = false
        case "some(where(p.eft==allow))&&!some(where(p.eft==deny))": denyOverrides = true
        default: throw Self.unsupported("the effect '\(effect)' is not 'some(where (p.eft == allow))' or deny-override")
        }
        guard !denyOverrides || hasEffectColumn else {
            throw Self.unsupported("a deny-override effect needs an 'eft' column in 'p'")
        }

        let g = roles["g"].map(Self.tokens)
        let g2 = roles["g2"].map(Self.tokens)
        let terms = try Self.terms(of: matcher)

        func same(_ expected: [String]) -> Bool { Set(expected) == terms }
        func eq(_ i: Int, _ j: Int) -> String { "r.\(r[i])==p.\(p[j])" }

        switch (r.count, p.count, g?.count, g2?.count) {
        case (3, 3, nil, nil) where same([eq(0, 0), eq(1, 1), eq(2, 2)]):
            guard !denyOverrides else { throw Self.unsupported("deny rules are supported with roles only (rbac_with_deny_model.conf)") }
            self.init(.acl)
        case (3, 3, 2, nil) where same(["g(r.\(r[0]),p.\(p[0]))", eq(1, 1), eq(2, 2)]):
            self.init(denyOverrides ? .rbacWithDeny : .rbac)
        case (4, 4, 3, nil) where same(["g(r.\(r[0]),p.\(p[0]),r.\(r[1]))", eq(1, 1), eq(2, 2), eq(3, 3)]):
            guard !denyOverrides else { throw Self.unsupported("deny rules are not supported together with domains") }
            self.init(.rbacWithDomains)
        case (3, 3, 2, 2) where same(["g(r.\(r[0]),p.\(p[0]))", "g2(r.\(r[1]),p.\(p[1]))", eq(2, 2)]):
            guard !denyOverrides else { throw Self.unsupported("deny rules are not supported together with resource roles") }
            self.init(.rbacWithResourceRoles)
        default:
            throw Self.unsupported(
                "the matcher '\(matcher)' with r = \(request), p = \(policy) is not one of the exact-match acl, rbac, rbac-with-deny, rbac-with-domains or rbac-with-resource-roles models"
            )
        }
    }

    /// Reads `[section]` / `key = value` lines the way Casbin's config reader does.
    private static func sections(of text: String) throws(RBACError) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var section = ""
        var pending = ""
        var pendingLine = 0
        func flush() throws(RBACError) {
            guard !pending.isEmpty else { return }
            guard let equals = pending.firstIndex(of: "=") else {
                throw unsupported("line \(pendingLine): '\(pending)' is not 'key = value'")
            }
            let key = squeezed(pending[..<equals])
            let value = String(pending[pending.index(after: equals)...]).trimmedBlanks
            sections[section, default: [:]][key] = value
            pending = ""
        }
        // Split on bytes: in a String, "\r\n" is one Character and would not split on "\n".
        for (index, rawLine) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: rawLine, as: UTF8.self).trimmedBlanks
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") {
                try flush()
                continue
            }
            if line.hasPrefix("["), line.hasSuffix("]") {
                try flush()
                section = String(line.dropFirst().dropLast())
                continue
            }
            // A comment may follow the value on the same line.
            var content = Substring(line)
            if let comment = content.firstIndex(where: { $0 == "#" || $0 == ";" }) {
                content = content[..<comment]
            }
            if pending.isEmpty { pendingLine = index + 1 }
            if line.hasSuffix("\\") && content.endIndex == line.endIndex {
                pending += String(content.dropLast()).trimmedBlanks + " "
            } else {
                pending += String(content)
                try flush()
            }
        }
        try flush()
        return sections
    }

    /// The `&&` terms of a matcher, blanks removed and `==` sides ordered `r` first.
    private static func terms(of matcher: String) throws(RBACError) -> Set<String> {
        let squeezedMatcher = squeezed(matcher)
        guard !squeezedMatcher.contains("||") else {
            throw unsupported("the matcher '\(matcher)' uses '||'")
        }
        var terms = Set<String>()
        for term in squeezedMatcher.split(separator: "&&", omittingEmptySubsequences: false) {
            if let equals = term.firstRange(of: "==") {
                let left = term[..<equals.lowerBound], right = term[equals.upperBound...]
                terms.insert(left.hasPrefix("p.") && right.hasPrefix("r.") ? "\(right)==\(left)" : String(term))
            } else {
                terms.insert(String(term))
            }
        }
        return terms
    }

    private static func tokens(_ definition: String) -> [String] {
        definition.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmedBlanks }
    }

    private static func squeezed(_ text: some StringProtocol) -> String {
        String(text.filter { $0 != " " && $0 != "\t" && $0 != "\r" })
    }

    private static func unsupported(_ message: String) -> RBACError {
        RBACError(code: .malformed, message: message)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    fileprivate var trimmedBlanks: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
