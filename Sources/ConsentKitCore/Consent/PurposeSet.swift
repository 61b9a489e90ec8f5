/// A set of catalog purposes as a bitset over ``PurposeHandle``s: membership
/// is one shift and one mask, so decisions can consult it without hashing.
public struct PurposeSet: Hashable, Sendable {
    private var words: [UInt64]

    /// The empty set.
    public init() { words = [] }

    /// A set holding `handles`.
    public init<Handles: Sequence<PurposeHandle>>(_ handles: Handles) {
        words = []
        for handle in handles { insert(handle) }
    }

    /// Adds a purpose.
    public mutating func insert(_ handle: PurposeHandle) {
        let word = handle.index >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(handle.index & 63)
    }

    /// Whether the set holds `handle`. Allocation-free.
    public func contains(_ handle: PurposeHandle) -> Bool {
        let word = handle.index >> 6
        return word < words.count && words[word] & (1 << UInt64(handle.index & 63)) != 0
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
}
