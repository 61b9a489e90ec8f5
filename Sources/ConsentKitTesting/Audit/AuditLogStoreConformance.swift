public import ConsentKitCore
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The checks every ``AuditLogStore`` adapter must pass, as Swift Testing
/// expectations.
///
/// Run it from your own test target against handles onto **one shared
/// database**: `makeStore` is called at least once per area (ten times by
/// ``concurrentAppends()``), and every handle must see the same log, the way
/// several instances of your app share one audit table. Returning independent
/// stores is reported as a failure, because the multi-instance guarantees
/// could not be checked.
///
/// ```swift
/// import ConsentKitTesting
/// import Testing
///
/// @Suite struct PostgresAuditLogStoreTests {
///     let conformance = AuditLogStoreConformance {
///         PostgresAuditLogStore(pool: sharedTestPool)   // a new handle, the same database
///     }
///
///     @Test func ordering() async throws { try await conformance.ordering() }
///     @Test func concurrentAppends() async throws { try await conformance.concurrentAppends() }
///     // ... one @Test per area, or:
///     @Test func everything() async throws { try await conformance.runAll() }
/// }
/// ```
///
/// The audit log is one append-only sequence, so the suite cannot clean up
/// after itself: point it at a dedicated test database. Every area works
/// from the store's current count and recognises its own entries by a fresh
/// random run token, so areas may run in parallel, repeatedly, on a log that
/// already holds records. Failures are recorded as Swift Testing issues
/// naming the area and the offending records; an area throws only when the
/// store throws where the contract requires success.
public struct AuditLogStoreConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any AuditLogStore

    /// Creates the suite.
    /// - Parameter makeStore: returns a handle onto the store under test.
    ///   Every handle must share one backend (one database), so that two
    ///   handles behave like two app instances.
    public init(makeStore: @escaping @Sendable () async throws -> any AuditLogStore) {
        self.makeStore = makeStore
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error a store threw where the contract requires success.
    public func runAll() async throws {
        try await ordering()
        try await expectedCountConflicts()
        try await severalInstances()
        try await rangeReads()
        try await outOfRangeReads()
        try await concurrentAppends()
        try await unicodeAndLargeDetails()
    }

    // MARK: Areas

    /// Records come back densely indexed, in append order, byte for byte.
    ///
    /// Appends entries one at a time and in batches of three and two, then
    /// reads the log from where it started: indices must be consecutive, each
    /// batch contiguous (a batch is one atomic append), every record's bytes
    /// exactly the entry's canonical encoding, and ``AuditLogStore/record(at:)``
    /// must agree with the range read. An empty range reads as no records.
    public func ordering() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let base = try await store.count()
        let entries = try (0..<7).map { try Self.entry(token: token, area: "ordering", number: $0) }
        var starts: [UInt64] = []
        starts.append(try await Self.appendRetrying([entries[0]], to: store))
        starts.append(try await Self.appendRetrying(Array(entries[1...3]), to: store))
        starts.append(try await Self.appendRetrying([entries[4]], to: store))
        starts.append(try await Self.appendRetrying(Array(entries[5...6]), to: store))

        let count = try await store.count()
        let records = try await store.records(in: base..<count)
        Self.checkDense(records, from: base, area: "ordering")
        let ours = records.filter { Self.belongs($0, to: token) }
        if ours.map(\.canonicalEncoding) != entries.map(\.canonicalEncoding) {
            Issue.record(
                "ordering: the run's \(entries.count) entries came back as \(ours.count) records, not byte-identical in append order"
            )
        }
        for (start, batch) in zip(starts, [0...0, 1...3, 4...4, 5...6]) {
            let positions = ours.filter { record in
                batch.contains { entries[$0].canonicalEncoding == record.canonicalEncoding }
            }.map(\.index)
            let expected = Array(start..<(start + UInt64(batch.count)))
            if positions != expected {
                Issue.record("ordering: batch of entries \(batch) landed at \(positions), expected \(expected)")
            }
        }
        if let first = ours.first {
            let single = try await store.record(at: first.index)
            if single != first {
                Issue.record("ordering: record(at: \(first.index)) differs from the same record read in a range")
            }
        }
        let empty = try await store.records(in: count..<count)
        if !empty.isEmpty {
            Issue.record("ordering: the empty range \(count)..<\(count) returned \(empty.count) records")
        }
    }

    /// An append at the wrong expected count writes nothing and throws
    /// ``StorageError`` `.conflict`: too high, stale (too low), and for an
    /// empty batch.
    public func expectedCountConflicts() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let entry = try Self.entry(token: token, area: "conflicts", number: 0)
        // A count far ahead cannot become right while the area runs, even if
        // other areas append concurrently.
        let count = try await store.count()
        await Self.expectConflict("conflicts: append at a count ahead of the store") {
            try await store.append([entry], expectedCount: count + 1_000_000)
        }
        await Self.expectConflict("conflicts: empty batch at a count ahead of the store") {
            try await store.append([], expectedCount: count + 1_000_000)
        }
        _ = try await Self.appendRetrying([try Self.entry(token: token, area: "conflicts", number: 1)], to: store)
        let now = try await store.count()
        await Self.expectConflict("conflicts: stale append at count \(now - 1)") {
            try await store.append([entry], expectedCount: now - 1)
        }
        let records = try await store.records(in: 0..<(try await store.count()))
        if records.contains(where: { $0.canonicalEncoding == entry.canonicalEncoding }) {
            Issue.record("conflicts: an append refused with a conflict was written anyway")
        }
    }

    /// Two handles (two app instances) racing for the same index: exactly one
    /// wins, the other gets ``StorageError`` `.conflict`; then three
    /// ``AuditLog`` instances over separate handles append concurrently and
    /// must end up agreeing on one tree.
    public func severalInstances() async throws {
        let token = Self.runToken()
        let first = try await makeStore()
        let second = try await makeStore()
        let probe = try Self.entry(token: token, area: "instances", number: -1)
        _ = try await Self.appendRetrying([probe], to: first)
        let seen = try await second.count()
        let visible = try await second.records(in: 0..<seen).contains { $0.canonicalEncoding == probe.canonicalEncoding }
        if !visible {
            Issue.record(
                "instances: an entry appended through one handle is not visible through another; makeStore must return handles onto one shared backend"
            )
            return
        }

        var races = 0
        while races < 5 {
            let count = try await first.count()
            let a = try Self.entry(token: token, area: "instances-a", number: races)
            let b = try Self.entry(token: token, area: "instances-b", number: races)
            async let outcomeA = Self.attempt { try await first.append([a], expectedCount: count) }
            async let outcomeB = Self.attempt { try await second.append([b], expectedCount: count) }
            let outcomes = await [outcomeA, outcomeB]
            if outcomes.contains(.otherError) {
                Issue.record("instances: a racing append threw something other than StorageError.conflict")
                return
            }
            let wins = outcomes.filter { $0 == .appended }.count
            // Zero wins means a third writer took the index first; retry the race.
            if wins == 0 { continue }
            if wins != 1 {
                Issue.record("instances: two handles both appended at expected count \(count)")
            }
            races += 1
        }

        let logs = try await (0..<3).asyncMap { _ in AuditLog(store: try await makeStore()) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, log) in logs.enumerated() {
                group.addTask {
                    for step in 0..<20 {
                        _ = try await log.append(try Self.entry(token: token, area: "instances-log\(number)", number: step))
                    }
                }
            }
            try await group.waitForAll()
        }
        var heads: [TreeHead] = []
        for log in logs { heads.append(try await log.synchronize()) }
        let size = heads.map(\.size).min() ?? 0
        let roots = Set(try logs.map { try $0.rootHash(atSize: size) })
        if roots.count != 1 {
            Issue.record("instances: three AuditLog instances over one store disagree on the root at size \(size)")
        }
        let records = try await first.records(in: 0..<(try await first.count()))
        let ours = records.filter { Self.belongs($0, to: token) && Self.area(of: $0)?.hasPrefix("instances-log") == true }
        if ours.count != 60 || Set(ours.map(\.canonicalEncoding)).count != 60 {
            Issue.record("instances: 3 logs appended 60 distinct entries, the store holds \(ours.count) of them")
        }
    }

    /// Any range inside the log reads exactly the records at those indices.
    public func rangeReads() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let entries = try (0..<10).map { try Self.entry(token: token, area: "ranges", number: $0) }
        let start = try await Self.appendRetrying(entries, to: store)
        for (lower, upper) in [(0, 10), (2, 5), (9, 10), (0, 1), (4, 4), (10, 10)] {
            let range = (start + UInt64(lower))..<(start + UInt64(upper))
            let records = try await store.records(in: range)
            let expected = entries[lower..<upper].enumerated().map {
                AuditRecord(index: range.lowerBound + UInt64($0.offset), canonicalEncoding: $0.element.canonicalEncoding)
            }
            if records != expected {
                Issue.record(
                    "ranges: reading \(range.lowerBound)..<\(range.upperBound) returned indices \(records.map(\.index)), expected \(expected.map(\.index)) with the appended bytes"
                )
            }
        }
    }

    /// Reads past the end throw ``StorageError`` `.invalidRequest`; they
    /// neither crash nor return a short answer.
    public func outOfRangeReads() async throws {
        let store = try await makeStore()
        let count = try await store.count()
        // Far beyond the end, so concurrent appends cannot make them valid.
        let beyond = count + 1_000_000
        await Self.expectInvalidRequest("out of range: records(in: \(beyond)..<\(beyond + 1))") {
            _ = try await store.records(in: beyond..<(beyond + 1))
        }
        await Self.expectInvalidRequest("out of range: records(in: 0..<\(beyond))") {
            _ = try await store.records(in: 0..<beyond)
        }
        await Self.expectInvalidRequest("out of range: record(at: \(beyond))") {
            _ = try await store.record(at: beyond)
        }
        await Self.expectInvalidRequest("out of range: record(at: UInt64.max)") {
            _ = try await store.record(at: .max)
        }
    }

    /// 1,000 appends from 8 concurrent tasks, each on its own handle, each
    /// retrying on conflict: every entry lands exactly once, indices are
    /// dense and unique, nothing is lost or duplicated.
    public func concurrentAppends() async throws {
        let token = Self.runToken()
        let taskCount = 8
        let perTask = 125
        let base = try await makeStore().count()
        let claimed = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for task in 0..<taskCount {
                group.addTask {
                    let store = try await makeStore()
                    var indices: [UInt64] = []
                    for step in 0..<perTask {
                        let entry = try Self.entry(token: token, area: "concurrent", number: task * perTask + step)
                        indices.append(try await Self.appendRetrying([entry], to: store))
                    }
                    return indices
                }
            }
            var all: [UInt64] = []
            for try await indices in group { all += indices }
            return all
        }
        if Set(claimed).count != taskCount * perTask {
            Issue.record("concurrent: \(taskCount * perTask) appends reported \(Set(claimed).count) distinct indices")
        }
        let store = try await makeStore()
        let records = try await store.records(in: base..<(try await store.count()))
        Self.checkDense(records, from: base, area: "concurrent")
        let ours = records.filter { Self.belongs($0, to: token) }
        let distinct = Set(ours.map(\.canonicalEncoding))
        if ours.count != taskCount * perTask || distinct.count != taskCount * perTask {
            Issue.record(
                "concurrent: expected \(taskCount * perTask) distinct entries, found \(ours.count) records (\(distinct.count) distinct)")
        }
        if Set(ours.map(\.index)) != Set(claimed) {
            Issue.record("concurrent: the indices appends reported are not where their records are")
        }
    }

    /// Unicode in every string field, and entries at the size limits, come
    /// back byte for byte and decode to equal entries.
    ///
    /// Covers emoji and ZWJ sequences, CJK, right-to-left text, a key in NFC
    /// and the same key in NFD (in two entries: different bytes, different
    /// leaf hashes, so a store must not normalise), 256-byte identifiers and
    /// the largest entry allowed (32 details, 29 of them 1,024-byte values).
    public func unicodeAndLargeDetails() async throws {
        let token = Self.runToken()
        let store = try await makeStore()
        let longValue = String(repeating: "界", count: 341) + "x"  // 1,024 UTF-8 bytes
        var largest: [String: String] = [:]
        // Three details are the suite's own markers.
        for number in 0..<(AuditEntry.maximumDetailCount - 3) {
            largest["k\(number)-\(String(repeating: "é", count: 40))"] = longValue
        }
        let entries = [
            try Self.entry(
                token: token, area: "unicode",
                details: ["emoji": "👩‍👩‍👧‍👦 🏳️‍🌈", "cjk": "個人情報保護", "rtl": "שלום עולם مرحبا", "café": "NFC"]),
            try Self.entry(token: token, area: "unicode", details: ["cafe\u{301}": "NFD"]),
            try Self.entry(token: token, area: "unicode", details: largest),
            try Self.entry(
                token: token, area: "unicode",
                details: ["edge": String(repeating: "🔐", count: 256), "empty": ""],
                action: String(repeating: "ä", count: 128)),
        ]
        let start = try await Self.appendRetrying(entries, to: store)
        let records = try await store.records(in: start..<(start + UInt64(entries.count)))
        for (entry, record) in zip(entries, records) {
            if record.canonicalEncoding != entry.canonicalEncoding {
                Issue.record(
                    "unicode: record \(record.index) came back with \(record.canonicalEncoding.count) bytes, not the \(entry.canonicalEncoding.count) appended"
                )
                continue
            }
            do {
                if try record.entry() != entry || record.leafHash != entry.leafHash {
                    Issue.record("unicode: record \(record.index) decodes to another entry")
                }
            } catch {
                Issue.record("unicode: record \(record.index) does not decode: \(error)")
            }
        }
    }

    // MARK: Support

    private enum Outcome: Sendable, Equatable {
        case appended, conflict, otherError
    }

    private static func runToken() -> String {
        UUID().uuidString.lowercased()
    }

    private static func entry(
        token: String,
        area: String,
        number: Int = 0,
        details: [String: String] = [:],
        action: String = "conformance"
    ) throws -> AuditEntry {
        var details = details
        details["conformance-run"] = token
        details["conformance-area"] = area
        details["n"] = String(number)
        return try AuditEntry(
            kind: .policyChange, actor: "conformance-suite", subject: nil, purpose: nil, action: action,
            outcome: .success, details: details, timestampMilliseconds: 1_767_225_600_000 + Int64(number))
    }

    private static func belongs(_ record: AuditRecord, to token: String) -> Bool {
        (try? record.entry().details["conformance-run"]) == token
    }

    private static func area(of record: AuditRecord) -> String? {
        (try? record.entry())?.details["conformance-area"]
    }

    /// Appends at the store's current count, re-reading it after each conflict.
    private static func appendRetrying(_ entries: [AuditEntry], to store: any AuditLogStore) async throws -> UInt64 {
        while true {
            let count = try await store.count()
            do {
                try await store.append(entries, expectedCount: count)
                return count
            } catch let error as StorageError where error.code == .conflict {
                await Task.yield()
            }
        }
    }

    private static func attempt(_ body: () async throws -> Void) async -> Outcome {
        do {
            try await body()
            return .appended
        } catch let error as StorageError where error.code == .conflict {
            return .conflict
        } catch {
            return .otherError
        }
    }

    private static func checkDense(_ records: [AuditRecord], from base: UInt64, area: String) {
        for (offset, record) in records.enumerated() where record.index != base + UInt64(offset) {
            Issue.record("\(area): record at position \(offset) of a read from \(base) has index \(record.index)")
            return
        }
    }

    private static func expectConflict(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        await expectStorageError(.conflict, what, sourceLocation: sourceLocation, body)
    }

    private static func expectInvalidRequest(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        await expectStorageError(.invalidRequest, what, sourceLocation: sourceLocation, body)
    }

    private static func expectStorageError(
        _ code: StorageError.Code, _ what: String, sourceLocation: SourceLocation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected StorageError.\(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            if error.code != code {
                Issue.record("\(what): expected StorageError.\(code), got \(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record(
                "\(what): expected StorageError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }
}

extension Range<Int> {
    fileprivate func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
