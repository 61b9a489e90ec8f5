import ConsentKitCore

/// Imports a Casbin policy file (`policy.csv`) as an ``RBACPolicy`` that
/// decides every request the way Casbin decides it under the same model, so
/// a team can move from Casbin without re-writing its rules.
///
/// ```swift
/// let model = try CasbinModel(conf: modelConf)            // or .rbac, .rbacWithDomains, …
/// let policy = try CasbinImporter.policy(fromCSV: policyCSV, model: model)
/// let snapshot = try PolicySnapshot(compiling: policy)
/// snapshot.check(try PrincipalID("alice"), try AccessAction("read"), "data2")   // as Casbin's Enforce
/// ```
///
/// ## Reading
///
/// Lines are read as Casbin's file adapter reads them: trimmed; blank lines
/// and lines starting with `#` skipped; comma-separated fields with blanks
/// around them removed; a field may be double-quoted (`"a, b"`, `""` for a
/// quote). Duplicate lines count once. Unlike Casbin, the importer does not
/// stop at the first bad line: every problem is reported, by line.
///
/// ## Mapping
///
/// Casbin has one namespace for users and roles: any name can hold rules,
/// be a member of a role, and `g(x, x)` is always true. The importer keeps
/// that meaning:
///
/// - every name that is the subject of a `p` line or a role in a `g` line
///   (its second field) becomes a role of the same name, and the principal of
///   the same name holds it in every tenant — so a user's own rules and a
///   request made as a role both decide as in Casbin;
/// - `p, sub, obj, act` → a ``Permission`` for action `act` on the literal
///   resource `obj`, held by role `sub`; with ``CasbinModel/rbacWithDomains``,
///   `p, sub, dom, obj, act` → the same permission restricted to tenant `dom`;
/// - `p, sub, obj, act, deny` (``CasbinModel/rbacWithDeny``) → a ``DenyRule``
///   for role `sub`; deny overrides allow, as in Casbin's
///   `some(allow) && !some(deny)` effect;
/// - `g, a, b[, dom]` when `a` is never itself a role in a `g` line → principal
///   `a` is assigned role `b` (in tenant `dom`); otherwise role `a` inherits
///   role `b` (`a` senior). `g, x, x` is a no-op, as in Casbin;
/// - `g2, obj, group` (``CasbinModel/rbacWithResourceRoles``) → every rule on
///   `group`, or on a group that `group` is itself in, also becomes a
///   permission on `obj`, since Casbin's `g2(r.obj, p.obj)` is true exactly then.
///
/// ## What is refused
///
/// Each refusal is a line-numbered problem rather than a silently different
/// decision:
///
/// - a cyclic role graph (Casbin also refuses it, "cycle detected");
/// - with domains, a role-to-role link `g, a, b, dom` when `b` (or a role
///   below it) has rules in a domain the link is not also written for:
///   ConsentKit's inheritance holds in every tenant, Casbin's only in the
///   link's domains, so that import would grant more than Casbin does;
/// - `*`, `{` or `}` in an object and an action named `*`: these are
///   wildcards in ConsentKit but plain characters in Casbin's exact-match
///   models; an object ConsentKit's resource names cannot hold (empty,
///   leading, trailing or doubled `/`);
/// - identifiers over their length limits or holding control characters.
///
/// Models with matcher functions (`keyMatch`, `regexMatch`, ABAC), priority
/// effects or "allow unless denied" are not importable; see ``CasbinModel``.
///
/// Cost: O(lines) plus, for resource roles, the size of the expansion.
public enum CasbinImporter {
    /// The largest policy file accepted, in UTF-8 bytes (16 MiB).
    public static let maximumByteCount = CasbinPolicyParser.maximumByteCount
    /// The most lines accepted, counting blank and comment lines (1,000,000).
    public static let maximumLineCount = CasbinPolicyParser.maximumLineCount
    /// The most permissions a resource-roles policy may expand to (each rule
    /// on a group counts once per member object): 1,000,000.
    public static let maximumExpandedPermissionCount = 1_000_000

    /// Imports a Casbin policy file written for `model`.
    ///
    /// - Throws: ``RBACError`` `.tooLarge` for a file over ``maximumByteCount``
    ///   or ``maximumLineCount`` (checked before anything is parsed) or a
    ///   resource-roles expansion over ``maximumExpandedPermissionCount``;
    ///   `.invalidPolicy` listing every problem in ``RBACError/problems``,
    ///   each located by line: a malformed CSV line, a wrong field count, a
    ///   rule type or effect the model does not have, an invalid name, or a
    ///   rule the mapping refuses (see the type's discussion).
    public static func policy(fromCSV text: String, model: CasbinModel) throws(RBACError) -> RBACPolicy {
        let records: [CasbinRecord], malformed: [CasbinProblem]
        switch CasbinPolicyParser.parse(text) {
        case .tooLarge(let message):
            throw RBACError(code: .tooLarge, message: "Casbin policy: \(message)")
        case .parsed(let parsedRecords, let problems):
            (records, malformed) = (parsedRecords, problems)
        }
        var importer = Importer(model: model)
        for problem in malformed { importer.problem(problem.line, .malformed, problem.message) }
        for record in records { importer.read(record) }
        // Malformed lines were collected apart from the others: report all in line order.
        guard importer.problems.isEmpty else { throw invalid(importer.sortedProblems) }
        return try importer.build()
    }

    /// Imports a Casbin policy file together with its model file; the model is
    /// recognised with ``CasbinModel/init(conf:)``.
    /// - Throws: ``RBACError`` as ``CasbinModel/init(conf:)``, then as
    ///   ``policy(fromCSV:model:)``.
    public static func policy(fromCSV text: String, modelConf: String) throws(RBACError) -> RBACPolicy {
        try policy(fromCSV: text, model: CasbinModel(conf: modelConf))
    }

    static func invalid(_ problems: [RBACError]) -> RBACError {
        let count = problems.count
        return RBACError(
            code: .invalidPolicy,
            message: "the Casbin policy has \(count) problem\(count == 1 ? "" : "s")", problems: problems)
    }
}

/// The importer's state: validated rules, then the policy built from them.
///
/// Names are compared as identifiers (UTF-8 bytes, as Casbin compares
/// strings), never as Swift strings, which would equate NFC and NFD forms
/// that are two different roles to both Casbin and ``RBACPolicy``.
private struct Importer {
    struct Rule {
        var role: RoleID
        var tenant: TenantID?
        var resource: ResourcePattern
        var action: AccessAction
        var deny: Bool
        var line: Int
    }

    /// `g, member, role[, tenant]`.
    struct Link {
        var member: RoleID
        var memberPrincipal: PrincipalID
        var role: RoleID
        var tenant: TenantID?
        var line: Int
    }

    /// `g2, object, group`.
    struct ResourceLink {
        var object: ResourcePattern
        var group: ResourcePattern
    }

    let model: CasbinModel
    var rules: [Rule] = []
    var links: [Link] = []
    var resourceLinks: [ResourceLink] = []
    /// Problems with the line they are about, reported in line order.
    var problems: [(line: Int, error: RBACError)] = []

    init(model: CasbinModel) { self.model = model }

    var sortedProblems: [RBACError] {
        problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element.error)
    }

    // MARK: Reading

    mutating func read(_ record: CasbinRecord) {
        let line = record.line
        switch record.type {
        case "p": readRule(record.fields, line: line)
        case "g" where model.kind != .acl: readLink(record.fields, line: line)
        case "g2" where model.kind == .rbacWithResourceRoles: readResourceLink(record.fields, line: line)
        default:
            let types = switch model.kind {
            case .acl: "p"
            case .rbacWithResourceRoles: "p, g and g2"
            default: "p and g"
            }
            problem(line, .malformed, "rule type \(record.type.debugDescription) is not part of the \(model) model, which reads \(types) lines")
        }
    }

    private mutating func readRule(_ fields: [String], line: Int) {
        let domains = model.kind == .rbacWithDomains
        let columns = domains ? 4 : 3
        let shape = domains ? "p, sub, dom, obj, act" : "p, sub, obj, act"
        guard fields.count == columns || fields.count == columns + 1 else {
            let effect = model.kind == .rbacWithDeny ? "[, allow|deny]" : "[, allow]"
            return problem(line, .malformed, "expected '\(shape)\(effect)', found \(fields.count) fields after 'p'")
        }
        var deny = false
        if fields.count == columns + 1 {
            switch fields[columns] {
            case "allow": break
            case "deny" where model.kind == .rbacWithDeny: deny = true
            case "deny": return problem(line, .malformed, "a deny rule needs the rbacWithDeny model (deny-override effect)")
            case let other: return problem(line, .malformed, "effect \(other.debugDescription) is neither allow nor deny")
            }
        }
        var broken = false
        let role = validRole(fields[0], line: line, broken: &broken)
        let tenant = domains ? validTenant(fields[1], line: line, broken: &broken) : nil
        let resource = validResource(fields[domains ? 2 : 1], line: line, broken: &broken)
        let action = validAction(fields[domains ? 3 : 2], line: line, broken: &broken)
        guard !broken, let role, let resource, let action else { return }
        rules.append(Rule(role: role, tenant: tenant, resource: resource, action: action, deny: deny, line: line))
    }

    private mutating func readLink(_ fields: [String], line: Int) {
        let domains = model.kind == .rbacWithDomains
        guard fields.count == (domains ? 3 : 2) else {
            return problem(line, .malformed, "expected '\(domains ? "g, user, role, dom" : "g, user, role")', found \(fields.count) fields after 'g'")
        }
        var broken = false
        let member = validRole(fields[0], line: line, broken: &broken)
        let role = validRole(fields[1], line: line, broken: &broken)
        let tenant = domains ? validTenant(fields[2], line: line, broken: &broken) : nil
        // PrincipalID validates exactly as RoleID: a valid member is a valid principal.
        guard !broken, let member, let role, let principal = try? PrincipalID(member.rawValue) else { return }
        links.append(Link(member: member, memberPrincipal: principal, role: role, tenant: tenant, line: line))
    }

    private mutating func readResourceLink(_ fields: [String], line: Int) {
        guard fields.count == 2 else {
            return problem(line, .malformed, "expected 'g2, obj, group', found \(fields.count) fields after 'g2'")
        }
        var broken = false
        let object = validResource(fields[0], line: line, broken: &broken)
        let group = validResource(fields[1], line: line, broken: &broken)
        guard !broken, let object, let group else { return }
        resourceLinks.append(ResourceLink(object: object, group: group))
    }

    // MARK: Building

    mutating func build() throws(RBACError) -> RBACPolicy {
        var policy = RBACPolicy()
        // Names some `g` line makes a role; a member that is never one is a plain user.
        let linkedRoles = Set(links.map(\.role))
        var declared = Set<RoleID>()
        for role in rules.map(\.role) + links.map(\.role) where declared.insert(role).inserted {
            policy.addRole(role)
            // Casbin's g(x, x): the principal of the same name holds the role
            // everywhere. PrincipalID validates exactly as RoleID.
            guard let principal = try? PrincipalID(role.rawValue) else { continue }
            do {
                try policy.assign(principal, to: role)
            } catch {
                problems.append((0, error))
            }
        }

        for link in links where link.member != link.role {
            do throws(RBACError) {
                if linkedRoles.contains(link.member) {
                    try policy.addInheritance(senior: link.member, junior: link.role)
                } else {
                    try policy.assign(link.memberPrincipal, to: link.role, in: link.tenant)
                }
            } catch {
                problems.append((link.line, error.located(at: "line \(link.line)")))
            }
        }
        if model.kind == .rbacWithDomains { checkDomainInheritance(linkedRoles: linkedRoles) }

        for rule in try expandedRules() {
            do throws(RBACError) {
                if rule.deny {
                    try policy.addDenyRule(DenyRule(
                        subject: .role(rule.role), action: rule.action, resource: rule.resource, tenant: rule.tenant))
                } else {
                    try policy.addPermission(
                        Permission(action: rule.action, resource: rule.resource, tenant: rule.tenant), to: rule.role)
                }
            } catch {
                problems.append((rule.line, error.located(at: "line \(rule.line)")))
            }
        }
        guard problems.isEmpty else { throw CasbinImporter.invalid(sortedProblems) }
        return policy
    }

    /// Refuses role-to-role links whose meaning would widen: ConsentKit's
    /// inheritance holds in every tenant, Casbin's only in the domains the
    /// link is written for. The two agree when every domain in which a role
    /// below the junior has rules is one of those domains: then each rule a
    /// request can reach through the link is in a domain where Casbin has the
    /// link too (each lower link is checked the same way).
    private mutating func checkDomainInheritance(linkedRoles: Set<RoleID>) {
        struct Edge: Hashable {
            var senior: RoleID
            var junior: RoleID
        }
        var domainsByEdge: [Edge: Set<TenantID>] = [:]
        var firstLine: [Edge: Int] = [:]
        var juniors: [RoleID: Set<RoleID>] = [:]
        for link in links where link.member != link.role && linkedRoles.contains(link.member) {
            guard let tenant = link.tenant else { continue }
            let edge = Edge(senior: link.member, junior: link.role)
            domainsByEdge[edge, default: []].insert(tenant)
            if firstLine[edge] == nil { firstLine[edge] = link.line }
            juniors[link.member, default: []].insert(link.role)
        }
        var ruleTenants: [RoleID: Set<TenantID>] = [:]
        for rule in rules {
            if let tenant = rule.tenant { ruleTenants[rule.role, default: []].insert(tenant) }
        }

        var reachable: [RoleID: Set<TenantID>] = [:]
        func tenants(below role: RoleID) -> Set<TenantID> {
            if let known = reachable[role] { return known }
            var seen: Set<RoleID> = [role]
            var stack = [role]
            var found = Set<TenantID>()
            while let next = stack.popLast() {
                found.formUnion(ruleTenants[next] ?? [])
                for junior in juniors[next] ?? [] where seen.insert(junior).inserted { stack.append(junior) }
            }
            reachable[role] = found
            return found
        }

        for (edge, domains) in domainsByEdge.sorted(by: { firstLine[$0.key] ?? 0 < firstLine[$1.key] ?? 0 }) {
            let outside = tenants(below: edge.junior).subtracting(domains)
            guard let other = outside.min() else { continue }
            let line = firstLine[edge] ?? 0
            problem(
                line, .invalidPolicy,
                "role \(edge.senior.rawValue.debugDescription) inherits \(edge.junior.rawValue.debugDescription) in "
                    + domains.sorted().map(\.rawValue.debugDescription).joined(separator: ", ")
                    + " only, but \(edge.junior.rawValue.debugDescription) or a role below it has rules in domain \(other.rawValue.debugDescription); imported inheritance would hold in every tenant")
        }
    }

    /// The rules, plus for resource roles one copy per object in a rule's group.
    private func expandedRules() throws(RBACError) -> [Rule] {
        guard !resourceLinks.isEmpty else { return rules }
        var membersByGroup: [ResourcePattern: [ResourcePattern]] = [:]
        for link in resourceLinks where link.object != link.group {
            membersByGroup[link.group, default: []].append(link.object)
        }
        var rulesByObject: [ResourcePattern: Int] = [:]
        for rule in rules { rulesByObject[rule.resource, default: 0] += 1 }
        // Every object that reaches a rule's object through g2 links, once per
        // object. Counting as it goes, an oversized expansion fails before it
        // is built, after at most the limit's worth of work.
        var reaching: [ResourcePattern: [ResourcePattern]] = [:]
        var total = rules.count
        for (object, ruleCount) in rulesByObject {
            var seen: Set<ResourcePattern> = [object]
            var stack = [object]
            var members: [ResourcePattern] = []
            while let group = stack.popLast() {
                for member in membersByGroup[group] ?? [] where seen.insert(member).inserted {
                    total += ruleCount
                    guard total <= CasbinImporter.maximumExpandedPermissionCount else {
                        throw RBACError(
                            code: .tooLarge,
                            message: "Casbin policy: the g2 resource groups expand to more than \(CasbinImporter.maximumExpandedPermissionCount) permissions")
                    }
                    stack.append(member)
                    members.append(member)
                }
            }
            reaching[object] = members
        }
        var expanded = rules
        expanded.reserveCapacity(total)
        for rule in rules {
            for member in reaching[rule.resource] ?? [] {
                var copy = rule
                copy.resource = member
                expanded.append(copy)
            }
        }
        return expanded
    }

    // MARK: Validation

    mutating func problem(_ line: Int, _ code: RBACError.Code, _ message: String) {
        problems.append((line, RBACError(code: code, message: message).located(at: "line \(line)")))
    }

    private mutating func validRole(_ name: String, line: Int, broken: inout Bool) -> RoleID? {
        do {
            return try RoleID(name)
        } catch {
            broken = true
            problem(line, .invalidIdentifier, error.message)
            return nil
        }
    }

    private mutating func validTenant(_ name: String, line: Int, broken: inout Bool) -> TenantID? {
        do {
            return try TenantID(name)
        } catch {
            broken = true
            problem(line, .invalidIdentifier, error.message)
            return nil
        }
    }

    private mutating func validAction(_ name: String, line: Int, broken: inout Bool) -> AccessAction? {
        guard name != "*" else {
            broken = true
            problem(line, .invalidIdentifier, "action '*' would allow every action in ConsentKit but only the action named '*' in Casbin's exact-match models")
            return nil
        }
        do {
            return try AccessAction(name)
        } catch {
            broken = true
            problem(line, .invalidIdentifier, error.message)
            return nil
        }
    }

    private mutating func validResource(_ name: String, line: Int, broken: inout Bool) -> ResourcePattern? {
        if name.contains(where: { $0 == "*" || $0 == "{" || $0 == "}" }) {
            broken = true
            problem(line, .invalidIdentifier, "object \(name.debugDescription) holds '*', '{' or '}', wildcards in ConsentKit but plain characters in Casbin's exact-match models")
            return nil
        }
        do {
            let pattern = try ResourcePattern(name)
            guard pattern.isLiteral else {
                broken = true
                problem(line, .invalidIdentifier, "object \(name.debugDescription) is not a literal resource name")
                return nil
            }
            return pattern
        } catch {
            broken = true
            problem(line, .invalidIdentifier, error.description)
            return nil
        }
    }
}
