public import ConsentKitCore
import Synchronization

/// The embedded ``TokenVault``: tokens in process memory behind a mutex,
/// values sealed with ChaCha20-Poly1305 and indexed by keyed digest exactly as
/// the contract asks of a database adapter.
///
/// Fits tests, demos and single-instance hosts; everything — and with a
/// generated key, every token's meaning — is lost when the process ends.
/// Sealing and hashing happen outside the lock; each critical section is a
/// few dictionary operations. Memory: per token, the value plus roughly
/// 200 bytes (sealing overhead, index digest, token, dictionary entries).
///
/// Stored state cannot be corrupted in memory, but values are still opened
/// with ``TokenVaultKey/open(_:token:namespace:)``, so a broken invariant
/// would surface as ``MaskingError`` `.vaultFailure` like in any adapter.
public final class InMemoryTokenVault: TokenVault {
    private struct Slot: Hashable {
        let namespace: TokenNamespace
        let token: Token
    }

    private struct Record {
        let sealed: [UInt8]
        let digest: [UInt8]
        var subjects: Set<SubjectID>
    }

    private struct State {
        var records: [Slot: Record] = [:]
        /// Keyed digest of (namespace, value) → its token; never the value.
        var index: [[UInt8]: Slot] = [:]
        var links: [SubjectID: Set<Slot>] = [:]
    }

    private let key: TokenVaultKey
    private let state = Mutex(State())

    /// An empty vault.
    /// - Parameter key: seals values and keys the index; fresh random
    ///   secrets by default, which is all an in-memory vault needs.
    public init(key: TokenVaultKey = .generate()) {
        self.key = key
    }

    /// The number of tokens held, in every namespace. Cost: a lock.
    public var tokenCount: Int {
        state.withLock { $0.records.count }
    }

    /// The value's token in `namespace`, issuing a random one the first time;
    /// see ``TokenVault/tokenize(_:namespace:subject:)``. Concurrent calls for
    /// the same new value all return the token of whichever call stored first.
    /// Cost: one HMAC, and for a new value one seal, over the value.
    /// - Throws: ``MaskingError`` `.tooLarge` over ``TokenVaultLimits/maximumValueByteCount`` UTF-8 bytes.
    public func tokenize(_ value: String, namespace: TokenNamespace, subject: SubjectID?) async throws(MaskingError) -> Token {
        try tokenizeNow(value, namespace: namespace, subject: subject)
    }

    /// The value behind `token` in `namespace`, or `nil`.
    /// - Throws: ``MaskingError`` `.vaultFailure` if a stored value failed to open.
    public func detokenize(_ token: Token, namespace: TokenNamespace) async throws(MaskingError) -> String? {
        try detokenizeNow(token, namespace: namespace)
    }

    /// Deletes every token linked to `subject` with its value and index entry; returns how many.
    public func deleteTokens(of subject: SubjectID) async throws(MaskingError) -> Int {
        deleteNow(subject)
    }

    // The locked sections live in synchronous helpers: typed throws out of a
    // closure inside an async function crash the 6.3 optimizer.

    private func tokenizeNow(_ value: String, namespace: TokenNamespace, subject: SubjectID?) throws(MaskingError) -> Token {
        try validateTokenization(of: value, namespace: namespace)
        let digest = key.indexDigest(of: value, in: namespace)
        if let existing = existingToken(digest, linking: subject) { return existing }
        while true {
            // Sealed outside the lock; the insert re-checks, so a racing call's token wins.
            let token = Token.random()
            let sealed = try key.seal(value, token: token, namespace: namespace)
            let slot = Slot(namespace: namespace, token: token)
            let stored: Token? = state.withLock { state in
                if let winner = state.index[digest] {
                    Self.link(subject, to: winner, in: &state)
                    return winner.token
                }
                // A 130-bit collision is not going to happen, but a retry costs nothing to write.
                guard state.records[slot] == nil else { return nil }
                state.records[slot] = Record(sealed: sealed, digest: digest, subjects: [])
                state.index[digest] = slot
                Self.link(subject, to: slot, in: &state)
                return token
            }
            if let stored { return stored }
        }
    }

    private func existingToken(_ digest: [UInt8], linking subject: SubjectID?) -> Token? {
        state.withLock { state in
            guard let slot = state.index[digest] else { return nil }
            Self.link(subject, to: slot, in: &state)
            return slot.token
        }
    }

    private static func link(_ subject: SubjectID?, to slot: Slot, in state: inout State) {
        guard let subject else { return }
        state.records[slot]?.subjects.insert(subject)
        state.links[subject, default: []].insert(slot)
    }

    private func detokenizeNow(_ token: Token, namespace: TokenNamespace) throws(MaskingError) -> String? {
        let sealed = state.withLock { $0.records[Slot(namespace: namespace, token: token)]?.sealed }
        guard let sealed else { return nil }
        return try key.open(sealed, token: token, namespace: namespace)
    }

    private func deleteNow(_ subject: SubjectID) -> Int {
        state.withLock { state in
            guard let slots = state.links.removeValue(forKey: subject) else { return 0 }
            var deleted = 0
            for slot in slots {
                guard let record = state.records.removeValue(forKey: slot) else { continue }
                deleted += 1
                state.index.removeValue(forKey: record.digest)
                // Erasure wins over other subjects' links to the same token.
                for other in record.subjects where other != subject {
                    state.links[other]?.remove(slot)
                    if state.links[other]?.isEmpty == true { state.links.removeValue(forKey: other) }
                }
            }
            return deleted
        }
    }
}
