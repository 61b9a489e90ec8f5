public import ConsentKitCore

/// The policy as a JSON document, for files, stores and reviews.
///
/// ```json
/// {
///   "format": "consentkit-rbac/1",
///   "roles": [
///     {"name": "employee"},
///     {"name": "support-agent", "inherits": ["employee"],
///      "permissions": [{"action": "read", "resource": "customers/*", "purposes": ["support"],
///                       "fields": [{"field": "card.number", "level": "partial"}]}]}
///   ],
///   "principals": ["alice"],
///   "assignments": [{"principal": "alice", "role": "support-agent", "tenant": "acme"}],
///   "denyRules": [{"role": "support-agent", "action": "export", "resource": "**"}],
///   "staticSeparations": [{"name": "payments", "roles": ["clerk", "approver"], "cardinality": 2}],
///   "dynamicSeparations": []
/// }
/// ```
///
/// Every member but `roles` may be left out. When `principals` is present it
/// is the complete list: an assignment or deny rule naming anyone else is an
/// `.unknownPrincipal` problem (a typo guard); when absent, principals come
/// from assignments and deny rules. Unknown members are problems too.
extension RBACPolicy {
    /// The value of the document's `format` member.
    public static let jsonFormat = "consentkit-rbac/1"

    /// Reads and validates a JSON policy document, reporting every problem at once.
    ///
    /// Checks run in the order roles, inheritance, permissions, principals,
    /// separation-of-duty sets, assignments, deny rules, so an assignment that
    /// breaks a static constraint is reported against the assignment.
    /// - Throws: ``RBACError`` `.tooLarge` (document bytes or a count over
    ///   `limits`), `.malformed` (not JSON), or `.invalidPolicy` whose
    ///   ``RBACError/problems`` lists every problem (shape, identifiers,
    ///   unknown roles and principals, cycles, separation of duty), each
    ///   prefixed with its location such as `roles[2].permissions[0].resource`.
    ///   At most 1,000 problems are listed.
    public static func decode(json: some Collection<UInt8>, limits: RBACLimits = .default) throws(RBACError) -> RBACPolicy {
        let count = json.count
        guard count <= limits.maximumDocumentByteCount else {
            throw .tooLarge("the policy document's size in bytes", count: count, limit: limits.maximumDocumentByteCount)
        }
        let value: JSONValue
        do {
            value = try JSONValue(
                parsing: json,
                limits: MinimizationLimits(
                    maximumDepth: 16, maximumNodeCount: Int.max, maximumByteCount: limits.maximumDocumentByteCount))
        } catch {
            throw RBACError(code: .malformed, message: "the policy document is not valid JSON: \(error)")
        }
        return try decode(jsonValue: value, limits: limits)
    }

    /// Reads and validates a JSON policy document given as text; see `decode(json:limits:)`.
    /// - Throws: as `decode(json:limits:)`.
    public static func decode(json: String, limits: RBACLimits = .default) throws(RBACError) -> RBACPolicy {
        try decode(json: Array(json.utf8), limits: limits)
    }

    /// Validates a parsed policy document; see `decode(json:limits:)`.
    /// - Throws: `.tooLarge` or `.invalidPolicy` as `decode(json:limits:)`.
    public static func decode(jsonValue: JSONValue, limits: RBACLimits = .default) throws(RBACError) -> RBACPolicy {
        var reader = PolicyDocumentReader(limits: limits)
        let policy = try reader.read(jsonValue)
        guard reader.problems.isEmpty else {
            let total = reader.problemCount
            let listed = total > reader.problems.count ? " (the first \(reader.problems.count) are listed)" : ""
            throw RBACError(
                code: .invalidPolicy, message: "the policy document has \(total) problem\(total == 1 ? "" : "s")\(listed)",
                problems: reader.problems)
        }
        return policy
    }

    /// The policy as a JSON document: every list sorted by UTF-8 bytes, so
    /// equal policies give equal documents. O(size of the policy).
    public var jsonValue: JSONValue {
        var roleValues: [JSONValue] = []
        roleValues.reserveCapacity(roles.count)
        for role in roles.sorted() {
            var object: [String: JSONValue] = ["name": .string(role.rawValue)]
            if let juniors = juniorsByRole[role] { object["inherits"] = .array(juniors.sorted().map { .string($0.rawValue) }) }
            if let permissions = permissionsByRole[role] {
                object["permissions"] = .array(permissions.sorted(by: Permission.precedes).map(Self.json))
            }
            roleValues.append(.object(object))
        }
        return .object([
            "format": .string(Self.jsonFormat),
            "roles": .array(roleValues),
            "principals": .array(principals.sorted().map { .string($0.rawValue) }),
            "assignments": .array(assignments.map(Self.json)),
            "denyRules": .array(denyRules.sorted(by: DenyRule.precedes).map(Self.json)),
            "staticSeparations": .array(staticSeparations.map(Self.json)),
            "dynamicSeparations": .array(dynamicSeparations.map(Self.json)),
        ])
    }

    /// The policy as compact JSON text; see ``jsonValue``.
    public var jsonString: String { jsonValue.jsonString }

    /// The policy as compact JSON text in UTF-8; see ``jsonValue``.
    public var jsonBytes: [UInt8] { Array(jsonString.utf8) }

    static func json(_ permission: Permission) -> JSONValue {
        var object: [String: JSONValue] = [
            "action": .string(permission.action.rawValue), "resource": .string(permission.resource.rawValue),
        ]
        if let purposes = permission.purposes { object["purposes"] = .array(purposes.sorted().map { .string($0.rawValue) }) }
        if let tenant = permission.tenant { object["tenant"] = .string(tenant.rawValue) }
        if !permission.fields.isEmpty {
            object["fields"] = .array(
                permission.fields.map { .object(["field": .string($0.field.rawValue), "level": .string($0.level.rawValue)]) })
        }
        return .object(object)
    }

    static func json(_ assignment: RoleAssignment) -> JSONValue {
        var object: [String: JSONValue] = [
            "principal": .string(assignment.principal.rawValue), "role": .string(assignment.role.rawValue),
        ]
        if let tenant = assignment.tenant { object["tenant"] = .string(tenant.rawValue) }
        return .object(object)
    }

    static func json(_ rule: DenyRule) -> JSONValue {
        var object: [String: JSONValue] = ["action": .string(rule.action.rawValue), "resource": .string(rule.resource.rawValue)]
        switch rule.subject {
        case .role(let role): object["role"] = .string(role.rawValue)
        case .principal(let principal): object["principal"] = .string(principal.rawValue)
        }
        if let purposes = rule.purposes { object["purposes"] = .array(purposes.sorted().map { .string($0.rawValue) }) }
        if let tenant = rule.tenant { object["tenant"] = .string(tenant.rawValue) }
        return .object(object)
    }

    static func json(_ constraint: SeparationOfDuty) -> JSONValue {
        .object([
            "name": .string(constraint.name), "roles": .array(constraint.roles.sorted().map { .string($0.rawValue) }),
            "cardinality": .number(Double(constraint.cardinality)),
        ])
    }
}

extension RBACPolicy: Codable {
    /// Decodes the JSON document form (see `decode(json:limits:)`) from any
    /// decoder, with the default limits.
    /// - Throws: `DecodingError.dataCorrupted` whose description is the
    ///   ``RBACError`` listing every problem.
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        do {
            self = try Self.decode(jsonValue: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes the JSON document form (``jsonValue``).
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

/// Walks a policy document, building the policy through the validating
/// mutations and collecting every problem instead of stopping at the first.
struct PolicyDocumentReader {
    static let maximumListedProblems = 1_000

    let limits: RBACLimits
    private(set) var problems: [RBACError] = []
    private(set) var problemCount = 0

    init(limits: RBACLimits) {
        self.limits = limits
    }

    mutating func report(_ error: RBACError, at location: String) {
        problemCount += 1
        if problems.count < Self.maximumListedProblems { problems.append(error.located(at: location)) }
    }

    mutating func report(_ code: RBACError.Code, _ message: String, at location: String) {
        report(RBACError(code: code, message: message), at: location)
    }

    mutating func read(_ document: JSONValue) throws(RBACError) -> RBACPolicy {
        var policy = RBACPolicy()
        guard let members = object(document, at: "document", allowed: Self.documentMembers) else { return policy }
        if let format = members["format"] {
            if format.stringValue != RBACPolicy.jsonFormat {
                report(.malformed, "expected \(RBACPolicy.jsonFormat.debugDescription), got \(format)", at: "format")
            }
        }
        let roleEntries = try list(members["roles"], "roles", limit: limits.maximumRoles, required: true)
        let principalEntries = try list(members["principals"], "principals", limit: limits.maximumPrincipals)
        let assignmentEntries = try list(members["assignments"], "assignments", limit: limits.maximumAssignments)
        let denyEntries = try list(members["denyRules"], "denyRules", limit: limits.maximumDenyRules)
        let staticEntries = try list(members["staticSeparations"], "staticSeparations", limit: limits.maximumSeparations)
        let dynamicEntries = try list(members["dynamicSeparations"], "dynamicSeparations", limit: limits.maximumSeparations)

        // Roles first, so later references resolve whatever the document order.
        var roleObjects: [(Int, [String: JSONValue])] = []
        for (index, entry) in roleEntries.enumerated() {
            let location = "roles[\(index)]"
            guard let role = object(entry, at: location, allowed: ["name", "inherits", "permissions"]) else { continue }
            roleObjects.append((index, role))
            guard let name = identifier(role["name"], at: "\(location).name", RoleID.init) else { continue }
            if policy.roles.contains(name) {
                report(.duplicate, "role \(name.rawValue.debugDescription) is declared twice", at: "\(location).name")
            }
            policy.addRole(name)
        }
        var permissionTotal = 0
        var inheritanceTotal = 0
        for (index, role) in roleObjects {
            guard let name = role["name"]?.stringValue.flatMap({ try? RoleID($0) }) else { continue }
            let juniors = try list(role["inherits"], "roles[\(index)].inherits", limit: limits.maximumInheritances)
            inheritanceTotal += juniors.count
            try RBACLimits.check("inheritance edges", inheritanceTotal, limits.maximumInheritances)
            for (offset, entry) in juniors.enumerated() {
                let location = "roles[\(index)].inherits[\(offset)]"
                guard let junior = identifier(entry, at: location, RoleID.init) else { continue }
                do throws(RBACError) {
                    try policy.addInheritance(senior: name, junior: junior)
                } catch {
                    report(error, at: location)
                }
            }
        }
        for (index, role) in roleObjects {
            guard let name = role["name"]?.stringValue.flatMap({ try? RoleID($0) }) else { continue }
            let permissions = try list(role["permissions"], "roles[\(index)].permissions", limit: limits.maximumPermissions)
            permissionTotal += permissions.count
            try RBACLimits.check("permissions", permissionTotal, limits.maximumPermissions)
            for (offset, entry) in permissions.enumerated() {
                let location = "roles[\(index)].permissions[\(offset)]"
                guard let permission = permission(entry, at: location) else { continue }
                do throws(RBACError) {
                    try policy.addPermission(permission, to: name)
                } catch {
                    report(error, at: location)
                }
            }
        }

        var declaredPrincipals: Set<PrincipalID>?
        if members["principals"] != nil {
            var declared = Set<PrincipalID>()
            for (index, entry) in principalEntries.enumerated() {
                guard let principal = identifier(entry, at: "principals[\(index)]", PrincipalID.init) else { continue }
                if !declared.insert(principal).inserted {
                    report(.duplicate, "principal \(principal.rawValue.debugDescription) is listed twice", at: "principals[\(index)]")
                }
                policy.addPrincipal(principal)
            }
            declaredPrincipals = declared
        }

        for (index, entry) in staticEntries.enumerated() {
            guard let constraint = separation(entry, at: "staticSeparations[\(index)]") else { continue }
            do throws(RBACError) {
                try policy.addStaticSeparation(constraint)
            } catch {
                report(error, at: "staticSeparations[\(index)]")
            }
        }

        for (index, entry) in assignmentEntries.enumerated() {
            let location = "assignments[\(index)]"
            guard let members = object(entry, at: location, allowed: ["principal", "role", "tenant"]) else { continue }
            let principal = identifier(members["principal"], at: "\(location).principal", PrincipalID.init)
            let role = identifier(members["role"], at: "\(location).role", RoleID.init)
            let tenant = optionalIdentifier(members["tenant"], at: "\(location).tenant", TenantID.init)
            guard let principal, let role, let tenant else { continue }
            if let declaredPrincipals, !declaredPrincipals.contains(principal) {
                report(.unknownPrincipal(principal), at: "\(location).principal")
                continue
            }
            do throws(RBACError) {
                try policy.assign(principal, to: role, in: tenant.value)
            } catch {
                report(error, at: location)
            }
        }

        for (index, entry) in denyEntries.enumerated() {
            let location = "denyRules[\(index)]"
            guard let rule = denyRule(entry, at: location) else { continue }
            if case .principal(let principal) = rule.subject, let declaredPrincipals, !declaredPrincipals.contains(principal) {
                report(.unknownPrincipal(principal), at: "\(location).principal")
                continue
            }
            do throws(RBACError) {
                try policy.addDenyRule(rule)
            } catch {
                report(error, at: location)
            }
        }

        for (index, entry) in dynamicEntries.enumerated() {
            guard let constraint = separation(entry, at: "dynamicSeparations[\(index)]") else { continue }
            do throws(RBACError) {
                try policy.addDynamicSeparation(constraint)
            } catch {
                report(error, at: "dynamicSeparations[\(index)]")
            }
        }
        try RBACLimits.check(
            "separation-of-duty sets", staticEntries.count + dynamicEntries.count, limits.maximumSeparations)
        return policy
    }

    // MARK: Pieces

    static let documentMembers: Set<String> = [
        "format", "roles", "principals", "assignments", "denyRules", "staticSeparations", "dynamicSeparations",
    ]

    private mutating func permission(_ value: JSONValue, at location: String) -> Permission? {
        guard let members = object(value, at: location, allowed: ["action", "resource", "purposes", "tenant", "fields"]) else {
            return nil
        }
        let action = identifier(members["action"], at: "\(location).action", AccessAction.init)
        let resource = pattern(members["resource"], at: "\(location).resource")
        let purposes = purposeSet(members["purposes"], at: "\(location).purposes")
        let tenant = optionalIdentifier(members["tenant"], at: "\(location).tenant", TenantID.init)
        let fields = fieldGrants(members["fields"], at: "\(location).fields")
        guard let action, let resource, let purposes, let tenant, let fields else { return nil }
        return Permission(action: action, resource: resource, purposes: purposes.value, tenant: tenant.value, fields: fields)
    }

    private mutating func denyRule(_ value: JSONValue, at location: String) -> DenyRule? {
        guard
            let members = object(
                value, at: location, allowed: ["role", "principal", "action", "resource", "purposes", "tenant"])
        else { return nil }
        var subject: DenyRule.Subject?
        switch (members["role"], members["principal"]) {
        case (let role?, nil):
            subject = identifier(role, at: "\(location).role", RoleID.init).map(DenyRule.Subject.role)
        case (nil, let principal?):
            subject = identifier(principal, at: "\(location).principal", PrincipalID.init).map(DenyRule.Subject.principal)
        default:
            report(.malformed, "a deny rule names exactly one of \"role\" or \"principal\"", at: location)
        }
        let action = identifier(members["action"], at: "\(location).action", AccessAction.init)
        let resource = pattern(members["resource"], at: "\(location).resource")
        let purposes = purposeSet(members["purposes"], at: "\(location).purposes")
        let tenant = optionalIdentifier(members["tenant"], at: "\(location).tenant", TenantID.init)
        guard let subject, let action, let resource, let purposes, let tenant else { return nil }
        return DenyRule(subject: subject, action: action, resource: resource, purposes: purposes.value, tenant: tenant.value)
    }

    private mutating func separation(_ value: JSONValue, at location: String) -> SeparationOfDuty? {
        guard let members = object(value, at: location, allowed: ["name", "roles", "cardinality"]) else { return nil }
        guard let name = members["name"]?.stringValue else {
            report(.malformed, "expected the set's name as a string", at: "\(location).name")
            return nil
        }
        guard let roleValues = members["roles"]?.arrayValue else {
            report(.malformed, "expected an array of role names", at: "\(location).roles")
            return nil
        }
        var roles = Set<RoleID>()
        var valid = true
        for (index, entry) in roleValues.enumerated() {
            if let role = identifier(entry, at: "\(location).roles[\(index)]", RoleID.init) { roles.insert(role) } else { valid = false }
        }
        var cardinality = 2
        if let value = members["cardinality"] {
            guard let number = value.numberValue, number.rounded() == number, abs(number) < 1e9 else {
                report(.malformed, "expected a whole number, got \(value)", at: "\(location).cardinality")
                return nil
            }
            cardinality = Int(number)
        }
        guard valid else { return nil }
        do throws(RBACError) {
            return try SeparationOfDuty(name: name, roles: roles, cardinality: cardinality)
        } catch {
            report(error, at: location)
            return nil
        }
    }

    private mutating func fieldGrants(_ value: JSONValue?, at location: String) -> [FieldGrant]? {
        guard let value else { return [] }
        guard let entries = value.arrayValue else {
            report(.malformed, "expected an array of field grants, got \(value.typeName)", at: location)
            return nil
        }
        var grants: [FieldGrant] = []
        var valid = true
        for (index, entry) in entries.enumerated() {
            let here = "\(location)[\(index)]"
            guard let members = object(entry, at: here, allowed: ["field", "level"]) else {
                valid = false
                continue
            }
            var field: FieldPath?
            if let text = members["field"]?.stringValue {
                do throws(ValidationError) {
                    field = try FieldPath(text)
                } catch {
                    report(.invalidIdentifier, error.description, at: "\(here).field")
                }
            } else {
                report(.malformed, "expected the field path as a string", at: "\(here).field")
            }
            let level = members["level"]?.stringValue.flatMap(MaskingLevel.init(rawValue:))
            if level == nil {
                report(
                    .malformed,
                    "expected one of " + MaskingLevel.allCases.map(\.rawValue).joined(separator: ", ")
                        + ", got \(members["level"].map(\.description) ?? "nothing")", at: "\(here).level")
            }
            if let field, let level { grants.append(FieldGrant(field: field, level: level)) } else { valid = false }
        }
        return valid ? grants : nil
    }

    /// An empty box when absent (any purpose), `nil` after reporting a problem.
    private mutating func purposeSet(_ value: JSONValue?, at location: String) -> Present<Set<PurposeID>>? {
        guard let value, !value.isNull else { return Present(value: nil) }
        guard let entries = value.arrayValue else {
            report(.malformed, "expected an array of purpose ids, got \(value.typeName)", at: location)
            return nil
        }
        var purposes = Set<PurposeID>()
        var valid = true
        for (index, entry) in entries.enumerated() {
            if let purpose = identifier(entry, at: "\(location)[\(index)]", PurposeID.init) {
                purposes.insert(purpose)
            } else {
                valid = false
            }
        }
        return valid ? Present(value: purposes) : nil
    }

    private mutating func pattern(_ value: JSONValue?, at location: String) -> ResourcePattern? {
        guard let text = value?.stringValue else {
            report(.malformed, "expected a resource pattern string", at: location)
            return nil
        }
        do throws(ResourcePatternError) {
            return try ResourcePattern(text)
        } catch {
            report(.invalidIdentifier, error.description, at: location)
            return nil
        }
    }

    private mutating func identifier<ID>(
        _ value: JSONValue?, at location: String, _ make: (String) throws(ValidationError) -> ID
    ) -> ID? {
        guard let text = value?.stringValue else {
            report(.malformed, "expected a string, got \(value.map(\.typeName) ?? "nothing")", at: location)
            return nil
        }
        do throws(ValidationError) {
            return try make(text)
        } catch {
            report(.invalidIdentifier, error.description, at: location)
            return nil
        }
    }

    private mutating func identifier(
        _ value: JSONValue?, at location: String, _ make: (String) throws(RBACError) -> AccessAction
    ) -> AccessAction? {
        guard let text = value?.stringValue else {
            report(.malformed, "expected a string, got \(value.map(\.typeName) ?? "nothing")", at: location)
            return nil
        }
        do throws(RBACError) {
            return try make(text)
        } catch {
            report(error, at: location)
            return nil
        }
    }

    /// A box around an optional identifier, so "absent" and "invalid" differ.
    struct Present<Value> {
        let value: Value?
    }

    private mutating func optionalIdentifier<ID>(
        _ value: JSONValue?, at location: String, _ make: (String) throws(ValidationError) -> ID
    ) -> Present<ID>? {
        guard let value, !value.isNull else { return Present(value: nil) }
        return identifier(value, at: location, make).map { Present(value: $0) }
    }

    private mutating func object(_ value: JSONValue, at location: String, allowed: Set<String>) -> [String: JSONValue]? {
        guard let members = value.objectValue else {
            report(.malformed, "expected an object, got \(value.typeName)", at: location)
            return nil
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            report(.malformed, "unknown member \(key.debugDescription)", at: location)
        }
        return members
    }

    private mutating func list(_ value: JSONValue?, _ location: String, limit: Int, required: Bool = false) throws(RBACError)
        -> [JSONValue]
    {
        guard let value else {
            if required { report(.malformed, "the member is missing", at: location) }
            return []
        }
        guard let entries = value.arrayValue else {
            report(.malformed, "expected an array, got \(value.typeName)", at: location)
            return []
        }
        guard entries.count <= limit else { throw .tooLarge("\(location) has too many entries", count: entries.count, limit: limit) }
        return entries
    }
}
