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
public protocol ValidatedIdentifier: Hashable, Comparable, Sendable, StringRepresentable, CustomStringConvertible
where ValidationFailure == ValidationError {
    /// The identifier as given.
    var rawValue: String { get }

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    init(_ rawValue: String) throws(ValidationError)
}

extension ValidatedIdentifier {


    /// Equal when the raw values have the same UTF-8 bytes.
    /// Cost: a 16-byte compare for short ids (stored inline) or the same
    /// string object, else one `memcmp`-like pass.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        // Identical representations hold identical bytes: covers every id of
        // up to 15 UTF-8 bytes, which Swift stores inline, and shared storage.
        let identical = withUnsafeBytes(of: lhs.rawValue) { left in
            withUnsafeBytes(of: rhs.rawValue) { right in bytesEqual(left, right) }
        }
        if identical { return true }
        var left = lhs.rawValue
        var right = rhs.rawValue
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                bytesEqual(UnsafeRawBufferPointer(leftBytes), UnsafeRawBufferPointer(rightBytes))
            }
        }
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

/// Whether two buffers hold the same bytes, compared eight at a time
/// (the generic `elementsEqual` goes byte by byte through an iterator).
@inline(__always)
func bytesEqual(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
    guard left.count == right.count else { return false }
    var offset = 0
    while offset + 8 <= left.count {
        if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        {
            return false
        }
        offset += 8
    }
    while offset < left.count {
        if left[offset] != right[offset] { return false }
        offset += 1
    }
    return true
}
