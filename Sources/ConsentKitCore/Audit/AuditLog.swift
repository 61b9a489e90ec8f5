import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A tamper-evident, append-only audit log: entries in an ``AuditLogStore``,
/// committed to by an RFC 9162 Merkle tree that this object keeps in memory.
///
/// ```swift
/// let log = AuditLog(store: store, signer: try HMACTreeHeadSigner(keyID: "audit-2026", key: secret))
/// try await log.synchronize()                            // at startup: load what other instances wrote
/// let appended = try await log.append(
///     kind: .consent, actor: "checkout", subject: customer, purpose: newsletter,
///     action: "grant", outcome: .success, details: ["notice": "v3"])
/// let proof = try log.inclusionProof(forEntryAt: appended.index, treeSize: appended.treeHead.size)
/// try proof.verify(entry: appended.entry, against: appended.treeHead)   // anyone, offline
/// ```
///
/// **Several instances, one log.** Each host instance has its own `AuditLog`
/// over the shared store. An append asks the store to write at the size this
/// instance knows; if another instance got there first the store refuses
/// (``StorageError`` `.conflict`), this instance reads and hashes the new
/// records, and retries. Indices are never lost or duplicated, and every
/// instance computes the same roots.
///
/// **Cost.** An append is one leaf hash, about one node hash to extend the
/// tree and one store call; the returned head's root (one node hash per set
/// bit of the new size) is hashed only when it is read. Proofs come from
/// memory in O(log n). Memory: about 64 bytes per entry.
///
/// **What it trusts.** The leaf hashes it computed itself, from entries it
/// appended or read. ``verify(against:)`` compares the store with those and
/// with an optional trusted head; see the Audit article for what an attacker
/// with database access can and cannot do.
public final class AuditLog: Sendable {
    /// Where the entries live.
    public let store: any AuditLogStore
    /// Turns subject ids into the pseudonyms entries carry.
    public let pseudonymizer: SubjectPseudonymizer
    private let signer: (any TreeHeadSigner)?
    private let timeSource: any TimeSource
    private let tree: Mutex<MerkleTree>

    /// How many records one store read asks for while catching up or verifying.
    static let pageSize: UInt64 = 4096

    /// A log over `store`, empty in memory until ``synchronize()`` or the first append.
    ///
    /// - Parameters:
    ///   - store: the shared record store; in memory by default.
    ///   - signer: signs heads for ``signedTreeHead()``; `nil` when heads are not signed.
    ///   - pseudonymizer: turns subject ids into pseudonyms; keys in memory by default.
    ///   - timeSource: stamps entries and heads.
    public init(
        store: any AuditLogStore = InMemoryAuditLogStore(),
        signer: (any TreeHeadSigner)? = nil,
        pseudonymizer: SubjectPseudonymizer = SubjectPseudonymizer(),
        timeSource: any TimeSource = SystemTimeSource()
    ) {
        self.store = store
        self.signer = signer
        self.pseudonymizer = pseudonymizer
        self.timeSource = timeSource
        self.tree = Mutex(MerkleTree())
    }

    // MARK: Appending

    /// Appends `entry` and returns its index and the head of size `index + 1`
    /// (whose root is hashed when ``AuditAppendResult/treeHead`` is read).
    ///
    /// When this returns, the store holds the entry: a caller that must not
    /// act without an audit record (the consent ledger) awaits this first.
    /// - Throws: ``AuditError`` `.storeInconsistent` when the store lost
    ///   records this log already saw or answers out of order; store errors as
    ///   they come. Nothing was appended when it throws, except when the store
    ///   itself failed after writing (then a retry may append a second copy).
    public func append(_ entry: AuditEntry) async throws -> AuditAppendResult {
        let leafHash = entry.leafHash
        let index = try await write([entry])
        let peaks = try commit([leafHash], at: index)
        return AuditAppendResult(
            index: index, entry: entry, timestampMilliseconds: timeSource.now().auditMilliseconds, peaks: peaks)
    }

    /// Appends `entries` in one store call, at consecutive indices.
    /// Cheaper per entry than one ``append(_:)`` each: one store round trip and one root.
    /// - Throws: as ``append(_:)``. An empty batch throws nothing and appends nothing.
    public func append(contentsOf entries: [AuditEntry]) async throws -> AuditBatchAppendResult {
        let leafHashes = entries.map(\.leafHash)
        let start = try await write(entries)
        let end = start + UInt64(entries.count)
        let peaks = try commit(leafHashes, at: start)
        return AuditBatchAppendResult(
            indices: start..<end,
            treeHead: TreeHead(
                size: end, rootHash: MerkleTree.rootHash(fromPeaks: peaks), timestamp: timeSource.now()))
    }

    /// Builds an entry stamped now, with the subject pseudonymized, and appends it.
    ///
    /// The raw subject id never reaches the log: it is replaced by its keyed
    /// pseudonym, and an entry whose actor or details carry the raw id
    /// (equal to it, or containing it when it is 8 UTF-8 bytes or longer) is refused.
    /// - Throws: ``AuditError`` `.personalData` for a raw id in actor or
    ///   details, `.invalidEntry` for a field over its limits, key store and
    ///   append errors as they come.
    public func append(
        kind: AuditEntry.Kind,
        actor: String,
        subject: SubjectID?,
        purpose: PurposeID?,
        action: String,
        outcome: AuditEntry.Outcome,
        details: [String: String] = [:]
    ) async throws -> AuditAppendResult {
        var pseudonym: SubjectPseudonym?
        if let subject {
            try Self.checkNoRawIdentifier(subject, actor: actor, details: details)
            pseudonym = try await pseudonymizer.pseudonym(for: subject)
        }
        let entry = try AuditEntry(
            kind: kind, actor: actor, subject: pseudonym, purpose: purpose, action: action, outcome: outcome,
            details: details, timestamp: timeSource.now())
        return try await append(entry)
    }

    /// Records the erasure of `subject`, then destroys their pseudonym key.
    ///
    /// The erasure entry carries the subject's (last) pseudonym, so the log
    /// shows that pseudonym was erased; once the key is gone neither it nor
    /// any earlier entry can be tied back to the subject. No entry changes, so
    /// every proof and signed head stays valid.
    /// - Throws: append errors (nothing erased), then key store errors (the
    ///   erasure is logged but the key may remain: retry).
    public func eraseSubject(
        _ subject: SubjectID,
        actor: String,
        details: [String: String] = [:]
    ) async throws -> AuditAppendResult {
        let result = try await append(
            kind: .erasure, actor: actor, subject: subject, purpose: nil, action: "erase-pseudonym-key",
            outcome: .success, details: details)
        try await pseudonymizer.erase(subject)
        return result
    }

    // MARK: Tree heads and proofs

    /// The number of entries this instance knows of.
    public var size: UInt64 {
        tree.withLock { $0.size }
    }

    /// The head over every entry this instance knows of, stamped now.
    /// Cost: one node hash per set bit of the size.
    public func treeHead() -> TreeHead {
        let (size, root) = tree.withLock { ($0.size, $0.rootHash) }
        return TreeHead(size: size, rootHash: root, timestamp: timeSource.now())
    }

    /// The current head, signed by this log's signer.
    /// - Throws: ``AuditError`` `.invalidKey` when the log has no signer; signer errors as they come.
    public func signedTreeHead() async throws -> SignedTreeHead {
        guard let signer else {
            throw AuditError(code: .invalidKey, message: "this AuditLog was created without a TreeHeadSigner")
        }
        return try await signer.sign(treeHead())
    }

    /// Reads any records other instances appended and extends the tree with
    /// them; returns the resulting head. Call it at startup.
    /// - Throws: ``AuditError`` `.storeInconsistent` when the store holds fewer
    ///   records than this log already saw, answers out of order, or changed a
    ///   record this log already hashed; store errors as they come.
    @discardableResult
    public func synchronize() async throws -> TreeHead {
        _ = try await catchUp()
        return treeHead()
    }

    /// The proof that entry `index` is in the tree of size `treeSize` (the
    /// current size when `nil`). From memory, O(log n), no store access.
    /// - Throws: ``AuditError`` `.indexOutOfRange` or `.invalidTreeSize` when
    ///   this instance does not know that many entries (``synchronize()`` first).
    public func inclusionProof(forEntryAt index: UInt64, treeSize: UInt64? = nil) throws(AuditError) -> InclusionProof {
        try tree.withLock { tree throws(AuditError) in try tree.inclusionProof(forLeafAt: index, treeSize: treeSize) }
    }

    /// The proof that the tree of size `newSize` (current when `nil`) extends
    /// the tree of size `oldSize`. From memory, O(log n).
    /// - Throws: ``AuditError`` `.invalidTreeSize` for `oldSize` 0, above
    ///   `newSize`, or beyond what this instance knows.
    public func consistencyProof(fromSize oldSize: UInt64, toSize newSize: UInt64? = nil) throws(AuditError) -> ConsistencyProof {
        try tree.withLock { tree throws(AuditError) in try tree.consistencyProof(fromSize: oldSize, toSize: newSize) }
    }

    /// The root the log had at `size` entries.
    /// - Throws: ``AuditError`` `.invalidTreeSize` beyond what this instance knows.
    public func rootHash(atSize size: UInt64) throws(AuditError) -> MerkleHash {
        try tree.withLock { tree throws(AuditError) in try tree.rootHash(atSize: size) }
    }

    // MARK: Reading

    /// The entry at `index`, read from the store and checked against the leaf
    /// hash this instance holds for it.
    /// - Throws: ``AuditError`` `.storeInconsistent` when the stored bytes no
    ///   longer match, `.invalidEntry` when they do not decode; ``StorageError``
    ///   `.invalidRequest` past the end; other store errors as they come.
    public func entry(at index: UInt64) async throws -> AuditEntry {
        let record = try await store.record(at: index)
        let known = tree.withLock { tree in index < tree.size ? try? tree.leafHash(at: index) : nil }
        if let known, known != record.leafHash {
            throw AuditError.storeInconsistent("stored record \(index) does not match the entry appended there")
        }
        return try record.entry()
    }

    /// Every stored record whose entry's subject is `subject`'s current pseudonym; empty
    /// when the subject was erased (their key is gone) or never appeared.
    /// Reads the whole store: meant for access requests, not hot paths.
    /// - Throws: key store and store errors; ``AuditError`` `.invalidEntry` for
    ///   a record that does not decode.
    public func records(concerning subject: SubjectID) async throws -> [AuditRecord] {
        guard let pseudonym = try await pseudonymizer.existingPseudonym(for: subject) else { return [] }
        let count = try await store.count()
        var found: [AuditRecord] = []
        var position: UInt64 = 0
        while position < count {
            let upper = min(count, position + Self.pageSize)
            let records = try await store.records(in: position..<upper)
            try Self.checkPage(records, range: position..<upper)
            for record in records {
                if try record.entry().subject == pseudonym { found.append(record) }
            }
            position = upper
        }
        return found
    }

    // MARK: Verification

    /// Walks the whole store, rehashes every record, and reports the first
    /// one that does not match.
    ///
    /// Checked, in order:
    /// 1. every record against the leaf hash this instance computed when the
    ///    entry was appended or first read: a changed record is
    ///    ``AuditLogVerification/Problem/Kind/tamperedEntry``, or
    ///    ``AuditLogVerification/Problem/Kind/reorderedEntry`` when it holds
    ///    an entry that belongs at another index;
    /// 2. that the store still holds every entry this instance knows of
    ///    (``AuditLogVerification/Problem/Kind/truncatedLog`` otherwise);
    /// 3. when `trustedHead` is given (from a ``TreeHeadCheckpoint``, a
    ///    receipt, a signed head kept elsewhere): that the store covers it and
    ///    reproduces its root.
    ///
    /// Records beyond what this instance knows are hashed into the reported
    /// head but can only be checked against `trustedHead`. Cost: one leaf
    /// hash per record and about one node hash per record; memory for a
    /// second tree while it runs.
    /// - Throws: ``AuditError`` `.storeInconsistent` when the store answers a
    ///   read with records out of order, missing or extra (its contract is
    ///   broken, not just its data); store errors as they come. Data problems
    ///   are reported, not thrown.
    public func verify(against trustedHead: TreeHead? = nil) async throws -> AuditLogVerification {
        typealias Problem = AuditLogVerification.Problem
        let storeCount = try await store.count()
        let referenceSize = size
        var rebuilt = MerkleTree()
        var problem: Problem?
        var position: UInt64 = 0

        scan: while position < storeCount {
            let upper = min(storeCount, position + Self.pageSize)
            let records = try await store.records(in: position..<upper)
            try Self.checkPage(records, range: position..<upper)
            let referenceUpper = min(upper, referenceSize)
            let reference = position < referenceUpper ? try knownLeafHashes(in: position..<referenceUpper) : []
            for record in records {
                let leafHash = record.leafHash
                let offset = Int(record.index - position)
                if offset < reference.count, reference[offset] != leafHash {
                    problem = mismatch(at: record.index, leafHash: leafHash, referenceSize: referenceSize)
                    break scan
                }
                rebuilt.append(leafHash: leafHash)
            }
            position = upper
        }

        if problem == nil, storeCount < referenceSize {
            problem = Problem(
                kind: .truncatedLog, index: storeCount,
                message: "the store holds \(storeCount) records, \(referenceSize) were appended")
        }
        if problem == nil, let trustedHead {
            if storeCount < trustedHead.size {
                problem = Problem(
                    kind: .truncatedLog, index: storeCount,
                    message: "the store holds \(storeCount) records, the trusted head covers \(trustedHead.size)")
            } else if try rebuilt.rootHash(atSize: trustedHead.size) != trustedHead.rootHash {
                problem = Problem(
                    kind: .rootMismatch, index: trustedHead.size,
                    message: "the first \(trustedHead.size) stored records do not hash to the trusted root \(trustedHead.rootHash)")
            }
        }
        return AuditLogVerification(
            checkedCount: rebuilt.size,
            storedTreeHead: TreeHead(size: rebuilt.size, rootHash: rebuilt.rootHash, timestamp: timeSource.now()),
            problem: problem)
    }

    // MARK: Internals

    /// Writes `entries` at the size this instance knows, catching up and
    /// retrying while other writers get there first; returns the first index.
    private func write(_ entries: [AuditEntry]) async throws -> UInt64 {
        var expected = size
        while true {
            do {
                try await store.append(entries, expectedCount: expected)
                return expected
            } catch let error as StorageError where error.code == .conflict {
                let known = try await catchUp()
                guard known > expected else {
                    throw AuditError.storeInconsistent(
                        "the store refused an append at \(expected) as a conflict but holds no further records")
                }
                expected = known
            }
        }
    }

    /// Hashes records this instance has not seen into the tree; returns the new size.
    private func catchUp() async throws -> UInt64 {
        let storeCount = try await store.count()
        var known = size
        guard storeCount >= known else {
            throw AuditError.storeInconsistent(
                "the store holds \(storeCount) records, this log has already seen \(known): it was truncated or rolled back")
        }
        while known < storeCount {
            let start = known
            let upper = min(storeCount, start + Self.pageSize)
            let records = try await store.records(in: start..<upper)
            try Self.checkPage(records, range: start..<upper)
            let leafHashes = records.map(\.leafHash)
            known = try integrate(leafHashes, at: start)
        }
        return known
    }

    // The lock is taken only in synchronous helpers: besides keeping critical
    // sections short, typed throws out of a closure inside an async function
    // crash the 6.3 optimizer's coroutine splitting.

    /// Integrates leaves the store holds at `start...`; returns the compact
    /// range (subtree roots) of the tree that ends with them.
    private func commit(_ leafHashes: [MerkleHash], at start: UInt64) throws(AuditError) -> [MerkleHash] {
        try tree.withLock { tree throws(AuditError) in
            try Self.integrate(leafHashes, at: start, into: &tree)
            return tree.peaks(forSize: start + UInt64(leafHashes.count))
        }
    }

    /// Integrates leaves the store holds at `start...`; returns the new size.
    private func integrate(_ leafHashes: [MerkleHash], at start: UInt64) throws(AuditError) -> UInt64 {
        try tree.withLock { tree throws(AuditError) in
            try Self.integrate(leafHashes, at: start, into: &tree)
            return tree.size
        }
    }

    private func knownLeafHashes(in range: Range<UInt64>) throws(AuditError) -> [MerkleHash] {
        try tree.withLock { tree throws(AuditError) in try tree.leafHashes(in: range) }
    }

    /// Adds leaves that the store holds at `start...` to `tree`. Others may
    /// have added some already (a concurrent catch-up read them); those must match.
    private static func integrate(_ leafHashes: [MerkleHash], at start: UInt64, into tree: inout MerkleTree) throws(AuditError) {
        guard start <= tree.size else {
            throw .storeInconsistent("records from \(start) arrived before records up to \(tree.size)")
        }
        for (offset, leafHash) in leafHashes.enumerated() {
            let index = start + UInt64(offset)
            if index == tree.size {
                tree.append(leafHash: leafHash)
            } else if try tree.leafHash(at: index) != leafHash {
                throw .storeInconsistent("stored record \(index) changed after this log hashed it")
            }
        }
    }

    private static func checkPage(_ records: [AuditRecord], range: Range<UInt64>) throws(AuditError) {
        guard records.count == range.count else {
            throw .storeInconsistent(
                "the store answered a read of records \(range.lowerBound)..<\(range.upperBound) with \(records.count) records")
        }
        for (offset, record) in records.enumerated() where record.index != range.lowerBound + UInt64(offset) {
            throw .storeInconsistent(
                "the store returned record \(record.index) where record \(range.lowerBound + UInt64(offset)) was expected: records out of order"
            )
        }
    }

    /// Classifies a stored record whose hash differs from the one appended at `index`.
    private func mismatch(at index: UInt64, leafHash: MerkleHash, referenceSize: UInt64) -> AuditLogVerification.Problem {
        // Rare path: search the known leaves for the one the record now holds.
        let original = tree.withLock { $0.firstIndex(ofLeafHash: leafHash, below: referenceSize) }
        if let original {
            return .init(
                kind: .reorderedEntry, index: index, originalIndex: original,
                message: "record \(index) holds the entry appended at index \(original)")
        }
        return .init(kind: .tamperedEntry, index: index, message: "record \(index) is not the entry appended there")
    }

    static func checkNoRawIdentifier(_ subject: SubjectID, actor: String, details: [String: String]) throws(AuditError) {
        let raw = subject.rawValue
        // Short ids ("42") occur inside innocent values, so only long ones are searched for.
        let searchInside = raw.utf8.count >= 8
        func carries(_ text: String) -> Bool {
            text == raw || (searchInside && text.contains(raw))
        }
        if carries(actor) {
            throw AuditError(code: .personalData, message: "the audit actor carries the raw subject id")
        }
        for (key, value) in details where carries(key) || carries(value) {
            throw AuditError(
                code: .personalData, message: "audit detail \(key.debugDescription) carries the raw subject id")
        }
    }
}
