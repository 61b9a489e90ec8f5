import ConsentKitCore

/// An access-control request was refused: a policy change, a policy document,
/// a session operation or a store call. Nothing was changed.
///
/// The code is opaque so new kinds can be added without breaking callers:
/// compare `error.code` with the static codes, read `message` for the
/// offending role, principal or rule. An ``Code/invalidPolicy`` error lists
/// every problem found in ``problems``, each an error of its own.
public struct RBACError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A role is not declared in the policy.
        public static let unknownRole = Code("unknownRole")
        /// A principal is not known to the policy.
        public static let unknownPrincipal = Code("unknownPrincipal")
        /// The thing to remove (a permission, an assignment, an inheritance
        /// edge, a deny rule, a separation-of-duty set, an active role) does not exist.
        public static let notFound = Code("notFound")
        /// The thing to add already exists where it must be new (a role created
        /// by `addAscendant`, a separation-of-duty set with the same name).
        public static let duplicate = Code("duplicate")
        /// A role inheritance would make the hierarchy cyclic.
        public static let cycle = Code("cycle")
        /// A static or dynamic separation-of-duty constraint would be violated.
        public static let separationOfDuty = Code("separationOfDuty")
        /// A session asked for a role its principal is not authorized for, or
        /// an operation on a session that is not the principal's.
        public static let notAuthorized = Code("notAuthorized")
        /// An identifier (role, principal, action, purpose, tenant, field,
        /// resource pattern) is malformed.
        public static let invalidIdentifier = Code("invalidIdentifier")
        /// An argument breaks a rule of its type (an empty purpose set, a
        /// separation-of-duty cardinality below 2).
        public static let invalidArgument = Code("invalidArgument")
        /// A policy document is not valid JSON or has the wrong shape.
        public static let malformed = Code("malformed")
        /// A policy document or policy has problems; ``RBACError/problems`` lists every one.
        public static let invalidPolicy = Code("invalidPolicy")
        /// A policy or document is over a limit of ``RBACLimits``.
        public static let tooLarge = Code("tooLarge")
        /// A store's optimistic-concurrency check failed: another writer saved
        /// first. Reload and retry.
        public static let conflict = Code("conflict")
        /// A policy store failed or returned something unusable.
        public static let storeFailure = Code("storeFailure")
        /// An access decision that must be audited could not be written to the audit log.
        public static let auditFailure = Code("auditFailure")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// What was wrong, naming the offending role, principal, rule or location.
    public let message: String
    /// For ``Code/invalidPolicy``: every problem found, in document order; empty otherwise.
    public let problems: [RBACError]

    /// Creates an error; prefer the static factories.
    public init(code: Code, message: String, problems: [RBACError] = []) {
        self.code = code
        self.message = message
        self.problems = problems
    }

    /// `RBACError.code: message`, followed by one line per problem.
    public var description: String {
        var text = "RBACError.\(code): \(message)"
        for problem in problems { text += "\n  - \(problem.code): \(problem.message)" }
        return text
    }

    static func unknownRole(_ role: RoleID) -> RBACError {
        RBACError(code: .unknownRole, message: "role \(role.rawValue.debugDescription) is not declared in the policy")
    }

    static func unknownPrincipal(_ principal: PrincipalID) -> RBACError {
        RBACError(code: .unknownPrincipal, message: "principal \(principal.rawValue.debugDescription) is not known to the policy")
    }

    static func invalidIdentifier(_ message: String) -> RBACError {
        RBACError(code: .invalidIdentifier, message: message)
    }

    static func tooLarge(_ what: String, count: Int, limit: Int) -> RBACError {
        RBACError(code: .tooLarge, message: "\(what): \(count), the limit is \(limit)")
    }

    /// A copy whose message is prefixed with where the problem was found.
    func located(at location: String) -> RBACError {
        RBACError(code: code, message: "\(location): \(message)", problems: problems)
    }
}
