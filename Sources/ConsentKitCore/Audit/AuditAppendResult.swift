/// What ``AuditLog/append(_:)`` returns: where the entry landed and the tree
/// head that first includes it.
///
/// The head's root is not hashed during the append: the result captures the
/// roots of the complete subtrees covering entries `0...index` (at most one
/// per bit of the size, lookups only) and folds them when ``treeHead`` is
/// read. An append whose caller only needs the index therefore skips the
/// O(log n) root computation; a caller that needs the head pays it once per read.
public struct AuditAppendResult: Hashable, Sendable {
    /// The entry's index in the log.
    public let index: UInt64
    /// The entry as appended.
    public let entry: AuditEntry
    /// When the append completed, in whole milliseconds since 1970-01-01T00:00:00Z.
    public let timestampMilliseconds: Int64
    // Roots of the complete subtrees covering entries 0...index, largest first.
    private let peaks: [MerkleHash]

    init(index: UInt64, entry: AuditEntry, timestampMilliseconds: Int64, peaks: [MerkleHash]) {
        self.index = index
        self.entry = entry
        self.timestampMilliseconds = timestampMilliseconds
        self.peaks = peaks
    }

    /// The head of the log right after this entry: size `index + 1`, root
    /// committing to this entry and every one before it, time of the append.
    ///
    /// Cost: one node hash per set bit of `index + 1`, on every read (about
    /// 10 at a million entries); keep it in a local if you need it twice.
    public var treeHead: TreeHead {
        TreeHead(
            size: index + 1, rootHash: MerkleTree.rootHash(fromPeaks: peaks),
            timestampMilliseconds: timestampMilliseconds)
    }
}
