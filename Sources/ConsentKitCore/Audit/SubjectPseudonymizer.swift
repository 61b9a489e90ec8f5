import ConsentKitCrypto

/// Turns subject identifiers into the keyed pseudonyms audit entries carry,
/// and erases subjects by destroying their keys.
///
/// The pseudonym is `HMAC-SHA256(k_s, "ConsentKit.audit.subject.v1" ‖ 0x00 ‖ id)`
/// under the subject's own random key `k_s` from a ``PseudonymKeyStore``.
/// Without `k_s` it is indistinguishable from random bytes, so:
/// - the audit log holds no subject identifier, only pseudonyms;
/// - the same subject gets the same pseudonym in every entry until erased,
///   so the host can still answer "what happened to my data" from the log;
/// - after ``erase(_:)`` nobody, including the host, can tell which entries
///   were the subject's, yet not one byte of the log changes, so every
///   leaf hash, root, signed tree head and proof stays valid.
public struct SubjectPseudonymizer: Sendable {
    private static let domain: [UInt8] = Array("ConsentKit.audit.subject.v1".utf8) + [0]

    /// Where the per-subject keys live.
    public let keyStore: any PseudonymKeyStore

    /// A pseudonymizer over `keyStore`.
    public init(keyStore: any PseudonymKeyStore = InMemoryPseudonymKeyStore()) {
        self.keyStore = keyStore
    }

    /// The subject's pseudonym, creating their key on first use.
    /// - Throws: key store errors.
    public func pseudonym(for subject: SubjectID) async throws -> SubjectPseudonym {
        Self.pseudonym(for: subject, key: try await keyStore.key(for: subject))
    }

    /// The subject's pseudonym if they have a key, `nil` when they never had
    /// one or were erased.
    /// - Throws: key store errors.
    public func existingPseudonym(for subject: SubjectID) async throws -> SubjectPseudonym? {
        try await keyStore.existingKey(for: subject).map { Self.pseudonym(for: subject, key: $0) }
    }

    /// Destroys the subject's key: their existing entries become unlinkable.
    /// - Throws: key store errors; the key may then still exist, so retry.
    public func erase(_ subject: SubjectID) async throws {
        try await keyStore.eraseKey(for: subject)
    }

    /// The pseudonym of `subject` under `key`. Cost: one HMAC-SHA256.
    public static func pseudonym(for subject: SubjectID, key: PseudonymKey) -> SubjectPseudonym {
        var mac = HMACSHA256(key: HMACSHA256Key(key.key))
        mac.update(domain)
        mac.update(subject.rawValue.utf8)
        return SubjectPseudonym(digest: mac.finalize())
    }
}
