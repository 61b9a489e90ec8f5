public import ConsentKitCore

extension Reidentifier {
    /// Decrypts AES-SIV output (``DeterministicEncryption``) if the policy
    /// permits `access` to reveal `context.field`, auditing the attempt first
    /// (method `aes-siv`).
    /// - Throws: as ``reveal(field:subject:for:method:_:)``; the cipher's
    ///   ``MaskingError`` (`.authenticationFailed` for another context or a
    ///   tampered value, `.unknownKey` for a dropped key) after the audit entry.
    public func decrypt(
        _ ciphertext: String, with cipher: DeterministicEncryption, context: MaskingContext, subject: SubjectID?,
        for access: AccessContext
    ) async throws -> String {
        try await reveal(field: context.field, subject: subject, for: access, method: "aes-siv") {
            try cipher.decrypt(ciphertext, context: context)
        }
    }

    /// Decrypts NIST FF1 output (``FormatPreservingEncryption``) if the policy
    /// permits `access` to reveal `context.field`, auditing the attempt first
    /// (method `ff1`).
    /// - Throws: as ``reveal(field:subject:for:method:_:)``; the cipher's
    ///   ``MaskingError`` after the audit entry.
    public func decrypt(
        _ ciphertext: String, with cipher: FormatPreservingEncryption, context: MaskingContext, subject: SubjectID?,
        for access: AccessContext
    ) async throws -> String {
        try await reveal(field: context.field, subject: subject, for: access, method: "ff1") {
            try cipher.decrypt(ciphertext, context: context)
        }
    }
}
