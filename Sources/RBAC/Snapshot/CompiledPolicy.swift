import ConsentKitCore

/// One permission or deny rule, with every identifier replaced by a dense index.
struct CompiledRule: Sendable {
    /// The action's index; 0 is the wildcard `*`.
    var action: Int32
    /// A role index (≥ 0), or a principal `p` as `-(p + 1)` for deny rules.
    var subject: Int32
    /// The tenant's index, or -1 for every tenant.
    var tenant: Int32
    /// The rule's purposes in ``CompiledPolicy/purposeSets``, or -1 for any purpose.
    var purposeStart: Int32
    var purposeEnd: Int32
    /// The index of the permission or deny rule the rule came from.
    var source: Int32
}

/// A request with its identifiers resolved to indices once.
struct ResolvedRequest {
    /// The action's index; 0 for `*`, -2 when no rule names it (then only wildcard rules match).
    var action: Int32
    /// -1 without a tenant, -2 for a tenant no rule or assignment names.
    var tenant: Int32
    /// -1 without a purpose or for one no rule names.
    var purpose: Int32
    /// The principal as a deny-rule subject, `-(p + 1)`.
    var principalSubject: Int32
}

/// The compiled form of a policy: flat arrays of indices built once, read by
/// every check without allocating.
///
/// Layout:
/// - identifiers (principals, roles, actions, tenants, purposes, literal
///   resources, first segments of patterns) are interned in
///   ``IdentifierTable``s;
/// - each principal has one *scope* per tenant it holds roles in, plus one
///   for roles held without a tenant; a scope points at a sorted run of
///   ``effectiveRoles`` (the assigned roles' closure under inheritance), runs
///   shared between principals with the same assigned roles;
/// - allow and deny rules are grouped by literal resource or by pattern, each
///   group sorted by (action, subject) so a check binary-searches the
///   wildcard block and the action's block for the principal's roles.
///
/// A check therefore costs three or four table lookups plus a few binary
/// searches, whatever the number of rules: only rules on the requested
/// resource (and patterns that could match it) are considered.
final class CompiledPolicy: Sendable {
    /// The source, for explanations, sessions and review queries.
    let policy: RBACPolicy
    let principals: IdentifierTable
    let roles: IdentifierTable
    let actions: IdentifierTable
    let tenants: IdentifierTable
    let purposes: IdentifierTable
    let resources: IdentifierTable
    let firstSegments: IdentifierTable

    let roleIDs: [RoleID]
    let tenantIDs: [TenantID]

    /// Direct juniors of role `r`: `juniorTargets[juniorOffsets[r]..<juniorOffsets[r + 1]]`.
    let juniorOffsets: [Int32]
    let juniorTargets: [Int32]

    /// Scopes of principal `p`: `scopeOffsets[p]..<scopeOffsets[p + 1]`.
    let scopeOffsets: [Int32]
    /// A scope's tenant, -1 for roles held without a tenant (always first).
    let scopeTenants: [Int32]
    /// A scope's run in ``effectiveRoles``.
    let scopeStarts: [Int32]
    let scopeEnds: [Int32]
    let effectiveRoles: [Int32]

    let allowRules: [CompiledRule]
    let denyRules: [CompiledRule]
    /// Rules on literal resource `r`: `allowRules[literalAllow[r]..<literalAllow[r + 1]]`.
    let literalAllow: [Int32]
    let literalDeny: [Int32]
    let patterns: [ResourcePattern]
    let patternAllow: [Int32]
    let patternDeny: [Int32]
    /// Patterns whose first segment is literal segment `s`: `bucketPatterns[bucketOffsets[s]..<bucketOffsets[s + 1]]`.
    let bucketOffsets: [Int32]
    let bucketPatterns: [Int32]
    /// Patterns starting with `*`, `{name}` or `**`: candidates for every resource.
    let wildFirstPatterns: [Int32]
    /// Segments of pattern `k`: `segmentKinds[patternSegments[k]..<patternSegments[k + 1]]`,
    /// matched on raw bytes (``ResourcePattern/matches(_:)`` walks `String` views).
    let patternSegments: [Int32]
    /// 0 literal, 1 one segment, 2 the rest.
    let segmentKinds: [UInt8]
    /// A literal segment's bytes: `literalBytes[literalStarts[s]..<literalStarts[s + 1]]`.
    let literalStarts: [Int32]
    let literalBytes: [UInt8]
    let purposeSets: [Int32]

    /// `(role, permission)` behind allow rule sources.
    let permissionRoles: [Int32]
    let permissionList: [Permission]
    let denyList: [DenyRule]

    let hasDenyRules: Bool
    let hasPatternAllowRules: Bool
    let hasPatternDenyRules: Bool
    let usesPurposes: Bool

    init(_ policy: RBACPolicy) {
        self.policy = policy
        // Interning.
        let roleIDs = Array(policy.roles)
        let principalIDs = Array(policy.principals)
        var tenantSet = Set<TenantID>()
        var purposeSet = Set<PurposeID>()
        var actionSet = Set<AccessAction>()
        var literalSet = Set<ResourcePattern>()
        var patternSet = Set<ResourcePattern>()
        func note(_ action: AccessAction, _ resource: ResourcePattern, _ purposes: Set<PurposeID>?, _ tenant: TenantID?) {
            if !action.isWildcard { actionSet.insert(action) }
            if resource.isLiteral { literalSet.insert(resource) } else { patternSet.insert(resource) }
            if let purposes { purposeSet.formUnion(purposes) }
            if let tenant { tenantSet.insert(tenant) }
        }
        for permissions in policy.permissionsByRole.values {
            for permission in permissions {
                note(permission.action, permission.resource, permission.purposes, permission.tenant)
            }
        }
        for rule in policy.denyRules { note(rule.action, rule.resource, rule.purposes, rule.tenant) }
        for assignments in policy.assignmentsByPrincipal.values {
            for assignment in assignments { if let tenant = assignment.tenant { tenantSet.insert(tenant) } }
        }
        let tenantIDs = Array(tenantSet)
        let purposeIDs = Array(purposeSet)
        let actionIDs = [AccessAction.wildcard] + Array(actionSet)
        let literalIDs = Array(literalSet)
        let patternIDs = Array(patternSet)

        let roleIndex = Dictionary(uniqueKeysWithValues: roleIDs.enumerated().map { ($1, Int32($0)) })
        let principalIndex = Dictionary(uniqueKeysWithValues: principalIDs.enumerated().map { ($1, Int32($0)) })
        let tenantIndex = Dictionary(uniqueKeysWithValues: tenantIDs.enumerated().map { ($1, Int32($0)) })
        let purposeIndex = Dictionary(uniqueKeysWithValues: purposeIDs.enumerated().map { ($1, Int32($0)) })
        let actionIndex = Dictionary(uniqueKeysWithValues: actionIDs.enumerated().map { ($1, Int32($0)) })
        let literalIndex = Dictionary(uniqueKeysWithValues: literalIDs.enumerated().map { ($1, Int32($0)) })
        let patternIndex = Dictionary(uniqueKeysWithValues: patternIDs.enumerated().map { ($1, Int32($0)) })

        principals = IdentifierTable(keys: principalIDs.map(\.rawValue))
        roles = IdentifierTable(keys: roleIDs.map(\.rawValue))
        actions = IdentifierTable(keys: actionIDs.map(\.rawValue))
        tenants = IdentifierTable(keys: tenantIDs.map(\.rawValue))
        purposes = IdentifierTable(keys: purposeIDs.map(\.rawValue))
        resources = IdentifierTable(keys: literalIDs.map(\.rawValue))
        self.roleIDs = roleIDs
        self.tenantIDs = tenantIDs

        // Hierarchy.
        var juniorOffsets: [Int32] = [0]
        var juniorTargets: [Int32] = []
        juniorOffsets.reserveCapacity(roleIDs.count + 1)
        for role in roleIDs {
            for junior in policy.juniorsByRole[role] ?? [] {
                if let index = roleIndex[junior] { juniorTargets.append(index) }
            }
            juniorOffsets.append(Int32(juniorTargets.count))
        }
        self.juniorOffsets = juniorOffsets
        self.juniorTargets = juniorTargets

        // Scopes and effective roles, shared between equal assigned-role sets.
        var scopeOffsets: [Int32] = [0]
        var scopeTenants: [Int32] = []
        var scopeStarts: [Int32] = []
        var scopeEnds: [Int32] = []
        var effectiveRoles: [Int32] = []
        var runs: [[Int32]: (Int32, Int32)] = [:]
        var stamps = [Int32](repeating: -1, count: roleIDs.count)
        var stamp: Int32 = 0
        scopeOffsets.reserveCapacity(principalIDs.count + 1)
        func run(for assigned: [Int32]) -> (Int32, Int32) {
            let key = Array(Set(assigned)).sorted()
            if let existing = runs[key] { return existing }
            stamp += 1
            let start = effectiveRoles.count
            var stack = key
            while let role = stack.popLast() {
                guard stamps[Int(role)] != stamp else { continue }
                stamps[Int(role)] = stamp
                effectiveRoles.append(role)
                for index in Int(juniorOffsets[Int(role)])..<Int(juniorOffsets[Int(role) + 1]) {
                    stack.append(juniorTargets[index])
                }
            }
            effectiveRoles[start...].sort()
            let range = (Int32(start), Int32(effectiveRoles.count))
            runs[key] = range
            return range
        }
        for principal in principalIDs {
            var global: [Int32] = []
            var byTenant: [Int32: [Int32]] = [:]
            for assignment in policy.assignmentsByPrincipal[principal] ?? [] {
                guard let role = roleIndex[assignment.role] else { continue }
                if let tenant = assignment.tenant, let index = tenantIndex[tenant] {
                    byTenant[index, default: []].append(role)
                } else {
                    global.append(role)
                }
            }
            if !global.isEmpty {
                let range = run(for: global)
                scopeTenants.append(-1)
                scopeStarts.append(range.0)
                scopeEnds.append(range.1)
            }
            for tenant in byTenant.keys.sorted() {
                let range = run(for: global + (byTenant[tenant] ?? []))
                scopeTenants.append(tenant)
                scopeStarts.append(range.0)
                scopeEnds.append(range.1)
            }
            scopeOffsets.append(Int32(scopeTenants.count))
        }
        self.scopeOffsets = scopeOffsets
        self.scopeTenants = scopeTenants
        self.scopeStarts = scopeStarts
        self.scopeEnds = scopeEnds
        self.effectiveRoles = effectiveRoles

        // Rules, grouped by literal resource or pattern, sorted by (action, subject).
        var purposeSets: [Int32] = []
        var purposeRuns: [Set<PurposeID>: (Int32, Int32)] = [:]
        func purposeRun(_ set: Set<PurposeID>?) -> (Int32, Int32) {
            guard let set else { return (-1, -1) }
            if let existing = purposeRuns[set] { return existing }
            let start = Int32(purposeSets.count)
            purposeSets.append(contentsOf: set.compactMap { purposeIndex[$0] }.sorted())
            let run = (start, Int32(purposeSets.count))
            purposeRuns[set] = run
            return run
        }
        func group(_ resource: ResourcePattern) -> Int {
            if let literal = literalIndex[resource] { return Int(literal) }
            return literalIDs.count + Int(patternIndex[resource] ?? 0)
        }
        func rule(
            _ action: AccessAction, _ subject: Int32, _ purposes: Set<PurposeID>?, _ tenant: TenantID?, _ source: Int
        ) -> CompiledRule {
            let run = purposeRun(purposes)
            return CompiledRule(
                action: actionIndex[action] ?? 0, subject: subject, tenant: tenant.flatMap { tenantIndex[$0] } ?? -1,
                purposeStart: run.0, purposeEnd: run.1, source: Int32(source))
        }
        var permissionRoles: [Int32] = []
        var permissionList: [Permission] = []
        var allow: [(group: Int, rule: CompiledRule)] = []
        for (role, permissions) in policy.permissionsByRole {
            guard let subject = roleIndex[role] else { continue }
            for permission in permissions {
                allow.append(
                    (
                        group(permission.resource),
                        rule(permission.action, subject, permission.purposes, permission.tenant, permissionList.count)
                    ))
                permissionRoles.append(subject)
                permissionList.append(permission)
            }
        }
        var denyList: [DenyRule] = []
        var deny: [(group: Int, rule: CompiledRule)] = []
        for denyRule in policy.denyRules {
            let subject: Int32
            switch denyRule.subject {
            case .role(let role):
                guard let index = roleIndex[role] else { continue }
                subject = index
            case .principal(let principal):
                guard let index = principalIndex[principal] else { continue }
                subject = -(index + 1)
            }
            deny.append(
                (group(denyRule.resource), rule(denyRule.action, subject, denyRule.purposes, denyRule.tenant, denyList.count)))
            denyList.append(denyRule)
        }
        let groupCount = literalIDs.count + patternIDs.count
        let (allowRules, allowOffsets) = Self.grouped(allow, groupCount: groupCount)
        let (denyRules, denyOffsets) = Self.grouped(deny, groupCount: groupCount)
        self.allowRules = allowRules
        self.denyRules = denyRules
        literalAllow = Array(allowOffsets[0...literalIDs.count])
        literalDeny = Array(denyOffsets[0...literalIDs.count])
        patternAllow = Array(allowOffsets[literalIDs.count...])
        patternDeny = Array(denyOffsets[literalIDs.count...])
        patterns = patternIDs
        self.purposeSets = purposeSets
        self.permissionRoles = permissionRoles
        self.permissionList = permissionList
        self.denyList = denyList

        // Pattern candidates by first segment.
        var segmentIDs: [String] = []
        var segmentIndex: [[UInt8]: Int] = [:]
        var buckets: [[Int32]] = []
        var wildFirst: [Int32] = []
        for (index, pattern) in patternIDs.enumerated() {
            guard case .literal(let text) = pattern.segments.first else {
                wildFirst.append(Int32(index))
                continue
            }
            let key = Array(text.utf8)
            if let bucket = segmentIndex[key] {
                buckets[bucket].append(Int32(index))
            } else {
                segmentIndex[key] = buckets.count
                segmentIDs.append(text)
                buckets.append([Int32(index)])
            }
        }
        firstSegments = IdentifierTable(keys: segmentIDs)
        var patternSegments: [Int32] = [0]
        var segmentKinds: [UInt8] = []
        var literalStarts: [Int32] = [0]
        var literalBytes: [UInt8] = []
        for pattern in patternIDs {
            for segment in pattern.segments {
                switch segment {
                case .literal(let text):
                    segmentKinds.append(0)
                    literalBytes.append(contentsOf: text.utf8)
                case .any: segmentKinds.append(1)
                case .rest: segmentKinds.append(2)
                }
                literalStarts.append(Int32(literalBytes.count))
            }
            patternSegments.append(Int32(segmentKinds.count))
        }
        self.patternSegments = patternSegments
        self.segmentKinds = segmentKinds
        self.literalStarts = literalStarts
        self.literalBytes = literalBytes
        var bucketOffsets: [Int32] = [0]
        var bucketPatterns: [Int32] = []
        for bucket in buckets {
            bucketPatterns.append(contentsOf: bucket)
            bucketOffsets.append(Int32(bucketPatterns.count))
        }
        self.bucketOffsets = bucketOffsets
        self.bucketPatterns = bucketPatterns
        wildFirstPatterns = wildFirst

        hasDenyRules = !denyRules.isEmpty
        hasPatternAllowRules = patternAllow.first != patternAllow.last
        hasPatternDenyRules = patternDeny.first != patternDeny.last
        usesPurposes = !purposeIDs.isEmpty
    }

    /// Rules sorted by (group, action, subject) and each group's start; `groupCount + 1` offsets.
    private static func grouped(_ rules: [(group: Int, rule: CompiledRule)], groupCount: Int) -> ([CompiledRule], [Int32]) {
        let sorted = rules.sorted { lhs, rhs in
            if lhs.group != rhs.group { return lhs.group < rhs.group }
            if lhs.rule.action != rhs.rule.action { return lhs.rule.action < rhs.rule.action }
            if lhs.rule.subject != rhs.rule.subject { return lhs.rule.subject < rhs.rule.subject }
            return lhs.rule.source < rhs.rule.source
        }
        var offsets = [Int32](repeating: 0, count: groupCount + 1)
        for entry in sorted { offsets[entry.group + 1] += 1 }
        for index in 0..<groupCount { offsets[index + 1] += offsets[index] }
        return (sorted.map(\.rule), offsets)
    }

    // MARK: Resolving

    /// The run of effective roles for principal `p` in a request's tenant, or an empty range.
    @inline(__always)
    func scope(of principal: Int, tenant: Int32) -> Range<Int> {
        let first = Int(scopeOffsets[principal])
        let end = Int(scopeOffsets[principal + 1])
        guard first < end else { return 0..<0 }
        if tenant >= 0 {
            for scope in first..<end where scopeTenants[scope] == tenant {
                return Int(scopeStarts[scope])..<Int(scopeEnds[scope])
            }
        }
        guard scopeTenants[first] == -1 else { return 0..<0 }
        return Int(scopeStarts[first])..<Int(scopeEnds[first])
    }

    @inline(__always)
    func resolve(principal: Int, action: AccessAction, purpose: PurposeID?, tenant: TenantID?) -> ResolvedRequest {
        var actionIndex = Int32(truncatingIfNeeded: actions.index(of: action.rawValue))
        if actionIndex < 0 { actionIndex = -2 }
        var tenantIndex: Int32 = -1
        if let tenant {
            let index = tenants.index(of: tenant.rawValue)
            tenantIndex = index < 0 ? -2 : Int32(truncatingIfNeeded: index)
        }
        var purposeIndex: Int32 = -1
        if usesPurposes, let purpose { purposeIndex = Int32(truncatingIfNeeded: purposes.index(of: purpose.rawValue)) }
        return ResolvedRequest(
            action: actionIndex, tenant: tenantIndex, purpose: purposeIndex,
            principalSubject: -Int32(truncatingIfNeeded: principal) - 1)
    }

    // MARK: Deciding

    /// Whether the principal's roles `allowing` reach an allow rule for the
    /// request and nothing in `denying` (or the principal itself) is refused.
    func decide(_ request: ResolvedRequest, resource: String, allowing: Range<Int>, denying: Range<Int>) -> Bool {
        effectiveRoles.withUnsafeBufferPointer { all in
            decide(
                request, resource: resource, allowing: UnsafeBufferPointer(rebasing: all[allowing]),
                denying: UnsafeBufferPointer(rebasing: all[denying]))
        }
    }

    /// As above, with explicit sorted role-index buffers.
    func decide(
        _ request: ResolvedRequest, resource: String, allowing: UnsafeBufferPointer<Int32>, denying: UnsafeBufferPointer<Int32>
    ) -> Bool {
        withContiguousUTF8(resource) { bytes in
            let literal = resources.index(ofBytes: bytes)
            if hasDenyRules && denied(request, resource, bytes, literal: literal, roles: denying) { return false }
            guard !allowing.isEmpty else { return false }
            if literal >= 0,
                firstMatch(
                    allowRules, Int(literalAllow[literal]), Int(literalAllow[literal + 1]), request, roles: allowing,
                    principal: false) >= 0
            {
                return true
            }
            if hasPatternAllowRules {
                return anyPattern(resource, bytes) { pattern in
                    firstMatch(
                        allowRules, Int(patternAllow[pattern]), Int(patternAllow[pattern + 1]), request, roles: allowing,
                        principal: false) >= 0
                }
            }
            return false
        }
    }

    /// Whether a deny rule refuses the request to the principal or one of `roles`.
    @inline(__always)
    func denied(
        _ request: ResolvedRequest, _ resource: String, _ bytes: UnsafeRawBufferPointer, literal: Int,
        roles: UnsafeBufferPointer<Int32>
    ) -> Bool {
        if literal >= 0,
            firstMatch(denyRules, Int(literalDeny[literal]), Int(literalDeny[literal + 1]), request, roles: roles, principal: true)
                >= 0
        {
            return true
        }
        guard hasPatternDenyRules else { return false }
        return anyPattern(resource, bytes) { pattern in
            firstMatch(denyRules, Int(patternDeny[pattern]), Int(patternDeny[pattern + 1]), request, roles: roles, principal: true)
                >= 0
        }
    }

    /// The permissions (indices into ``permissionList``) through which
    /// `allowing` reach the request, unless a deny rule refuses it to
    /// `denying` or the principal; empty when refused.
    func allowingPermissions(
        _ request: ResolvedRequest, resource: String, allowing: UnsafeBufferPointer<Int32>, denying: UnsafeBufferPointer<Int32>
    ) -> [Int] {
        withContiguousUTF8(resource) { bytes in
            let literal = resources.index(ofBytes: bytes)
            if hasDenyRules && denied(request, resource, bytes, literal: literal, roles: denying) { return [] }
            var found: [Int] = []
            if literal >= 0 {
                allMatches(
                    allowRules, Int(literalAllow[literal]), Int(literalAllow[literal + 1]), request, roles: allowing, into: &found)
            }
            if hasPatternAllowRules {
                _ = anyPattern(resource, bytes) { pattern in
                    allMatches(
                        allowRules, Int(patternAllow[pattern]), Int(patternAllow[pattern + 1]), request, roles: allowing,
                        into: &found)
                    return false
                }
            }
            return found.map { Int(allowRules[$0].source) }
        }
    }

    /// Calls `body` for each pattern that matches `resource` until it returns true.
    @inline(__always)
    func anyPattern(_ resource: String, _ bytes: UnsafeRawBufferPointer, _ body: (Int) -> Bool) -> Bool {
        for pattern in wildFirstPatterns where matches(Int(pattern), bytes) {
            if body(Int(pattern)) { return true }
        }
        guard firstSegments.count > 0 else { return false }
        var end = 0
        while end < bytes.count && bytes[end] != UInt8(ascii: "/") { end += 1 }
        let bucket = firstSegments.index(ofBytes: UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
        guard bucket >= 0 else { return false }
        for index in Int(bucketOffsets[bucket])..<Int(bucketOffsets[bucket + 1]) {
            let pattern = Int(bucketPatterns[index])
            if matches(pattern, bytes), body(pattern) { return true }
        }
        return false
    }

    /// Whether pattern `pattern` matches the resource's bytes; the same
    /// answer as ``ResourcePattern/matches(_:)``.
    @inline(__always)
    func matches(_ pattern: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        // `position == count + 1` once the last segment of the resource is consumed.
        var position = 0
        for segment in Int(patternSegments[pattern])..<Int(patternSegments[pattern + 1]) {
            let kind = segmentKinds[segment]
            if kind == 2 { return true }
            guard position <= count else { return false }
            var end = position
            while end < count && bytes[end] != UInt8(ascii: "/") { end += 1 }
            if kind == 0 {
                let start = Int(literalStarts[segment])
                let length = Int(literalStarts[segment + 1]) - start
                guard end - position == length else { return false }
                let equal = literalBytes.withUnsafeBytes { literal in
                    IdentifierTable.equal(
                        UnsafeRawBufferPointer(rebasing: literal[start..<(start + length)]),
                        UnsafeRawBufferPointer(rebasing: bytes[position..<end]))
                }
                guard equal else { return false }
            } else if end == position {
                return false
            }
            position = end + 1
        }
        return position == count + 1
    }

    /// The first rule in `rules[lo..<hi]` that matches the request for one of
    /// `roles` (or, when `principal`, the principal itself); -1 when none.
    @inline(__always)
    func firstMatch(
        _ rules: [CompiledRule], _ lo: Int, _ hi: Int, _ request: ResolvedRequest, roles: UnsafeBufferPointer<Int32>,
        principal: Bool
    ) -> Int {
        guard lo < hi else { return -1 }
        return rules.withUnsafeBufferPointer { rules in
            // Wildcard-action rules sort first (action 0).
            let wildcardEnd = Self.actionBound(rules, lo, hi, 1)
            if lo < wildcardEnd {
                let found = matchBlock(rules, lo, wildcardEnd, request, roles: roles, principal: principal)
                if found >= 0 { return found }
            }
            guard request.action > 0 else { return -1 }
            let start = Self.actionBound(rules, wildcardEnd, hi, request.action)
            let end = Self.actionBound(rules, start, hi, request.action + 1)
            guard start < end else { return -1 }
            return matchBlock(rules, start, end, request, roles: roles, principal: principal)
        }
    }

    /// Every rule in `rules[lo..<hi]` matching the request for one of `roles`, by index.
    func allMatches(
        _ rules: [CompiledRule], _ lo: Int, _ hi: Int, _ request: ResolvedRequest, roles: UnsafeBufferPointer<Int32>,
        into found: inout [Int]
    ) {
        for index in lo..<hi {
            let rule = rules[index]
            guard rule.action == 0 || rule.action == request.action, admits(rule, request),
                Self.contains(roles, rule.subject)
            else { continue }
            found.append(index)
        }
    }

    /// The first index in `lo..<hi` whose action is at least `action`.
    @inline(__always)
    static func actionBound(_ rules: UnsafeBufferPointer<CompiledRule>, _ lo: Int, _ hi: Int, _ action: Int32) -> Int {
        var low = lo
        var high = hi
        while low < high {
            let middle = (low + high) >> 1
            if rules[middle].action < action { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Searches one action block, sorted by subject.
    @inline(__always)
    func matchBlock(
        _ rules: UnsafeBufferPointer<CompiledRule>, _ lo: Int, _ hi: Int, _ request: ResolvedRequest,
        roles: UnsafeBufferPointer<Int32>, principal: Bool
    ) -> Int {
        if principal {
            let found = matchSubject(rules, lo, hi, request.principalSubject, request)
            if found >= 0 { return found }
        }
        if roles.count <= hi - lo {
            for role in roles {
                let found = matchSubject(rules, lo, hi, role, request)
                if found >= 0 { return found }
            }
        } else {
            for index in lo..<hi {
                let rule = rules[index]
                if rule.subject >= 0, Self.contains(roles, rule.subject), admits(rule, request) { return index }
            }
        }
        return -1
    }

    /// The first rule of `subject` in a block that admits the request's tenant and purpose.
    @inline(__always)
    func matchSubject(
        _ rules: UnsafeBufferPointer<CompiledRule>, _ lo: Int, _ hi: Int, _ subject: Int32, _ request: ResolvedRequest
    ) -> Int {
        var low = lo
        var high = hi
        while low < high {
            let middle = (low + high) >> 1
            if rules[middle].subject < subject { low = middle + 1 } else { high = middle }
        }
        while low < hi && rules[low].subject == subject {
            if admits(rules[low], request) { return low }
            low += 1
        }
        return -1
    }

    @inline(__always)
    func admits(_ rule: CompiledRule, _ request: ResolvedRequest) -> Bool {
        if rule.tenant >= 0 && rule.tenant != request.tenant { return false }
        if rule.purposeStart >= 0 {
            guard request.purpose >= 0 else { return false }
            return purposeSets.withUnsafeBufferPointer { sets in
                Self.contains(
                    UnsafeBufferPointer(rebasing: sets[Int(rule.purposeStart)..<Int(rule.purposeEnd)]), request.purpose)
            }
        }
        return true
    }

    /// Binary search in a sorted buffer.
    @inline(__always)
    static func contains(_ sorted: UnsafeBufferPointer<Int32>, _ value: Int32) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) >> 1
            let element = sorted[middle]
            if element == value { return true }
            if element < value { low = middle + 1 } else { high = middle }
        }
        return false
    }

    // MARK: Roles

    /// The sorted closure of `roots` under inheritance.
    func closure(of roots: [Int32]) -> [Int32] {
        var seen = Set<Int32>()
        var stack = roots
        while let role = stack.popLast() {
            guard seen.insert(role).inserted else { continue }
            for index in Int(juniorOffsets[Int(role)])..<Int(juniorOffsets[Int(role) + 1]) {
                stack.append(juniorTargets[index])
            }
        }
        return seen.sorted()
    }
}
