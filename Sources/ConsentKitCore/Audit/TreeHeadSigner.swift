/// Signs tree heads, turning them into evidence a third party can check.
///
/// ConsentKit ships ``HMACTreeHeadSigner`` (a shared secret: the host and its
/// own auditors can verify). To let customers or regulators verify without a
/// shared secret, conform an asymmetric signer (Ed25519, ECDSA P-256 in a
/// KMS or HSM) and hand them the matching ``TreeHeadSignatureVerifier``.
///
/// The signed message is always ``TreeHead/signingBytes``.
public protocol TreeHeadSigner: Sendable {
    /// Names the key, carried in every ``SignedTreeHead`` so verifiers can
    /// pick the right key across rotations. Not secret.
    var keyID: String { get }

    /// The signature over `message`.
    /// - Throws: whatever the signing backend throws; nothing is signed then.
    func signature(for message: [UInt8]) async throws -> [UInt8]
}

extension TreeHeadSigner {
    /// Signs `head`.
    /// - Throws: whatever ``signature(for:)`` throws.
    public func sign(_ head: TreeHead) async throws -> SignedTreeHead {
        SignedTreeHead(treeHead: head, keyID: keyID, signature: try await signature(for: head.signingBytes))
    }
}
