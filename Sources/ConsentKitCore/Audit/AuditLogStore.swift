/// Where an ``AuditLog`` keeps its entries: one append-only sequence of
/// canonical entry encodings, indexed from 0, shared by every instance of the host.
///
/// The contract an adapter must keep (checked by `AuditLogStoreConformance`
/// in ConsentKitTesting):
/// - **One sequence.** Indices are dense, start at 0, and never change once written.
/// - **Expected-count appends.** ``append(_:expectedCount:)`` writes its
///   whole batch at `expectedCount ..< expectedCount + entries.count` only if
///   the store holds exactly `expectedCount` records at that moment, in one
///   atomic step (for SQL: a transaction with a unique index on the position,
///   or a row lock on a counter); otherwise it writes nothing and throws
///   ``StorageError`` with code `.conflict`. This is what lets several host
///   instances append to one log without losing or duplicating an index.
/// - **Typed refusals.** A read past the end throws ``StorageError`` with
///   code `.invalidRequest`; backend failures throw `.unavailable` (or the
///   driver's own error).
/// - **Verbatim bytes.** ``records(in:)`` returns exactly the bytes appended,
///   in index order. Adapters may add columns (kind, subject pseudonym, time)
///   for queries, but verification only ever reads the bytes.
/// - **Read-your-writes.** After an append returns, ``count()`` and
///   ``records(in:)`` on any instance see it.
///
/// The store is not trusted: an ``AuditLog`` rehashes what it reads, and
/// ``AuditLog/verify(against:)`` reports any record that changed.
public protocol AuditLogStore: Sendable {
    /// The number of records (the index the next append gets).
    func count() async throws -> UInt64

    /// Appends `entries` atomically as the records from `expectedCount` on.
    ///
    /// An empty batch writes nothing but still checks `expectedCount`.
    /// - Throws: ``StorageError`` `.conflict` (nothing written) when the
    ///   store does not hold exactly `expectedCount` records; backend errors as they come.
    func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws

    /// The records with indices in `range`, in ascending index order.
    /// - Throws: ``StorageError`` `.invalidRequest` when `range.upperBound`
    ///   exceeds ``count()``; backend errors as they come.
    func records(in range: Range<UInt64>) async throws -> [AuditRecord]
}

extension AuditLogStore {
    /// Appends one entry at index `expectedCount`.
    /// - Throws: as ``append(_:expectedCount:)``.
    public func append(_ entry: AuditEntry, expectedCount: UInt64) async throws {
        try await append([entry], expectedCount: expectedCount)
    }

    /// The record at `index`.
    ///
    /// The default reads a one-element range; adapters may override it.
    /// - Throws: ``StorageError`` `.invalidRequest` when no record has that
    ///   index; ``AuditError`` `.storeInconsistent` when the store answers with another record.
    public func record(at index: UInt64) async throws -> AuditRecord {
        guard index != .max else {
            throw StorageError(code: .invalidRequest, message: "audit record index \(index) does not exist")
        }
        let records = try await records(in: index..<(index + 1))
        guard records.count == 1, let record = records.first, record.index == index else {
            throw AuditError.storeInconsistent(
                "the store answered a read of record \(index) with \(records.count) records \(records.map(\.index))")
        }
        return record
    }
}
