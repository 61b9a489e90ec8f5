/// A payload could not be minimized, or a plan could not be built. The
/// payload and the plan are values: a failed call changed neither, and
/// nothing was kept or stored.
///
/// The code is opaque so new kinds can be added without breaking callers:
/// compare `error.code` with the static codes, read ``fields`` for the paths
/// concerned and ``message`` for a sentence naming them.
public struct MinimizationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Reject mode: the payload holds fields none of the plan's purposes
        /// allows; ``MinimizationError/fields`` lists every one, sorted.
        public static let fieldsNotAllowed = Code("fieldsNotAllowed")
        /// Arrays and objects nest deeper than ``MinimizationLimits/maximumDepth``.
        public static let tooDeep = Code("tooDeep")
        /// The payload has more values than ``MinimizationLimits/maximumNodeCount``
        /// or more bytes than ``MinimizationLimits/maximumByteCount``.
        public static let tooLarge = Code("tooLarge")
        /// A purpose the catalog does not declare.
        public static let unknownPurpose = Code("unknownPurpose")
        /// The payload's shape contradicts the catalog: the root is not an
        /// object, or a value on an allowed path is a scalar where the path
        /// continues (the catalog allows `contact.email`, the payload has
        /// `"contact": "ada@example.com"`).
        public static let wrongType = Code("wrongType")
        /// JSON text that is not valid JSON (RFC 8259), or that repeats a key
        /// within one object.
        public static let malformedJSON = Code("malformedJSON")
        /// An `Encodable` value failed to encode (a non-finite number, an
        /// integer a double cannot hold exactly, or an error of its own).
        public static let encodingFailed = Code("encodingFailed")

        /// The code's name, such as `fieldsNotAllowed`.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// The field paths concerned, sorted: every extra field for
    /// `.fieldsNotAllowed`, the offending field for `.wrongType` and
    /// `.tooDeep` (when it has one), empty otherwise. Array elements share
    /// their array's path (`orders.sku` names `sku` in every order).
    public let fields: [FieldPath]
    /// What was wrong, naming the offending fields or input.
    public let message: String

    /// Creates an error; prefer comparing ``code`` to building errors.
    public init(code: Code, fields: [FieldPath] = [], message: String) {
        self.code = code
        self.fields = fields
        self.message = message
    }

    /// `MinimizationError.<code>: <message>`.
    public var description: String { "MinimizationError.\(code): \(message)" }

    static func fieldsNotAllowed(_ fields: [FieldPath], purposes: [PurposeID]) -> MinimizationError {
        let names = fields.map(\.rawValue).joined(separator: ", ")
        let allowedBy =
            purposes.isEmpty ? "no purpose" : "purpose" + (purposes.count == 1 ? " " : "s ") + purposes.map(\.rawValue).joined(separator: ", ")
        return MinimizationError(
            code: .fieldsNotAllowed, fields: fields,
            message: "\(fields.count) field\(fields.count == 1 ? " is" : "s are") not allowed by \(allowedBy): \(names)")
    }

    static func tooDeep(at path: FieldPath?, limit: Int) -> MinimizationError {
        MinimizationError(
            code: .tooDeep, fields: path.map { [$0] } ?? [],
            message: "arrays and objects nest deeper than \(limit) levels" + (path.map { " at \($0.rawValue)" } ?? ""))
    }

    static func tooManyNodes(limit: Int) -> MinimizationError {
        MinimizationError(code: .tooLarge, message: "the payload has more than \(limit) values")
    }

    static func tooManyBytes(_ count: Int, limit: Int) -> MinimizationError {
        MinimizationError(code: .tooLarge, message: "the JSON text is \(count) bytes; the limit is \(limit)")
    }

    static func unknownPurposes(_ purposes: [PurposeID]) -> MinimizationError {
        MinimizationError(
            code: .unknownPurpose,
            message: "the catalog does not declare "
                + (purposes.count == 1 ? "purpose " : "purposes ")
                + purposes.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
    }

    static func rootNotObject(_ root: JSONValue) -> MinimizationError {
        MinimizationError(code: .wrongType, message: "the payload must be a JSON object, not \(describe(root))")
    }

    static func scalarOnPath(_ path: FieldPath, found: JSONValue, inArray: Bool = false) -> MinimizationError {
        let what = inArray ? "holds \(describe(found)) in an array" : "is \(describe(found))"
        return MinimizationError(
            code: .wrongType, fields: [path],
            message: "\(path.rawValue) \(what), but the catalog allows fields inside it, so it must be an object, an array of objects, or null")
    }

    /// "an array", "a string", "null".
    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .array, .object: "an \(value.typeName)"
        case .bool, .number, .string: "a \(value.typeName)"
        }
    }
}
