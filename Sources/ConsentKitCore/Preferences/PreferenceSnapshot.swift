/// A subject's stored preferences with the version they were read at.
///
/// Pass ``version`` back as the expected version of the next write, so a
/// concurrent writer is detected instead of overwritten.
public struct PreferenceSnapshot: Hashable, Sendable {
    /// The number of successful writes since the subject's preferences were
    /// created (0 when there are none, and again after an erasure).
    public let version: Int
    /// The preferences, in ``Preference/storageOrder(_:_:)``.
    public let preferences: [Preference]

    /// Creates a snapshot.
    public init(version: Int, preferences: [Preference]) {
        self.version = version
        self.preferences = preferences
    }

    /// No preferences, version 0.
    public static let empty = PreferenceSnapshot(version: 0, preferences: [])

    /// The preference stored for `key` and `purpose`, if any.
    public func preference(_ key: PreferenceKey, for purpose: PurposeID) -> Preference? {
        preferences.first { $0.key == key && $0.purpose == purpose }
    }
}
