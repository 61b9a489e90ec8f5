/// A purpose resolved against one ``PrivacyCatalog``: its position in the
/// catalog. Resolve once at start-up with ``PrivacyCatalog/handle(for:)`` and
/// decisions become an array index instead of a string hash.
///
/// A handle is only meaningful for the catalog that produced it.
public struct PurposeHandle: Hashable, Sendable, Comparable {
    /// The purpose's index in ``PrivacyCatalog/purposes``.
    public let index: Int

    init(index: Int) { self.index = index }

    public static func < (lhs: PurposeHandle, rhs: PurposeHandle) -> Bool { lhs.index < rhs.index }
}
