public import ConsentKitCore

/// A pattern over slash-separated resource names: `orders/*`,
/// `customers/{id}/addresses`, `reports/**`.
///
/// A literal segment matches itself, `*` or a named placeholder such as
/// `{id}` matches exactly one segment, and a final `**` matches any number of
/// remaining segments (including none). Matching never allocates.
///
/// `Codable` as the pattern string, parsed again on decode.
public struct ResourcePattern: Hashable, Sendable, StringRepresentable, CustomStringConvertible {
    /// One parsed segment of a pattern.
    public enum Segment: Hashable, Sendable {
        /// Matches this exact text.
        case literal(String)
        /// Matches any one segment; `name` is the placeholder's name, or `nil` for `*`.
        case any(name: String?)
        /// Matches all remaining segments; only valid last.
        case rest
    }

    /// The longest pattern accepted, in UTF-8 bytes.
    public static let maximumByteCount = 512

    /// The parsed segments.
    public let segments: [Segment]
    /// The pattern as written.
    public let rawValue: String

    /// Parses a pattern.
    /// - Throws: ``ResourcePatternError`` for an empty pattern or segment, a
    ///   pattern over 512 bytes, an unbalanced `{`/`}`, or `**` anywhere but last.
    public init(_ pattern: String) throws(ResourcePatternError) {
        guard !pattern.isEmpty else { throw .init(pattern: pattern, reason: "the pattern is empty") }
        guard pattern.utf8.count <= Self.maximumByteCount else {
            throw .init(pattern: pattern, reason: "the pattern is longer than \(Self.maximumByteCount) bytes")
        }
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
        var segments: [Segment] = []
        segments.reserveCapacity(parts.count)
        for (index, part) in parts.enumerated() {
            switch part {
            case "":
                throw .init(pattern: pattern, reason: "segment \(index + 1) is empty")
            case "*":
                segments.append(.any(name: nil))
            case "**":
                guard index == parts.count - 1 else {
                    throw .init(pattern: pattern, reason: "'**' may only be the last segment")
                }
                segments.append(.rest)
            default:
                if part.first == "{" || part.last == "}" {
                    guard part.count > 2, part.first == "{", part.last == "}" else {
                        throw .init(pattern: pattern, reason: "unbalanced placeholder '\(part)' in segment \(index + 1)")
                    }
                    segments.append(.any(name: String(part.dropFirst().dropLast())))
                } else if part.contains("{") || part.contains("}") || part.contains("*") {
                    throw .init(pattern: pattern, reason: "'\(part)' mixes text with a wildcard; use a whole segment")
                } else {
                    segments.append(.literal(String(part)))
                }
            }
        }
        self.segments = segments
        self.rawValue = pattern
    }

    /// Whether `resource` (for example `customers/42/addresses`) matches.
    public func matches(_ resource: String) -> Bool {
        var remaining = resource.utf8[...]
        for (index, segment) in segments.enumerated() {
            if case .rest = segment { return true }
            guard !remaining.isEmpty || index == 0 else { return false }
            let end = remaining.firstIndex(of: UInt8(ascii: "/")) ?? remaining.endIndex
            let part = remaining[..<end]
            switch segment {
            case .literal(let text):
                guard part.elementsEqual(text.utf8) else { return false }
            case .any:
                guard !part.isEmpty else { return false }
            case .rest:
                return true
            }
            if end == remaining.endIndex {
                remaining = remaining[end...]
                // The resource ended: it matches only if the pattern ends here too,
                // or continues with a `**` that may match nothing.
                let next = segments.index(after: index)
                return next == segments.endIndex || (next == segments.endIndex - 1 && segments[next] == .rest)
            }
            remaining = remaining[remaining.index(after: end)...]
        }
        return false
    }

    /// Whether every segment is literal, so the pattern matches exactly one
    /// resource name: its ``rawValue``, byte for byte.
    public var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Equal when the patterns are written with the same UTF-8 bytes, the way
    /// ``matches(_:)`` compares literal segments (no Unicode normalization).
    public static func == (lhs: ResourcePattern, rhs: ResourcePattern) -> Bool {
        lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    /// Hashes the pattern's UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(byte) }
        hasher.combine(rawValue.utf8.count)
    }



    public var description: String { rawValue }
}

/// A resource pattern could not be parsed.
public struct ResourcePatternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The pattern as given.
    public let pattern: String
    /// What is wrong with it.
    public let reason: String

    /// Creates the error.
    public init(pattern: String, reason: String) {
        self.pattern = pattern
        self.reason = reason
    }

    public var description: String { "invalid resource pattern \(pattern.debugDescription): \(reason)" }
}
