/// An append-only RFC 9162 Merkle tree kept in memory, level by level.
///
/// Level 0 holds the leaf hashes; level `k` holds the hash of every complete,
/// aligned subtree of `2^k` leaves. Appending a leaf adds it to level 0 and
/// completes at most one node per level it closes: one node hash on average,
/// never a rebuild. Any root, inclusion proof or consistency proof, for the
/// current size or any earlier one, is then O(log n) array lookups plus at most
/// O(log n) node hashes for the one incomplete subtree on the right border.
///
/// Memory: about two hashes (64 bytes) per leaf. A value type; copying shares
/// storage until one copy is mutated (then the whole tree is copied once).
public struct MerkleTree: Sendable {
    // levels[k][i] is the root of leaves [i·2^k, (i+1)·2^k).
    private var levels: [[MerkleHash]] = [[]]

    /// An empty tree.
    public init() {}

    /// A tree over `leafHashes`, in order. Cost: about one node hash per leaf.
    public init(leafHashes: some Sequence<MerkleHash>) {
        for leafHash in leafHashes { append(leafHash: leafHash) }
    }

    /// The number of leaves.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// Appends a leaf hash and returns its index. Amortized cost: one node hash.
    @discardableResult
    public mutating func append(leafHash: MerkleHash) -> UInt64 {
        let index = levels[0].count
        levels[0].append(leafHash)
        var node = leafHash
        var position = index
        var level = 0
        // A right child completes its parent; keep climbing while it does.
        while position & 1 == 1 {
            node = MerkleHash.node(levels[level][position - 1], node)
            level += 1
            position >>= 1
            if levels.count == level { levels.append([]) }
            levels[level].append(node)
        }
        return UInt64(index)
    }

    /// Appends the leaf for `data` (``MerkleHash/leaf(_:)``) and returns its index.
    @discardableResult
    public mutating func append(leafData data: some Sequence<UInt8>) -> UInt64 {
        append(leafHash: MerkleHash.leaf(data))
    }

    /// Reserves room for `count` leaves in total, so appends up to that size
    /// do not reallocate.
    public mutating func reserveCapacity(_ count: Int) {
        var levelCount = count
        var level = 0
        while levelCount > 0 {
            if levels.count == level { levels.append([]) }
            levels[level].reserveCapacity(levelCount)
            levelCount >>= 1
            level += 1
        }
    }

    /// The leaf hash at `index`.
    /// - Throws: ``AuditError`` `.indexOutOfRange` when `index >= size`.
    public func leafHash(at index: UInt64) throws(AuditError) -> MerkleHash {
        guard index < size else { throw .indexOutOfRange("leaf index", index, size: size) }
        return levels[0][Int(index)]
    }

    /// The leaf hashes with indices in `range`, copied out.
    /// - Throws: ``AuditError`` `.indexOutOfRange` when `range` reaches past ``size``.
    public func leafHashes(in range: Range<UInt64>) throws(AuditError) -> [MerkleHash] {
        guard range.upperBound <= size else { throw .indexOutOfRange("leaf range end", range.upperBound, size: size) }
        return Array(levels[0][Int(range.lowerBound)..<Int(range.upperBound)])
    }

    /// The first index below `limit` whose leaf hash is `leafHash`. Linear scan.
    func firstIndex(ofLeafHash leafHash: MerkleHash, below limit: UInt64) -> UInt64? {
        let end = Int(min(limit, size))
        return levels[0][..<end].firstIndex(of: leafHash).map { UInt64($0) }
    }

    /// The root hash over all leaves (``MerkleHash/emptyTree`` when empty).
    public var rootHash: MerkleHash {
        levels[0].isEmpty ? MerkleHash.emptyTree : subtreeHash(start: 0, count: levels[0].count)
    }

    /// The root hash the tree had when it held its first `treeSize` leaves.
    /// Cost: at most one node hash per set bit of `treeSize`.
    /// - Throws: ``AuditError`` `.invalidTreeSize` when `treeSize > size`.
    public func rootHash(atSize treeSize: UInt64) throws(AuditError) -> MerkleHash {
        try checkSize(treeSize, "tree size")
        return treeSize == 0 ? MerkleHash.emptyTree : subtreeHash(start: 0, count: Int(treeSize))
    }

    /// The inclusion proof for leaf `index` in the tree of its first
    /// `treeSize` leaves (the current size when `nil`), per RFC 9162 §2.1.3.1.
    /// - Throws: ``AuditError`` `.invalidTreeSize` when `treeSize > size`,
    ///   `.indexOutOfRange` when `index >= treeSize`.
    public func inclusionProof(forLeafAt index: UInt64, treeSize: UInt64? = nil) throws(AuditError) -> InclusionProof {
        let treeSize = treeSize ?? size
        try checkSize(treeSize, "tree size")
        guard index < treeSize else { throw .indexOutOfRange("leaf index", index, size: treeSize) }

        // PATH(m, D[start..<start+count]): descend from the root, recording the
        // sibling of the half that holds the leaf, then reverse to leaf-first order.
        var hashes: [MerkleHash] = []
        hashes.reserveCapacity(UInt64.bitWidth - treeSize.leadingZeroBitCount)
        var leaf = Int(index)
        var start = 0
        var count = Int(treeSize)
        while count > 1 {
            let split = Self.largestPowerOfTwo(below: count)
            if leaf < split {
                hashes.append(subtreeHash(start: start + split, count: count - split))
                count = split
            } else {
                hashes.append(subtreeHash(start: start, count: split))
                start += split
                leaf -= split
                count -= split
            }
        }
        hashes.reverse()
        return InclusionProof(leafIndex: index, treeSize: treeSize, hashes: hashes)
    }

    /// The consistency proof from the tree of the first `oldSize` leaves to the
    /// tree of the first `newSize` leaves (the current size when `nil`), per
    /// RFC 9162 §2.1.4.1. Equal sizes give an empty proof.
    /// - Throws: ``AuditError`` `.invalidTreeSize` when `oldSize` is 0, above
    ///   `newSize`, or `newSize > size`.
    public func consistencyProof(fromSize oldSize: UInt64, toSize newSize: UInt64? = nil) throws(AuditError) -> ConsistencyProof {
        let newSize = newSize ?? size
        try checkSize(newSize, "new tree size")
        guard oldSize > 0 else {
            throw .invalidTreeSize("a consistency proof from size 0 proves nothing and is not produced")
        }
        guard oldSize <= newSize else {
            throw .invalidTreeSize("old size \(oldSize) is larger than new size \(newSize)")
        }

        // SUBPROOF(m, D[start..<start+count], b), unrolled.
        var hashes: [MerkleHash] = []
        var old = Int(oldSize)
        var start = 0
        var count = Int(newSize)
        var oldIsWholeSubtree = true
        while old != count {
            let split = Self.largestPowerOfTwo(below: count)
            if old <= split {
                hashes.append(subtreeHash(start: start + split, count: count - split))
                count = split
            } else {
                hashes.append(subtreeHash(start: start, count: split))
                start += split
                old -= split
                count -= split
                oldIsWholeSubtree = false
            }
        }
        if !oldIsWholeSubtree {
            hashes.append(subtreeHash(start: start, count: count))
        }
        hashes.reverse()
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: hashes)
    }

    // MARK: Internals

    private func checkSize(_ treeSize: UInt64, _ what: String) throws(AuditError) {
        guard treeSize <= size else {
            throw .invalidTreeSize("\(what) \(treeSize) is larger than the tree, which has \(size) leaves")
        }
    }

    /// The Merkle Tree Hash of leaves `start ..< start + count` (count ≥ 1),
    /// where `start` is a multiple of the largest power of two ≤ `count`, as
    /// every range in RFC 9162's recursion is. The range splits into complete
    /// subtrees, one per set bit of `count`, largest first; they are folded
    /// from the right.
    private func subtreeHash(start: Int, count: Int) -> MerkleHash {
        var accumulator: MerkleHash?
        var remaining = count
        while remaining != 0 {
            let level = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            // The subtree for this bit starts after all the larger ones.
            let subtree = levels[level][(start + remaining) >> level]
            if let right = accumulator {
                accumulator = MerkleHash.node(subtree, right)
            } else {
                accumulator = subtree
            }
        }
        return accumulator ?? MerkleHash.emptyTree
    }

    /// The roots of the complete subtrees that cover the first `treeSize`
    /// leaves (one per set bit, largest first): the tree's "compact range".
    /// Lookups only, no hashing. `treeSize` must not exceed ``size``.
    func peaks(forSize treeSize: UInt64) -> [MerkleHash] {
        var peaks: [MerkleHash] = []
        peaks.reserveCapacity(treeSize.nonzeroBitCount)
        var start = 0
        var remaining = treeSize
        while remaining != 0 {
            let level = UInt64.bitWidth - 1 - remaining.leadingZeroBitCount
            peaks.append(levels[level][start >> level])
            start += 1 << level
            remaining ^= UInt64(1) << UInt64(level)
        }
        return peaks
    }

    /// The root over a compact range from ``peaks(forSize:)``: folded from the right.
    static func rootHash(fromPeaks peaks: [MerkleHash]) -> MerkleHash {
        guard var accumulator = peaks.last else { return MerkleHash.emptyTree }
        for peak in peaks.dropLast().reversed() {
            accumulator = MerkleHash.node(peak, accumulator)
        }
        return accumulator
    }

    /// The largest power of two strictly below `count` (count ≥ 2).
    private static func largestPowerOfTwo(below count: Int) -> Int {
        1 << (Int.bitWidth - 1 - (count - 1).leadingZeroBitCount)
    }
}
