import Synchronization

/// An ``AuditLogStore`` in process memory: the embedded default, for tests,
/// demos and single-instance hosts that export tree heads elsewhere.
///
/// Appends and reads take a short lock; an append of one entry is O(1)
/// amortized. Nothing survives the process, so a host that needs durable
/// evidence plugs in a database adapter instead.
public final class InMemoryAuditLogStore: AuditLogStore {
    private let storage: Mutex<[[UInt8]]>

    /// An empty store.
    public init() {
        storage = Mutex([])
    }

    /// The number of records.
    public func count() async throws -> UInt64 {
        storage.withLock { UInt64($0.count) }
    }

    /// Appends `entries` if the store holds exactly `expectedCount` records.
    /// - Throws: ``StorageError`` `.conflict` otherwise (nothing written).
    public func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws {
        try appendNow(entries, expectedCount: expectedCount)
    }

    /// The records in `range`.
    /// - Throws: ``StorageError`` `.invalidRequest` past the end.
    public func records(in range: Range<UInt64>) async throws -> [AuditRecord] {
        try readNow(range)
    }

    // The locked sections live in synchronous helpers: typed throws out of a
    // closure inside an async function crash the 6.3 optimizer.

    private func appendNow(_ entries: [AuditEntry], expectedCount: UInt64) throws(StorageError) {
        try storage.withLock { records throws(StorageError) in
            guard UInt64(records.count) == expectedCount else {
                throw StorageError(
                    code: .conflict,
                    message: "audit log append expected \(expectedCount) records, the store holds \(records.count)")
            }
            for entry in entries { records.append(entry.canonicalEncoding) }
        }
    }

    private func readNow(_ range: Range<UInt64>) throws(StorageError) -> [AuditRecord] {
        try storage.withLock { records throws(StorageError) in
            guard range.upperBound <= UInt64(records.count) else {
                throw StorageError(
                    code: .invalidRequest,
                    message: "audit records \(range.lowerBound)..<\(range.upperBound) requested, the store holds \(records.count)")
            }
            return range.map { AuditRecord(index: $0, canonicalEncoding: records[Int($0)]) }
        }
    }
}
