import ConsentKitCore
import ConsentKitTesting
import Testing

@Suite("NoticeStore conformance: InMemoryNoticeStore")
struct NoticeStoreConformanceTests {
    /// One shared store, as the suite asks: every handle sees the same notices.
    let conformance: NoticeStoreConformance = {
        let store = InMemoryNoticeStore()
        return NoticeStoreConformance { store }
    }()

    @Test func versionOrdering() async throws { try await conformance.versionOrdering() }
    @Test func publishOnlyLatestPlusOne() async throws { try await conformance.publishOnlyLatestPlusOne() }
    @Test func concurrentPublishers() async throws { try await conformance.concurrentPublishers() }
    @Test func immutability() async throws { try await conformance.immutability() }
    @Test func unknownNotices() async throws { try await conformance.unknownNotices() }
    @Test func noticeIDs() async throws { try await conformance.noticeIDs() }
    @Test func runAll() async throws { try await conformance.runAll() }
}

@Suite("NoticeStore conformance catches defective stores")
struct NoticeStoreConformanceFailureTests {
    /// The suite's areas, callable by name.
    enum Area: String, Sendable, CustomStringConvertible {
        case versionOrdering, publishOnlyLatestPlusOne, concurrentPublishers, immutability, unknownNotices, noticeIDs

        var description: String { rawValue }

        func run(_ conformance: NoticeStoreConformance) async throws {
            switch self {
            case .versionOrdering: try await conformance.versionOrdering()
            case .publishOnlyLatestPlusOne: try await conformance.publishOnlyLatestPlusOne()
            case .concurrentPublishers: try await conformance.concurrentPublishers()
            case .immutability: try await conformance.immutability()
            case .unknownNotices: try await conformance.unknownNotices()
            case .noticeIDs: try await conformance.noticeIDs()
            }
        }
    }

    @Test(arguments: [
        (DefectiveNoticeStore.Defect.acceptsAnyVersion, Area.publishOnlyLatestPlusOne),
        (.acceptsAnyVersion, .concurrentPublishers),
        (.acceptsAnyVersion, .immutability),
        (.readsNewestFirst, .versionOrdering),
        (.clampsVersions, .unknownNotices),
        (.listsIDsPerVersion, .noticeIDs),
    ])
    func defectIsReported(_ defect: DefectiveNoticeStore.Defect, _ area: Area) async {
        let store = DefectiveNoticeStore(defect)
        let conformance = NoticeStoreConformance { store }
        await withKnownIssue("a store that \(defect) must fail \(area)") {
            try await area.run(conformance)
        }
    }

    @Test func independentStoresAreReported() async {
        let conformance = NoticeStoreConformance { InMemoryNoticeStore() }
        await withKnownIssue("makeStore must return handles onto one shared backend") {
            try await conformance.concurrentPublishers()
        }
    }
}
