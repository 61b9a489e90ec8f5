import ConsentKitCore
import ConsentKitTesting
import Testing

/// The in-memory store against the suite every adapter must pass.
@Suite("Audit: in-memory store conformance")
struct InMemoryAuditLogStoreTests {
    // One store, many handles: like several app instances on one database.
    let conformance: AuditLogStoreConformance = {
        let store = InMemoryAuditLogStore()
        return AuditLogStoreConformance { store }
    }()

    @Test func ordering() async throws { try await conformance.ordering() }
    @Test func expectedCountConflicts() async throws { try await conformance.expectedCountConflicts() }
    @Test func severalInstances() async throws { try await conformance.severalInstances() }
    @Test func rangeReads() async throws { try await conformance.rangeReads() }
    @Test func outOfRangeReads() async throws { try await conformance.outOfRangeReads() }
    @Test func concurrentAppends() async throws { try await conformance.concurrentAppends() }
    @Test func unicodeAndLargeDetails() async throws { try await conformance.unicodeAndLargeDetails() }
    @Test func everythingInOneRunOnAFreshStore() async throws {
        let store = InMemoryAuditLogStore()
        try await AuditLogStoreConformance { store }.runAll()
    }

    @Test func theSuiteCatchesAStoreThatIgnoresTheExpectedCount() async throws {
        let broken = CountIgnoringStore()
        await withKnownIssue {
            try await AuditLogStoreConformance { broken }.expectedCountConflicts()
        }
    }

    @Test func theSuiteCatchesIndependentStoresPosingAsOneBackend() async throws {
        await withKnownIssue {
            try await AuditLogStoreConformance { InMemoryAuditLogStore() }.severalInstances()
        }
    }
}

/// A defective adapter: appends whatever the expected count says.
private final class CountIgnoringStore: AuditLogStore {
    private let inner = InMemoryAuditLogStore()

    func count() async throws -> UInt64 { try await inner.count() }

    func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws {
        try await inner.append(entries, expectedCount: try await inner.count())
    }

    func records(in range: Range<UInt64>) async throws -> [AuditRecord] { try await inner.records(in: range) }
}
