extension JSONValue {
    /// Parses JSON text (RFC 8259, UTF-8) within `limits`.
    ///
    /// Limits are enforced before and while parsing, never after: the byte
    /// count is checked first, and parsing stops at the first value past
    /// ``MinimizationLimits/maximumDepth`` or
    /// ``MinimizationLimits/maximumNodeCount``, so a hostile document costs
    /// no more than the limits allow. Any JSON value is accepted at the top
    /// level; ``MinimizationPlan`` then asks for an object.
    ///
    /// Stricter than RFC 8259 where it protects the caller (I-JSON, RFC 7493):
    /// a key repeated within one object, a lone UTF-16 surrogate escape,
    /// invalid UTF-8 and numbers beyond the range of a double are errors,
    /// not silently resolved.
    ///
    /// - Throws: ``MinimizationError`` `.tooLarge` (bytes or values), `.tooDeep`,
    ///   or `.malformedJSON` naming the byte offset of the problem.
    /// - Complexity: O(n) in the length of the text.
    public init(parsing json: some Collection<UInt8>, limits: MinimizationLimits = .default) throws(MinimizationError) {
        let count = json.count
        guard count <= limits.maximumByteCount else {
            throw .tooManyBytes(count, limit: limits.maximumByteCount)
        }
        let parsed =
            json.withContiguousStorageIfAvailable { buffer in
                var parser = JSONTextParser(bytes: buffer, limits: limits)
                return Result { () throws(MinimizationError) in try parser.parseDocument() }
            } ?? Array(json).withUnsafeBufferPointer { buffer in
                var parser = JSONTextParser(bytes: buffer, limits: limits)
                return Result { () throws(MinimizationError) in try parser.parseDocument() }
            }
        self = try parsed.get()
    }

    /// Parses JSON text given as a string, like the byte-collection overload.
    /// - Throws: ``MinimizationError`` `.tooLarge`, `.tooDeep` or `.malformedJSON`.
    public init(parsing text: String, limits: MinimizationLimits = .default) throws(MinimizationError) {
        try self.init(parsing: Array(text.utf8), limits: limits)
    }
}
