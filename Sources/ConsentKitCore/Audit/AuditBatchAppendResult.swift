/// What ``AuditLog/append(contentsOf:)`` returns: where the batch landed and
/// the tree head that first includes all of it.
public struct AuditBatchAppendResult: Hashable, Sendable {
    /// The indices the entries got, in order.
    public let indices: Range<UInt64>
    /// The head of the log right after the batch: size `indices.upperBound`.
    public let treeHead: TreeHead

    /// Assembles a result; ``AuditLog`` creates these.
    public init(indices: Range<UInt64>, treeHead: TreeHead) {
        self.indices = indices
        self.treeHead = treeHead
    }
}
