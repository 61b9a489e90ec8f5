/// A string identifier checked once, on construction, so every later use can
/// trust it: not empty, at most 256 UTF-8 bytes, no control characters.
///
/// Conforming types get `Codable` (a single string, validated on decode),
/// equality, hashing and ordering by the raw value's UTF-8 bytes, and a
/// `description` that is the raw value.
///
/// Byte equality, not Swift's canonical string equivalence: an id stored in
/// NFC and one in NFD are different ids, exactly as in a database keyed by
/// bytes, so an in-memory store and a SQL adapter always agree.
public protocol ValidatedIdentifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The identifier as given.
    var rawValue: String { get }

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    init(_ rawValue: String) throws(ValidationError)
}

extension ValidatedIdentifier {
    /// Decodes a single string and validates it like `init(_:)`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the identifier as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Equal when the raw values have the same UTF-8 bytes.
    /// Cost: one `memcmp` for native strings.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        let fast = lhs.rawValue.utf8.withContiguousStorageIfAvailable { left in
            rhs.rawValue.utf8.withContiguousStorageIfAvailable { right in
                left.count == right.count
                    && (left.isEmpty || memcmpBytes(left.baseAddress, right.baseAddress, left.count))
            }
        }
        if let fast, let result = fast { return result }
        return lhs.rawValue.utf8.elementsEqual(rhs.rawValue.utf8)
    }

    /// Hashes the raw value's UTF-8 bytes in one call.
    public func hash(into hasher: inout Hasher) {
        let hashed: Void? = rawValue.utf8.withContiguousStorageIfAvailable { bytes in
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        }
        if hashed == nil {
            var copy = rawValue
            copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        hasher.combine(rawValue.utf8.count)
    }

    /// Orders by the raw value's UTF-8 bytes (the order of a byte-keyed index).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// The raw value.
    public var description: String { rawValue }
}

/// Byte equality of two equally long buffers.
@inline(__always)
private func memcmpBytes(_ left: UnsafePointer<UInt8>?, _ right: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
    guard let left, let right else { return count == 0 }
    return UnsafeRawBufferPointer(start: left, count: count).elementsEqual(UnsafeRawBufferPointer(start: right, count: count))
}
