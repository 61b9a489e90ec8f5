/// What ``MinimizationPlan/strip(_:)`` kept of a payload, and
/// what it dropped.
public struct MinimizedPayload: Hashable, Sendable, CustomStringConvertible {
    /// The payload with only the allowed fields: always a sub-tree of the
    /// input (the same members with the same values, minus dropped ones),
    /// and the input itself, shared rather than copied, when nothing was dropped.
    public let kept: JSONValue

    /// The record of dropped members, turned into paths only when asked.
    let trail: MinimizationTrail

    init(kept: JSONValue, trail: MinimizationTrail) {
        self.kept = kept
        self.trail = trail
    }

    /// Whether nothing was dropped, so ``kept`` is the input (for an
    /// `Encodable`, its whole encoding). O(1).
    public var isUnchanged: Bool { trail.entries.isEmpty }

    /// The paths of the dropped fields, sorted, each once: array elements
    /// share their array's path, so `orders.price` stands for the price of
    /// every order. A dropped field's subtree is not listed below it.
    ///
    /// Member names that are not valid ``FieldPath`` segments (such as
    /// `"first name"`) appear verbatim, so the path names what was dropped;
    /// such a path prints and compares, but ``FieldPath/init(_:)`` would not
    /// parse its ``FieldPath/rawValue`` back.
    ///
    /// Computed on each access from a compact record the minimizer keeps,
    /// so that stripping stays cheap: O(d log d) for d dropped members.
    public var dropped: [FieldPath] { trail.paths() }

    /// Decodes ``kept`` into a type narrower than the payload, with
    /// ``JSONValueDecoder``.
    /// - Throws: `DecodingError` when the kept fields do not fit `type`.
    public func decode<T: Decodable>(_ type: T.Type, using decoder: JSONValueDecoder = JSONValueDecoder()) throws -> T {
        try decoder.decode(type, from: kept)
    }

    /// Results are equal when they kept the same value and dropped the same paths.
    public static func == (lhs: MinimizedPayload, rhs: MinimizedPayload) -> Bool {
        lhs.kept == rhs.kept && lhs.dropped == rhs.dropped
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kept)
        hasher.combine(dropped)
    }

    /// The names of the kept top-level members and the dropped paths, safe
    /// to log: it shows no value, kept or dropped (kept values are personal
    /// data too; print ``kept`` deliberately if you must).
    public var description: String {
        let keptNames = kept.objectValue.map { $0.keys.sorted().joined(separator: ", ") } ?? kept.typeName
        return "MinimizedPayload(kept: [\(keptNames)], dropped: [\(dropped.map(\.rawValue).joined(separator: ", "))])"
    }
}
