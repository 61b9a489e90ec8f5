public import ConsentKitCore

extension AuditEntry.Kind {
    /// A masked value was turned back into the original (a token detokenized,
    /// a ciphertext decrypted), or someone tried to and was refused. Written by
    /// ``Reidentifier`` before anything is revealed.
    public static let reidentification = AuditEntry.Kind(rawValue: "reidentification")
}
