/// An immutable open-addressing hash table from byte strings to dense
/// indices `0..<count`, built once when a snapshot compiles.
///
/// Why not `Dictionary<String, Int>`: `String` hashing and equality follow
/// Unicode canonical equivalence, while identifiers and resource patterns
/// compare by bytes; and a lookup here is one seeded hash of the bytes, a
/// probe of a flat array and one byte comparison — no allocation, no
/// retain of the key, no normalization check.
///
/// The hash is seeded per table from the system generator, so the probe
/// sequence of a given key cannot be precomputed by a caller.
struct IdentifierTable: Sendable {
    /// 0 = empty; otherwise the key's high hash bits and `index + 1`.
    private let slots: [UInt64]
    /// Every key's bytes, concatenated in index order.
    private let bytes: [UInt8]
    /// Where key `i` starts in ``bytes``; `count + 1` entries.
    private let offsets: [Int]
    private let mask: Int
    private let seed: UInt64

    /// The number of keys.
    var count: Int { offsets.count - 1 }

    /// Builds a table; `keys` must be distinct byte strings, and key `i` gets index `i`.
    init(keys: [String]) {
        var seed: UInt64 = 0
        var generator = SystemRandomNumberGenerator()
        while seed == 0 { seed = generator.next() }
        self.seed = seed
        var capacity = 8
        while capacity < keys.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(keys.count + 1)
        for key in keys {
            bytes.append(contentsOf: key.utf8)
            offsets.append(bytes.count)
        }
        var slots = [UInt64](repeating: 0, count: capacity)
        bytes.withUnsafeBytes { all in
            for index in 0..<keys.count {
                let key = UnsafeRawBufferPointer(rebasing: all[offsets[index]..<offsets[index + 1]])
                let hash = Self.hash(key, seed: seed)
                var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(index + 1)
            }
        }
        self.slots = slots
        self.bytes = bytes
        self.offsets = offsets
    }

    /// The index of `key`, or -1. Allocation-free for native strings.
    @inline(__always)
    func index(of key: String) -> Int {
        withContiguousUTF8(key) { index(ofBytes: $0) }
    }

    /// The index of the key with exactly these bytes, or -1.
    @inline(__always)
    func index(ofBytes key: UnsafeRawBufferPointer) -> Int {
        let hash = Self.hash(key, seed: seed)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                bytes.withUnsafeBytes { bytes in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return -1 }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                            let start = offsets[index]
                            let stored = UnsafeRawBufferPointer(rebasing: bytes[start..<offsets[index + 1]])
                            if Self.equal(stored, key) { return index }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// A 64-bit mix of the bytes, eight at a time.
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15)
        var offset = 0
        let count = key.count
        while offset + 8 <= count {
            let word = key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        if offset < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                word |= UInt64(key[offset]) << shift
                shift += 8
                offset += 1
            }
            hash = (hash ^ word) &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
        }
        // Final avalanche (the MurmurHash3 finalizer), so both the slot bits
        // and the tag bits depend on every input byte.
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }

    @inline(__always)
    static func equal(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        guard left.count == right.count else { return false }
        var offset = 0
        let count = left.count
        while offset + 8 <= count {
            if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if left[offset] != right[offset] { return false }
            offset += 1
        }
        return true
    }
}

/// Calls `body` with the string's UTF-8 bytes: in place for native strings
/// (no allocation), through a contiguous copy otherwise (bridged strings).
@inline(__always)
func withContiguousUTF8<Result>(_ string: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
    if let result = string.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    var copy = string
    return copy.withUTF8 { body(UnsafeRawBufferPointer($0)) }
}
