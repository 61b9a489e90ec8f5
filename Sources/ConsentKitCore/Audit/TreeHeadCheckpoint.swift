/// A verifier's memory of the last tree head it checked, so that every later
/// head must prove it extends that one, as a Certificate Transparency monitor does.
///
/// Persist it (it is `Codable`) wherever the verifier lives, the auditor's
/// disk or the customer's device, and on each check:
///
/// 1. ask the log for a consistency proof from ``requiredProofOldSize``
///    (``AuditLog/consistencyProof(fromSize:toSize:)``) to the new head;
/// 2. call ``advance(to:proof:)``; on success store the checkpoint again.
///
/// The rules: a head smaller than the last one is a rollback; a head of the
/// same size must have the same root (and comes with no proof); a larger head
/// must come with a valid consistency proof from exactly the last size; a head
/// whose proof fails is a fork. A checkpoint that never saw a head, or saw
/// only the empty log, trusts the first head it is shown (trust on first use):
/// seed it with ``init(trusting:)`` from a head obtained out of band to avoid that.
///
/// Time is not checked: heads signed by different host instances may carry
/// slightly skewed clocks, and size plus consistency already order them.
public struct TreeHeadCheckpoint: Hashable, Sendable, Codable {
    /// The last head that passed, or `nil` before the first check.
    public private(set) var treeHead: TreeHead?

    /// A checkpoint that has seen nothing yet.
    public init() {
        treeHead = nil
    }

    /// A checkpoint that trusts `head`, obtained out of band.
    public init(trusting head: TreeHead) {
        treeHead = head
    }

    /// The old size of the consistency proof the next check needs, or `nil`
    /// when no proof is needed (nothing, or only the empty log, seen yet).
    public var requiredProofOldSize: UInt64? {
        guard let treeHead, treeHead.size > 0 else { return nil }
        return treeHead.size
    }

    /// Checks `newHead` against the last head and, if it passes, remembers it.
    ///
    /// `proof` must be a consistency proof from the last head's size to
    /// `newHead.size`; pass `nil` (or an empty proof) when the sizes are equal
    /// or nothing non-empty was seen before. On any error the checkpoint is unchanged.
    /// - Throws: ``AuditError`` `.rollback` for a smaller head; `.fork` for a
    ///   same-size head with another root, or a proof that does not connect the
    ///   roots; `.malformedProof` for a missing or extra proof;
    ///   `.invalidTreeSize` for a proof between other sizes.
    public mutating func advance(to newHead: TreeHead, proof: ConsistencyProof?) throws(AuditError) {
        guard let oldHead = treeHead, oldHead.size > 0 else {
            treeHead = newHead
            return
        }
        guard newHead.size >= oldHead.size else {
            throw AuditError(
                code: .rollback,
                message: "tree head of size \(newHead.size) is smaller than the last checked head of size \(oldHead.size)")
        }
        if newHead.size == oldHead.size {
            guard proof?.hashes.isEmpty ?? true else {
                throw .malformedProof(
                    "consistency proof between equal sizes \(oldHead.size)", count: proof?.hashes.count ?? 0, expected: 0)
            }
            guard newHead.rootHash == oldHead.rootHash else {
                throw AuditError(
                    code: .fork,
                    message: "tree head of size \(newHead.size) has root \(newHead.rootHash), the last checked head of the same size had \(oldHead.rootHash)")
            }
            treeHead = newHead
            return
        }
        guard let proof else {
            throw .malformedProof("missing consistency proof from size \(oldHead.size) to \(newHead.size)", count: 0, expected: 1)
        }
        do {
            try proof.verify(from: oldHead, to: newHead)
        } catch where error.code == .verificationFailed {
            throw AuditError(
                code: .fork,
                message: "tree head of size \(newHead.size) does not extend the last checked head of size \(oldHead.size): \(error.message)")
        }
        treeHead = newHead
    }

    /// Checks `signedHead`'s signature, then ``advance(to:proof:)``.
    /// - Throws: ``AuditError`` `.invalidSignature` first, then as ``advance(to:proof:)``.
    public mutating func advance(
        to signedHead: SignedTreeHead,
        proof: ConsistencyProof?,
        verifier: any TreeHeadSignatureVerifier
    ) throws(AuditError) {
        try signedHead.verify(using: verifier)
        try advance(to: signedHead.treeHead, proof: proof)
    }
}
