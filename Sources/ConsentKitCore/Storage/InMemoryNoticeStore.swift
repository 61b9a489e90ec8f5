import Synchronization

/// The embedded ``NoticeStore``: notice versions in memory, guarded by a mutex.
public final class InMemoryNoticeStore: NoticeStore {
    private let notices = Mutex<[NoticeID: [PrivacyNotice]]>([:])

    /// An empty store.
    public init() {}

    public func publish(_ notice: PrivacyNotice) async throws {
        try notices.withLock { notices in
            let latest = notices[notice.id]?.count ?? 0
            guard notice.version == latest + 1 else {
                throw StorageError.conflict("notice \(notice.id)", expected: notice.version - 1, actual: latest)
            }
            notices[notice.id, default: []].append(notice)
        }
    }

    public func notice(_ id: NoticeID, version: Int) async throws -> PrivacyNotice? {
        notices.withLock { notices in
            guard let versions = notices[id], version >= 1, version <= versions.count else { return nil }
            return versions[version - 1]
        }
    }

    public func versions(of id: NoticeID) async throws -> [PrivacyNotice] {
        notices.withLock { $0[id] ?? [] }
    }

    public func noticeIDs() async throws -> [NoticeID] {
        notices.withLock { $0.keys.sorted() }
    }
}
