/// The rules every ConsentKit identifier shares: not empty, at most
/// ``maximumByteCount`` UTF-8 bytes, no control characters. Any other Unicode
/// is allowed, so customer ids from any system fit unchanged.
enum IdentifierValidation {
    /// The longest identifier accepted, in UTF-8 bytes.
    static let maximumByteCount = 256

    /// Returns `value` unchanged when it is a valid identifier of `kind`.
    /// - Throws: ``ValidationError`` `.empty`, `.tooLong` or `.controlCharacter`.
    static func validate(_ value: String, kind: String) throws(ValidationError) -> String {
        let utf8 = value.utf8
        guard !utf8.isEmpty else { throw .empty(kind) }
        guard utf8.count <= maximumByteCount else {
            throw .tooLong(kind, byteCount: utf8.count, limit: maximumByteCount)
        }
        var offset = 0
        for scalar in value.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                throw .controlCharacter(kind, value: value, offset: offset)
            }
            offset += UTF8.width(scalar)
        }
        return value
    }
}
