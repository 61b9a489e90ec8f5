/// Checks tree head signatures: the public half of a ``TreeHeadSigner``.
///
/// Offline and synchronous, so a monitor or a customer's device can check a
/// head without reaching the log.
public protocol TreeHeadSignatureVerifier: Sendable {
    /// Whether `signature` is a valid signature by the key named `keyID` over
    /// `message`. Returns `false`, never throws, for unknown keys and
    /// malformed signatures.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8], keyID: String) -> Bool
}
