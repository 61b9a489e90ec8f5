public import ConsentKitCore

extension MaskingPlan {
    /// Parses JSON text (strict RFC 8259, within `limits`) and masks it, for
    /// records that arrive as bytes from a request body or a queue.
    /// - Throws: ``MaskingError`` `.invalidUTF8` for bytes that are not UTF-8
    ///   inside a string, `.invalidFormat` for malformed JSON, `.tooLarge`
    ///   for text over `limits` (size, depth, value count), and as
    ///   ``mask(_:recordKey:)``.
    public func mask(
        json: some Collection<UInt8>, recordKey: String? = nil, limits: MinimizationLimits = .default
    ) throws(MaskingError) -> JSONValue {
        let record: JSONValue
        do {
            record = try JSONValue(parsing: json, limits: limits)
        } catch {
            switch error.code {
            case .tooLarge, .tooDeep:
                throw MaskingError(code: .tooLarge, message: error.message)
            case .malformedJSON where error.message.contains("UTF-8"):
                throw MaskingError(code: .invalidUTF8, message: error.message)
            default:
                throw MaskingError(code: .invalidFormat, message: error.message)
            }
        }
        return try mask(record, recordKey: recordKey)
    }
}
