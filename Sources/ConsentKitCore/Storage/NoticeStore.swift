/// Where privacy notices and all their versions are kept.
///
/// ## Contract for adapters
/// - Versions of a notice are numbered 1, 2, 3, ... and immutable once
///   published: ``publish(_:)`` succeeds only for version latest + 1 and
///   throws ``StorageError`` `.conflict` otherwise (two instances publishing
///   the same version: exactly one wins).
/// - ``versions(of:)`` returns every version in ascending order.
/// - Notices hold no personal data and are never deleted: consents refer to them.
public protocol NoticeStore: Sendable {
    /// Publishes the next version of a notice.
    /// - Throws: ``StorageError`` `.conflict` unless `notice.version` is the latest version + 1.
    func publish(_ notice: PrivacyNotice) async throws

    /// One version, or `nil` when it was never published.
    func notice(_ id: NoticeID, version: Int) async throws -> PrivacyNotice?

    /// Every version of a notice, ascending; empty when unknown.
    func versions(of id: NoticeID) async throws -> [PrivacyNotice]

    /// The ids of every notice with at least one version.
    func noticeIDs() async throws -> [NoticeID]
}

extension NoticeStore {
    /// The latest version of a notice, or `nil` when it has none.
    public func latest(_ id: NoticeID) async throws -> PrivacyNotice? {
        try await versions(of: id).last
    }
}
