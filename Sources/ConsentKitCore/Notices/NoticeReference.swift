/// Names one exact version of a notice: what the subject was shown.
public struct NoticeReference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The notice.
    public let id: NoticeID
    /// Its version.
    public let version: Int
    /// The SHA-256 content hash of that version (``PrivacyNotice/contentHash``).
    public let contentHash: String

    /// Creates a reference.
    public init(id: NoticeID, version: Int, contentHash: String) {
        self.id = id
        self.version = version
        self.contentHash = contentHash
    }

    public var description: String { "\(id) v\(version)" }
}
