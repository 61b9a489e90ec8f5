/// Where per-subject pseudonym keys live: the one place that can link a
/// ``SubjectPseudonym`` in the audit log back to a subject.
///
/// Keep it apart from the audit log (another table or database, ideally
/// another access role), because whoever reads both can re-identify entries
/// until a key is erased. The contract:
/// - ``key(for:)`` is atomic per subject: concurrent first calls from several
///   instances all get the one key that was stored (insert-if-absent, then read).
/// - ``eraseKey(for:)`` really deletes: no copy stays behind in the store
///   (backups age out on their own schedule, which the host must document).
///   Afterwards ``existingKey(for:)`` returns `nil`, and ``key(for:)``
///   creates a new, unrelated key.
public protocol PseudonymKeyStore: Sendable {
    /// The subject's key, created with ``PseudonymKey/random()`` and stored if there is none.
    /// - Throws: storage errors as they come.
    func key(for subject: SubjectID) async throws -> PseudonymKey

    /// The subject's key if one exists, without creating one.
    /// - Throws: storage errors as they come.
    func existingKey(for subject: SubjectID) async throws -> PseudonymKey?

    /// Destroys the subject's key. Idempotent.
    /// - Throws: storage errors as they come.
    func eraseKey(for subject: SubjectID) async throws
}
