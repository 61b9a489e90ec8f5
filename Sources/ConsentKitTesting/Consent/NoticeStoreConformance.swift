public import ConsentKitCore
import Testing

/// The checks every ``NoticeStore`` adapter must pass, as Swift Testing
/// expectations.
///
/// Like ``ConsentStoreConformance``, run it against handles onto **one shared
/// database**: `makeStore` is called once per area (twice by
/// ``concurrentPublishers()``) and every handle must see the same notices.
///
/// ```swift
/// let conformance = NoticeStoreConformance { PostgresNoticeStore(pool: sharedTestPool) }
/// @Test func noticeStore() async throws { try await conformance.runAll() }
/// ```
///
/// Notices are never deleted, so each run leaves a few small notices behind,
/// all with ids starting `conformance-` followed by a fresh random token;
/// runs never collide with each other or with real notices.
public struct NoticeStoreConformance: Sendable {
    private let makeStore: @Sendable () async throws -> any NoticeStore

    /// Creates the suite.
    /// - Parameter makeStore: returns a handle onto the store under test. Every
    ///   handle must share one backend, so that two handles behave like two
    ///   app instances.
    public init(makeStore: @escaping @Sendable () async throws -> any NoticeStore) {
        self.makeStore = makeStore
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error a store threw where the contract requires success.
    public func runAll() async throws {
        try await versionOrdering()
        try await publishOnlyLatestPlusOne()
        try await concurrentPublishers()
        try await immutability()
        try await unknownNotices()
        try await noticeIDs()
    }

    // MARK: Areas

    /// Versions come back in ascending order, exactly as published.
    ///
    /// Five versions of one notice (with a non-ASCII id), interleaved with
    /// another notice's, read back whole, one by one and as the latest; every
    /// field round-trips unchanged, including the order of the terms, so the
    /// content hash a consent event names still matches.
    public func versionOrdering() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let id = try NoticeID("conformance-\(token)-Datenschutzerklärung-🔏")
        let other = try NoticeID("conformance-\(token)-other")
        let versions = try (1...5).map { try Self.notice(id, $0) }
        let others = try (1...2).map { try Self.notice(other, $0) }
        for index in versions.indices {
            try await store.publish(versions[index])
            if index < others.count { try await store.publish(others[index]) }
        }
        let read = try await store.versions(of: id)
        ConsentConformanceSupport.check(read == versions, "versionOrdering: versions(of:) returned \(Self.summary(read)), expected \(Self.summary(versions))")
        for notice in versions {
            let one = try await store.notice(id, version: notice.version)
            ConsentConformanceSupport.check(one == notice, "versionOrdering: notice(_:version: \(notice.version)) returned \(one.map(Self.summary) ?? "nil")")
            #expect(
                one?.contentHash == notice.contentHash,
                "versionOrdering: the content hash of version \(notice.version) changed in storage")
        }
        let latest = try await store.latest(id)
        ConsentConformanceSupport.check(latest == versions.last, "versionOrdering: latest(_:) returned \(latest.map(Self.summary) ?? "nil"), expected v5")
        let otherRead = try await store.versions(of: other)
        ConsentConformanceSupport.check(otherRead == others, "versionOrdering: the second notice's versions are \(Self.summary(otherRead))")
    }

    /// Only version latest + 1 may be published.
    ///
    /// Version 1 of a new notice is accepted; version 2 before 1, version 0,
    /// a negative version, version 1 again and version 3 after 1 throw
    /// ``StorageError`` `.conflict` and change nothing.
    public func publishOnlyLatestPlusOne() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let id = try NoticeID("conformance-\(token)-sequence")
        for version in [2, 0, -1] {
            await ConsentConformanceSupport.expectStorageError(
                .conflict, "publishOnlyLatestPlusOne: version \(version) of a notice without versions"
            ) {
                try await store.publish(Self.notice(id, version))
            }
        }
        let unpublished = try await store.versions(of: id)
        #expect(unpublished.isEmpty, "publishOnlyLatestPlusOne: refused versions were stored: \(Self.summary(unpublished))")

        let first = try Self.notice(id, 1)
        try await store.publish(first)
        await ConsentConformanceSupport.expectStorageError(.conflict, "publishOnlyLatestPlusOne: version 1 again") {
            try await store.publish(Self.notice(id, 1, wording: "republished"))
        }
        await ConsentConformanceSupport.expectStorageError(.conflict, "publishOnlyLatestPlusOne: version 3 after 1") {
            try await store.publish(Self.notice(id, 3))
        }
        let second = try Self.notice(id, 2)
        try await store.publish(second)
        let read = try await store.versions(of: id)
        ConsentConformanceSupport.check(read == [first, second], "publishOnlyLatestPlusOne: versions are \(Self.summary(read)), expected v1, v2")
    }

    /// Concurrent publishers of the same version: exactly one wins.
    ///
    /// In each of ten rounds, four publishers on two handles race to publish
    /// the next version with different wording. Exactly one succeeds, the
    /// others get ``StorageError`` `.conflict`, and the stored version is
    /// the winner's.
    public func concurrentPublishers() async throws {
        let token = ConsentConformanceSupport.runToken()
        let handles = try await sharedHandles(token: token)
        let id = try NoticeID("conformance-\(token)-race")
        let publishers = 4
        for version in 1...10 {
            let outcomes = try await withThrowingTaskGroup(of: (Int, (any Error)?).self) { group in
                for publisher in 0..<publishers {
                    let store = handles[publisher % handles.count]
                    let notice = try Self.notice(id, version, wording: "publisher \(publisher)")
                    group.addTask {
                        do {
                            try await store.publish(notice)
                            return (publisher, nil)
                        } catch {
                            return (publisher, error)
                        }
                    }
                }
                return try await group.reduce(into: [(Int, (any Error)?)]()) { $0.append($1) }
            }
            let winners = outcomes.filter { $0.1 == nil }.map(\.0)
            #expect(winners.count == 1, "concurrentPublishers: \(winners.count) of \(publishers) publishers of version \(version) succeeded, expected exactly 1")
            for (publisher, error) in outcomes {
                guard let error else { continue }
                if (error as? StorageError)?.code != .conflict {
                    Issue.record("concurrentPublishers: publisher \(publisher) of version \(version) lost with \(error), expected StorageError.conflict")
                }
            }
            let stored = try await handles[0].notice(id, version: version)
            if let winner = winners.first {
                let expected = try Self.notice(id, version, wording: "publisher \(winner)")
                ConsentConformanceSupport.check(stored == expected, "concurrentPublishers: version \(version) holds \(stored.map(Self.summary) ?? "nothing"), not the winner's text")
            }
            guard winners.count == 1 else { return }
        }
        let all = try await handles[0].versions(of: id)
        #expect(all.map(\.version) == Array(1...10), "concurrentPublishers: stored versions are \(all.map(\.version)), expected 1...10")
    }

    /// A published version never changes.
    ///
    /// Republishing version 1 or 2 with other wording or other terms is
    /// refused with `.conflict`; reads keep returning the original text and
    /// content hash.
    public func immutability() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let id = try NoticeID("conformance-\(token)-immutable")
        let first = try Self.notice(id, 1)
        let second = try Self.notice(id, 2)
        try await store.publish(first)
        try await store.publish(second)
        let rewrites = try [
            Self.notice(id, 1, wording: "rewritten"), Self.notice(id, 2, wording: "rewritten"),
            PrivacyNotice(
                id: id, version: 2, language: second.language, summary: second.summary, fullText: second.fullText,
                terms: [.init(purpose: try PurposeID("newsletter"), legalBasis: .legitimateInterest)]),
        ]
        for rewrite in rewrites {
            await ConsentConformanceSupport.expectStorageError(.conflict, "immutability: republishing version \(rewrite.version)") {
                try await store.publish(rewrite)
            }
        }
        let read = try await store.versions(of: id)
        ConsentConformanceSupport.check(read == [first, second], "immutability: versions changed to \(Self.summary(read))")
        #expect(
            try await store.notice(id, version: 1)?.contentHash == first.contentHash,
            "immutability: version 1's content hash changed")
        #expect(
            try await store.notice(id, version: 2)?.contentHash == second.contentHash,
            "immutability: version 2's content hash changed")
    }

    /// Unknown notices and versions read as nothing.
    ///
    /// An unknown id has no versions, no latest and no version 1; for a
    /// notice with two versions, versions 0, -1 and 3 are `nil`.
    public func unknownNotices() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let unknown = try NoticeID("conformance-\(token)-never-published")
        let known = try NoticeID("conformance-\(token)-known")
        try await store.publish(Self.notice(known, 1))
        try await store.publish(Self.notice(known, 2))

        #expect(try await store.versions(of: unknown).isEmpty, "unknownNotices: an unknown notice has versions")
        #expect(try await store.notice(unknown, version: 1) == nil, "unknownNotices: an unknown notice has a version 1")
        #expect(try await store.latest(unknown) == nil, "unknownNotices: an unknown notice has a latest version")
        for version in [0, -1, 3, Int.max] {
            #expect(
                try await store.notice(known, version: version) == nil,
                "unknownNotices: notice(_:version: \(version)) of a notice with two versions is not nil")
        }
        #expect(!(try await store.noticeIDs().contains(unknown)), "unknownNotices: noticeIDs() lists a notice never published")
    }

    /// `noticeIDs()` lists every notice with a version, each once.
    ///
    /// The shared database may hold other notices too, so the check is that
    /// the notices this area published are all there, exactly once.
    public func noticeIDs() async throws {
        let token = ConsentConformanceSupport.runToken()
        let store = try await makeStore()
        let single = try NoticeID("conformance-\(token)-listed-one")
        let double = try NoticeID("conformance-\(token)-listed-two")
        try await store.publish(Self.notice(single, 1))
        try await store.publish(Self.notice(double, 1))
        try await store.publish(Self.notice(double, 2))
        let ids = try await store.noticeIDs()
        for id in [single, double] {
            let count = ids.count(where: { $0 == id })
            #expect(count == 1, "noticeIDs: \(id) is listed \(count) times, expected once")
        }
    }

    // MARK: Helpers

    /// Two handles from `makeStore`, checked to share one backend; a single
    /// handle (and a recorded issue) when they do not.
    private func sharedHandles(token: String) async throws -> [any NoticeStore] {
        let first = try await makeStore()
        let second = try await makeStore()
        let probe = try NoticeID("conformance-\(token)-shared-probe")
        try await first.publish(Self.notice(probe, 1))
        guard try await second.notice(probe, version: 1) != nil else {
            Issue.record(
                "concurrentPublishers: a second handle from makeStore does not see what the first one published; makeStore must return handles onto ONE shared database so the suite can model several app instances. Continuing with one handle.")
            return [first]
        }
        return [first, second]
    }

    /// A notice version with recognisable text, non-ASCII wording and three
    /// purposes' terms, given out of purpose order.
    static func notice(_ id: NoticeID, _ version: Int, wording: String = "original") throws -> PrivacyNotice {
        PrivacyNotice(
            id: id, version: version, language: version % 2 == 0 ? "de-CH" : "en",
            summary: "Summary of v\(version) (\(wording)): we respect your privacy — süß, 個人情報, 🔏.",
            fullText: "Full text of v\(version) (\(wording)).\nSecond paragraph.",
            terms: [
                .init(
                    purpose: try PurposeID("newsletter"), legalBasis: .consent, categories: [try DataCategory("contact")],
                    recipients: ["MailCo", "Ünïcode Partner GmbH"]),
                .init(purpose: try PurposeID("analytics"), legalBasis: .consent, categories: [try DataCategory("behaviour")]),
                .init(purpose: try PurposeID("fraud-prevention"), legalBasis: .legitimateInterest),
            ])
    }

    /// `id v1, v2, ...` for failure messages.
    static func summary(_ notices: [PrivacyNotice]) -> String {
        notices.isEmpty ? "[]" : notices.map(summary).joined(separator: ", ")
    }

    /// `id v1 "summary"` for failure messages.
    static func summary(_ notice: PrivacyNotice) -> String {
        "\(notice.id) v\(notice.version) \(notice.summary.debugDescription)"
    }
}
