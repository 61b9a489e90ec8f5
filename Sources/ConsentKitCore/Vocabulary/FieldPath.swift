/// A dotted path to a field of a record, such as `contact.email` or
/// `payment.card.number`.
///
/// Shared vocabulary: purposes list the field paths they may use
/// (minimization), RBAC grants field paths, masking policies target them.
/// Segments are non-empty and made of letters, digits, `_` and `-`; a `*`
/// segment stands for any one segment in patterns.
public struct FieldPath: Hashable, Comparable, Sendable, StringRepresentable, CustomStringConvertible {
    /// The longest path accepted, in UTF-8 bytes.
    public static let maximumByteCount = 256

    /// The path segments in order, for example `["contact", "email"]`.
    public let segments: [String]

    /// Parses a dotted path.
    /// - Throws: ``ValidationError`` `.empty`, `.tooLong`, `.invalidFormat` (an empty
    ///   segment, as in `a..b`) or `.invalidCharacter`.
    public init(_ path: String) throws(ValidationError) {
        guard !path.isEmpty else { throw .empty("FieldPath") }
        guard path.utf8.count <= Self.maximumByteCount else {
            throw .tooLong("FieldPath", byteCount: path.utf8.count, limit: Self.maximumByteCount)
        }
        var segments: [String] = []
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard !segment.isEmpty else {
                throw ValidationError(
                    code: .invalidFormat, kind: "FieldPath", message: "empty segment in \(path.debugDescription)")
            }
            if segment != "*", let bad = segment.unicodeScalars.first(where: { !Self.isSegmentScalar($0) }) {
                throw ValidationError(
                    code: .invalidCharacter, kind: "FieldPath",
                    message: "character \(String(bad).debugDescription) is not allowed in \(path.debugDescription)")
            }
            segments.append(String(segment))
        }
        self.segments = segments
    }

    /// The dotted form.
    public var rawValue: String { segments.joined(separator: ".") }

    /// Whether this path, read as a pattern where `*` matches any one segment,
    /// matches `other` exactly or is a prefix of it (a grant on `contact`
    /// covers `contact.email`).
    public func covers(_ other: FieldPath) -> Bool {
        guard segments.count <= other.segments.count else { return false }
        for (mine, theirs) in zip(segments, other.segments) where mine != "*" && mine != theirs {
            return false
        }
        return true
    }

    private static func isSegmentScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }



    public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool { lhs.segments.lexicographicallyPrecedes(rhs.segments) }

    public var description: String { rawValue }
}
