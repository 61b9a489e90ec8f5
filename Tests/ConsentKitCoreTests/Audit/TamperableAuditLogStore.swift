import ConsentKitCore
import Synchronization

/// An in-memory ``AuditLogStore`` that a test can tamper with the way an
/// attacker with database access could (rewrite, reorder, truncate rows), or
/// make misbehave the way a broken adapter could (answer out of order).
final class TamperableAuditLogStore: AuditLogStore {
    enum ReadFault: Sendable {
        /// Answer correctly.
        case none
        /// Return the first two records of every answer in swapped order.
        case swapFirstTwo
        /// Return one record fewer than asked.
        case dropLast
        /// Return every record with its index shifted by one.
        case shiftIndices
    }

    private struct State {
        var records: [[UInt8]] = []
        var fault: ReadFault = .none
    }

    private let state = Mutex(State())

    func count() async throws -> UInt64 {
        state.withLock { UInt64($0.records.count) }
    }

    func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws {
        let refused = state.withLock { state -> StorageError? in
            guard UInt64(state.records.count) == expectedCount else {
                return StorageError(code: .conflict, message: "expected \(expectedCount), holds \(state.records.count)")
            }
            state.records += entries.map(\.canonicalEncoding)
            return nil
        }
        if let refused { throw refused }
    }

    func records(in range: Range<UInt64>) async throws -> [AuditRecord] {
        let answer = state.withLock { state -> ([AuditRecord], ReadFault)? in
            guard range.upperBound <= UInt64(state.records.count) else { return nil }
            let records = range.map { AuditRecord(index: $0, canonicalEncoding: state.records[Int($0)]) }
            return (records, state.fault)
        }
        guard let (records, fault) = answer else {
            throw StorageError(code: .invalidRequest, message: "range \(range) past the end")
        }
        switch fault {
        case .none:
            return records
        case .swapFirstTwo:
            guard records.count >= 2 else { return records }
            return [records[1], records[0]] + records.dropFirst(2)
        case .dropLast:
            return Array(records.dropLast())
        case .shiftIndices:
            return records.map { AuditRecord(index: $0.index + 1, canonicalEncoding: $0.canonicalEncoding) }
        }
    }

    // MARK: Tampering

    func setFault(_ fault: ReadFault) {
        state.withLock { $0.fault = fault }
    }

    func storedBytes(at index: Int) -> [UInt8] {
        state.withLock { $0.records[index] }
    }

    func overwrite(at index: Int, with bytes: [UInt8]) {
        state.withLock { $0.records[index] = bytes }
    }

    func swapRecords(_ first: Int, _ second: Int) {
        state.withLock { $0.records.swapAt(first, second) }
    }

    func truncate(to count: Int) {
        state.withLock { $0.records.removeLast($0.records.count - count) }
    }

    func remove(at index: Int) {
        _ = state.withLock { $0.records.remove(at: index) }
    }
}
