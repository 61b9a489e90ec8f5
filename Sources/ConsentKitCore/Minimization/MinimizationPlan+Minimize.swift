extension MinimizationPlan {
    /// Keeps the allowed fields of `payload` and drops the rest.
    ///
    /// The whole payload is checked against ``limits``, dropped parts
    /// included. When nothing is dropped, ``MinimizedPayload/kept`` is
    /// `payload` itself, with no copy.
    ///
    /// - Throws: ``MinimizationError`` `.wrongType` when the root is not an
    ///   object or an allowed path meets a scalar where it continues;
    ///   `.tooDeep` or `.tooLarge` past ``limits``.
    /// - Complexity: O(n) in the members of the payload; no member name is
    ///   hashed to find its rule, a kept one is hashed once into its copy;
    ///   allocates the copies of changed objects and arrays and the record
    ///   of dropped members, nothing else.
    public func strip(_ payload: JSONValue) throws(MinimizationError) -> MinimizedPayload {
        var walk = MinimizationWalk(plan: self, building: true)
        let kept = try walk.run(payload)
        return MinimizedPayload(kept: kept, trail: walk.trail)
    }

    /// Returns `payload` unchanged when every field in it is allowed.
    ///
    /// - Throws: ``MinimizationError`` `.fieldsNotAllowed` listing every
    ///   field that strip mode would drop, sorted; and the errors of
    ///   ``strip(_:)``.
    /// - Complexity: O(n) in the members of the payload; allocates nothing
    ///   when the payload is accepted.
    public func reject(_ payload: JSONValue) throws(MinimizationError) -> JSONValue {
        var walk = MinimizationWalk(plan: self, building: false)
        _ = try walk.run(payload)
        guard walk.trail.count == 0 else {
            throw .fieldsNotAllowed(walk.trail.paths(), purposes: purposes)
        }
        return payload
    }

    /// Encodes `value` as ``JSONValueEncoder`` would, keeping only its
    /// allowed fields.
    ///
    /// Members the plan drops are never encoded: only their names are
    /// recorded, so the cost is that of the kept fields, however wide the
    /// type. The result equals stripping `JSONValueEncoder().encode(value)`
    /// whenever that stays within ``limits``; the limits apply to what is
    /// encoded (nesting is checked while encoding, so a cyclic object graph
    /// stops), and a dropped member counts as one value. `Date`, `Data` and
    /// `URL` are scalars (strings or numbers in JSON).
    ///
    /// Decode the result into the narrow type the purpose works with, with
    /// ``MinimizedPayload/decode(_:using:)``.
    /// - Parameters:
    ///   - value: the value to minimize; it must encode as an object.
    ///   - encoder: the conventions for dates; its depth limit is lowered to
    ///     ``MinimizationLimits/maximumDepth``.
    /// - Throws: ``MinimizationError`` `.encodingFailed` when the value does
    ///   not encode (with the underlying error's description), `.tooDeep`,
    ///   `.tooLarge`, and `.wrongType` as ``strip(_:)``.
    /// - Complexity: the `Encodable` machinery's per-member cost, plus one
    ///   hash per kept member; allocations are the encoders of kept nested
    ///   values, the kept objects and the record of dropped members.
    public func strip<T: Encodable>(
        _ value: T, using encoder: JSONValueEncoder = JSONValueEncoder()
    ) throws(MinimizationError) -> MinimizedPayload {
        try encodeMinimized(value, using: encoder)
    }

    /// Encodes `value` with ``JSONValueEncoder`` and returns it when every
    /// field is allowed.
    /// - Throws: ``MinimizationError`` `.fieldsNotAllowed` listing every extra
    ///   field, sorted, and the errors of ``strip(_:using:)``.
    public func reject<T: Encodable>(
        _ value: T, using encoder: JSONValueEncoder = JSONValueEncoder()
    ) throws(MinimizationError) -> JSONValue {
        let result = try encodeMinimized(value, using: encoder)
        guard result.isUnchanged else { throw .fieldsNotAllowed(result.dropped, purposes: purposes) }
        return result.kept
    }

    /// Parses JSON text within ``limits`` and keeps its allowed fields.
    /// - Throws: ``MinimizationError`` `.malformedJSON`, `.tooLarge` (bytes or
    ///   values) or `.tooDeep` while parsing, and the errors of ``strip(_:)``.
    public func strip(json: some Collection<UInt8>) throws(MinimizationError) -> MinimizedPayload {
        try strip(try JSONValue(parsing: json, limits: limits))
    }

    /// Parses JSON text within ``limits`` and returns it when every field is allowed.
    /// - Throws: ``MinimizationError`` `.fieldsNotAllowed` listing every extra
    ///   field, and the errors of ``strip(json:)``.
    public func reject(json: some Collection<UInt8>) throws(MinimizationError) -> JSONValue {
        try reject(try JSONValue(parsing: json, limits: limits))
    }

    /// Encodes `value` keeping only what the plan allows: dropped members are
    /// never encoded, only recorded.
    private func encodeMinimized<T: Encodable>(
        _ value: T, using encoder: JSONValueEncoder
    ) throws(MinimizationError) -> MinimizedPayload {
        if T.self == JSONValue.self, let json = value as? JSONValue {
            return try strip(json)
        }
        let context = JSONValueEncoding.Context(
            dateStrategy: encoder.dateEncodingStrategy, maximumDepth: min(encoder.maximumDepth, limits.maximumDepth),
            maximumNodeCount: limits.maximumNodeCount, userInfo: encoder.userInfo, automaton: automaton)
        let kept: JSONValue
        do {
            kept = try JSONValueEncoding.encode(value, context: context)
        } catch let error as EncodingError {
            throw Self.minimizationError(error, type: T.self, depthLimit: context.maximumDepth, limits: limits)
        } catch {
            throw MinimizationError(code: .encodingFailed, message: "\(T.self) did not encode: \(error)")
        }
        guard case .object = kept else { throw .rootNotObject(kept) }
        return MinimizedPayload(kept: kept, trail: context.trail)
    }

    private static func minimizationError(
        _ error: EncodingError, type: Any.Type, depthLimit: Int, limits: MinimizationLimits
    ) -> MinimizationError {
        guard case .invalidValue(let marker, let context) = error, let violation = marker as? JSONValueEncoding.Violation
        else {
            return MinimizationError(code: .encodingFailed, message: "\(type) did not encode: \(describe(error))")
        }
        let segments = context.codingPath.filter { $0.intValue == nil }.map(\.stringValue)
        let path = segments.isEmpty ? nil : FieldPath(payloadSegments: segments)
        switch violation {
        case .tooDeep: return .tooDeep(at: path, limit: depthLimit)
        case .tooLarge: return .tooManyNodes(limit: limits.maximumNodeCount)
        case .wrongType(let found):
            let inArray = context.codingPath.last?.intValue != nil
            return .scalarOnPath(path ?? FieldPath(payloadSegments: []), found: found, inArray: inArray)
        case .rootNotObject(let found): return .rootNotObject(found)
        }
    }

    private static func describe(_ error: EncodingError) -> String {
        switch error {
        case .invalidValue(_, let context):
            let path = context.codingPath.isEmpty ? "" : " at \(JSONValueCodingPath.describe(context.codingPath))"
            return context.debugDescription + path
        @unknown default:
            return "\(error)"
        }
    }
}
