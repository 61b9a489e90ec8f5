import ConsentKitCrypto

/// A ``TreeHead`` with a signature over its ``TreeHead/signingBytes``.
///
/// Publish or hand these out (in receipts, to auditors): a later signed head
/// plus a ``ConsistencyProof`` shows the log only grew in between, and nobody
/// without the signing key can produce a head the verifier accepts.
/// `Codable`; the signature is encoded as lower-case hex.
public struct SignedTreeHead: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The signed head.
    public let treeHead: TreeHead
    /// The key that signed it (``TreeHeadSigner/keyID``).
    public let keyID: String
    /// The signature bytes, in the signer's format.
    public let signature: [UInt8]

    /// Wraps a head and its signature; nothing is checked until ``verify(using:)``.
    public init(treeHead: TreeHead, keyID: String, signature: [UInt8]) {
        self.treeHead = treeHead
        self.keyID = keyID
        self.signature = signature
    }

    /// Checks the signature.
    /// - Throws: ``AuditError`` `.invalidSignature` when `verifier` rejects it.
    public func verify(using verifier: any TreeHeadSignatureVerifier) throws(AuditError) {
        guard verifier.isValidSignature(signature, for: treeHead.signingBytes, keyID: keyID) else {
            throw AuditError(
                code: .invalidSignature,
                message: "signature by key \(keyID.debugDescription) does not verify for \(treeHead)")
        }
    }

    /// The head and key id; the signature bytes are left out.
    public var description: String { "SignedTreeHead(\(treeHead), key: \(keyID))" }

    private enum CodingKeys: String, CodingKey {
        case treeHead, keyID, signature
    }

    /// Decodes the head, key id and hex signature.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        treeHead = try container.decode(TreeHead.self, forKey: .treeHead)
        keyID = try container.decode(String.self, forKey: .keyID)
        let hex = try container.decode(String.self, forKey: .signature)
        guard let bytes = Hex.decode(hex) else {
            throw DecodingError.dataCorruptedError(
                forKey: .signature, in: container, debugDescription: "signature must be hex, got \(hex.debugDescription)")
        }
        signature = bytes
    }

    /// Encodes the head, key id and hex signature.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(treeHead, forKey: .treeHead)
        try container.encode(keyID, forKey: .keyID)
        try container.encode(Hex.encode(signature), forKey: .signature)
    }
}
