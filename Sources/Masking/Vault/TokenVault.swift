public import ConsentKitCore

/// Where tokens and the values they stand for are kept: random tokens out,
/// values back only through the vault.
///
/// Tokenization replaces a value (a card number, an email address) with a
/// ``Token`` that carries nothing about it, so downstream systems can store,
/// join and log the token while the value stays in one place. Reading a value
/// back is re-identification: go through a ``Reidentifier``, which checks the
/// policy and writes the audit entry first.
///
/// ## Contract for adapters
/// - **Random tokens.** Every new token comes from ``Token/random()``; a
///   token is never derived from its value, so the same value tokenized in
///   two vaults, or again after an erasure, gets an unrelated token.
/// - **One token per value and namespace.** Tokenizing a value that already
///   has a token in that namespace returns that token — even when several
///   app instances tokenize the same new value at the same moment: exactly
///   one token may win (for SQL: a unique index on `(namespace, index
///   digest)` and insert-or-read in one transaction). Values are compared
///   byte for byte: no case folding, no Unicode normalization.
/// - **A keyed index, never a plain one.** The lookup by value goes through
///   ``TokenVaultKey/indexDigest(of:in:)``; the value itself is stored only
///   sealed with ``TokenVaultKey/seal(_:token:namespace:)``. A column holding
///   values or unkeyed hashes of them would let anyone with the database
///   recover the values by hashing every plausible card or phone number.
/// - **Namespaces are separate.** The same value gets different tokens in
///   different namespaces, and a token resolves only in the namespace that
///   issued it (``detokenize(_:namespace:)`` returns `nil` elsewhere).
/// - **Erasure wins.** ``deleteTokens(of:)`` deletes every token linked to the
///   subject, in every namespace, with its sealed value and index entry —
///   also when another subject is linked to the same token, because an
///   erasure must not be defeated by someone else's link. Afterwards those
///   tokens resolve to `nil`, and tokenizing the value again gives a new token.
/// - **Limits and errors.** A value over
///   ``TokenVaultLimits/maximumValueByteCount`` UTF-8 bytes throws
///   ``MaskingError`` `.tooLarge` and stores nothing. A backend that fails,
///   or stored state that does not open (``TokenVaultKey/open(_:token:namespace:)``),
///   throws ``MaskingError`` `.vaultFailure` (or the driver's own error for
///   an outage); never a partial or guessed value.
///
/// `ConsentKitTesting.TokenVaultConformance` checks all of this.
public protocol TokenVault: Sendable {
    /// The token for `value` in `namespace`: the existing one when the value
    /// was tokenized there before, else a new random token. When `subject` is
    /// given, the token is linked to that data subject (in addition to any
    /// earlier links) so ``deleteTokens(of:)`` can erase it.
    /// - Throws: ``MaskingError`` `.tooLarge` over
    ///   ``TokenVaultLimits/maximumValueByteCount`` UTF-8 bytes,
    ///   `.vaultFailure` when the backend fails.
    func tokenize(_ value: String, namespace: TokenNamespace, subject: SubjectID?) async throws -> Token

    /// The value `token` stands for in `namespace`, or `nil` when the vault
    /// holds no such token there (never issued, erased, or another namespace's).
    /// - Throws: ``MaskingError`` `.vaultFailure` for a backend failure or
    ///   stored state that fails authentication.
    func detokenize(_ token: Token, namespace: TokenNamespace) async throws -> String?

    /// Deletes every token linked to `subject`, in every namespace, with its
    /// value and index entry; returns how many tokens were deleted (0 for an
    /// unknown subject).
    /// - Throws: ``MaskingError`` `.vaultFailure` when the backend fails
    ///   (then nothing or everything was deleted: retry).
    func deleteTokens(of subject: SubjectID) async throws -> Int
}

extension TokenVault {
    /// Tokenizes `value` without linking it to a data subject.
    /// - Throws: as ``tokenize(_:namespace:subject:)``.
    public func tokenize(_ value: String, namespace: TokenNamespace) async throws -> Token {
        try await tokenize(value, namespace: namespace, subject: nil)
    }

    /// Tokenizes several values of one subject in one namespace; the tokens
    /// come back in the order of `values` (equal values get equal tokens).
    ///
    /// The default makes one ``tokenize(_:namespace:subject:)`` call per value;
    /// adapters may answer in one round trip. Values are checked against the
    /// size limit before any is stored.
    /// - Throws: ``MaskingError`` `.tooLarge` naming the first oversized value's
    ///   position (nothing stored); otherwise as ``tokenize(_:namespace:subject:)``,
    ///   after which some values may already have tokens (tokenizing again is safe).
    public func tokenize(
        contentsOf values: [String], namespace: TokenNamespace, subject: SubjectID? = nil
    ) async throws -> [Token] {
        for (position, value) in values.enumerated() {
            do {
                try validateTokenization(of: value, namespace: namespace)
            } catch {
                throw MaskingError(code: error.code, message: "value \(position) of \(values.count): \(error.message)")
            }
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(values.count)
        for value in values {
            tokens.append(try await tokenize(value, namespace: namespace, subject: subject))
        }
        return tokens
    }

    /// Checks `value` against the contract's limits, for adapters to call first.
    /// - Throws: ``MaskingError`` `.tooLarge` over
    ///   ``TokenVaultLimits/maximumValueByteCount`` UTF-8 bytes.
    public func validateTokenization(of value: String, namespace: TokenNamespace) throws(MaskingError) {
        let byteCount = value.utf8.count
        guard byteCount <= TokenVaultLimits.maximumValueByteCount else {
            throw TokenVaultKey.tooLarge(byteCount, namespace: namespace)
        }
    }
}
