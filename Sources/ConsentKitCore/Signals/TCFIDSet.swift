/// A set of small TCF identifiers (1...64): purposes, special features or a
/// publisher's custom purposes.
///
/// One machine word, so copying, comparing and `contains` never allocate.
/// Iterates in ascending order.
public struct TCFIDSet: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// The largest identifier a set can hold.
    public static let maximumID = 64

    /// Bit `id - 1` is set for each member.
    public private(set) var bitmask: UInt64

    /// The empty set.
    public init() { bitmask = 0 }

    /// A set from its bitmask, bit `id - 1` standing for `id`.
    public init(bitmask: UInt64) { self.bitmask = bitmask }

    /// A set of the given identifiers.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` when an identifier is outside 1...64.
    public init(_ ids: some Sequence<Int>) throws(ValidationError) {
        var mask: UInt64 = 0
        for id in ids {
            guard (1...Self.maximumID).contains(id) else {
                throw ValidationError(
                    code: .invalidFormat, kind: "TCFIDSet", message: "identifier \(id) is outside 1...\(Self.maximumID)"
                )
            }
            mask |= 1 &<< UInt64(id - 1)
        }
        bitmask = mask
    }

    /// Whether `id` is a member; `false` for any identifier outside 1...64.
    @inline(__always)
    public func contains(_ id: Int) -> Bool {
        guard id >= 1, id <= Self.maximumID else { return false }
        return bitmask & (1 &<< UInt64(id - 1)) != 0
    }

    /// The number of members.
    public var count: Int { bitmask.nonzeroBitCount }

    /// Whether the set is empty.
    public var isEmpty: Bool { bitmask == 0 }

    /// The largest member, or 0 for the empty set.
    public var highestID: Int { Self.maximumID - bitmask.leadingZeroBitCount }

    /// Adds `id` when it is in 1...64; returns whether it was added.
    @discardableResult
    public mutating func insert(_ id: Int) -> Bool {
        guard id >= 1, id <= Self.maximumID, !contains(id) else { return false }
        bitmask |= 1 &<< UInt64(id - 1)
        return true
    }

    /// Removes `id`; returns whether it was a member.
    @discardableResult
    public mutating func remove(_ id: Int) -> Bool {
        guard contains(id) else { return false }
        bitmask &= ~(1 &<< UInt64(id - 1))
        return true
    }

    /// The members in `self` but not in `other`.
    public func subtracting(_ other: TCFIDSet) -> TCFIDSet { TCFIDSet(bitmask: bitmask & ~other.bitmask) }

    /// Iterates the members in ascending order.
    public struct Iterator: IteratorProtocol, Sendable {
        var remaining: UInt64

        /// The next member, or `nil` after the largest.
        public mutating func next() -> Int? {
            guard remaining != 0 else { return nil }
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            return bit + 1
        }
    }

    /// Iterates the members in ascending order.
    public func makeIterator() -> Iterator { Iterator(remaining: bitmask) }

    /// The members, for example `[1, 3, 4]`.
    public var description: String { "[" + map(String.init).joined(separator: ", ") + "]" }
}

extension TCFIDSet {
    /// The set of members among the first `width` bits read MSB-first: the
    /// first bit read is ID 1. `raw` holds those bits right-aligned.
    init(fieldBits raw: UInt64, width: Int) {
        // Bit (width - id) of `raw` stands for `id`: reverse into bit (id - 1).
        var mask: UInt64 = 0
        var remaining = raw
        while remaining != 0 {
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining &- 1
            mask |= 1 &<< UInt64(width - 1 - bit)
        }
        bitmask = mask
    }

    /// The first `width` IDs as right-aligned MSB-first field bits (ID 1 first).
    func fieldBits(width: Int) -> UInt64 {
        var raw: UInt64 = 0
        for id in self where id <= width {
            raw |= 1 &<< UInt64(width - id)
        }
        return raw
    }
}
