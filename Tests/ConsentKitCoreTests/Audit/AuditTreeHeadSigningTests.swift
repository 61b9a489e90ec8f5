import ConsentKitCore
import Foundation
import Testing

/// Tree head signing bytes, the built-in HMAC signer, and signed heads.
@Suite("Audit: tree head signing")
struct AuditTreeHeadSigningTests {
    static let root = try! MerkleHash(bytes: Array(0..<32))
    static let head = TreeHead(size: 42, rootHash: root, timestampMilliseconds: 1_767_225_600_123)
    static let key: [UInt8] = Array(0x40..<0x60)

    @Test func signingBytesFollowTheDocumentedLayout() {
        // "CKTH" 01 | size 42 big-endian | time big-endian | root.
        let expected =
            "434b544801" + "000000000000002a" + "0000019b76daa87b" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        #expect(Self.head.signingBytes == AuditTestSupport.bytes(hex: expected))
        #expect(Self.head.signingBytes.count == TreeHead.signingByteCount)
    }

    @Test func hmacSignatureMatchesAnIndependentImplementation() async throws {
        let signer = try HMACTreeHeadSigner(keyID: "audit-2026", key: Self.key)
        let signed = try await signer.sign(Self.head)
        // HMAC-SHA256(key 0x40…0x5f, signing bytes), from Python's hmac module.
        #expect(
            signed.signature
                == AuditTestSupport.bytes(hex: "b853ef773fc5121dfc5336ca9520cd99dc5e4098705d3907c1b1010c14de22b3"))
        #expect(signed.keyID == "audit-2026")
        try signed.verify(using: signer)
    }

    @Test func anyChangeToASignedHeadFailsVerification() async throws {
        let signer = try HMACTreeHeadSigner(keyID: "audit-2026", key: Self.key)
        let signed = try await signer.sign(Self.head)
        var forgeries: [SignedTreeHead] = [
            SignedTreeHead(
                treeHead: TreeHead(size: 43, rootHash: Self.root, timestampMilliseconds: Self.head.timestampMilliseconds),
                keyID: signed.keyID, signature: signed.signature),
            SignedTreeHead(
                treeHead: TreeHead(size: 42, rootHash: Self.root, timestampMilliseconds: Self.head.timestampMilliseconds + 1),
                keyID: signed.keyID, signature: signed.signature),
            SignedTreeHead(treeHead: Self.head, keyID: "audit-2025", signature: signed.signature),
            SignedTreeHead(treeHead: Self.head, keyID: signed.keyID, signature: Array(signed.signature.prefix(16))),
            SignedTreeHead(treeHead: Self.head, keyID: signed.keyID, signature: []),
        ]
        for bit in 0..<256 {
            let root = try MerkleHash(bytes: AuditTestSupport.flipping(Self.root.bytes, bit: bit))
            forgeries.append(
                SignedTreeHead(
                    treeHead: TreeHead(size: 42, rootHash: root, timestampMilliseconds: Self.head.timestampMilliseconds),
                    keyID: signed.keyID, signature: signed.signature))
            forgeries.append(
                SignedTreeHead(
                    treeHead: Self.head, keyID: signed.keyID,
                    signature: AuditTestSupport.flipping(signed.signature, bit: bit)))
        }
        for forgery in forgeries {
            let error = #expect(throws: AuditError.self) { try forgery.verify(using: signer) }
            #expect(error?.code == .invalidSignature)
        }
        let otherKey = try HMACTreeHeadSigner(keyID: "audit-2026", key: [UInt8](repeating: 1, count: 32))
        #expect(throws: AuditError.self) { try signed.verify(using: otherKey) }
    }

    @Test func weakKeysAndBadKeyIDsAreRefused() {
        #expect(AuditTestSupport.errorCode { _ = try HMACTreeHeadSigner(keyID: "k", key: Array(repeating: 1, count: 31)) } == .invalidKey)
        #expect(AuditTestSupport.errorCode { _ = try HMACTreeHeadSigner(keyID: "", key: Self.key) } == .invalidKey)
        #expect(AuditTestSupport.errorCode { _ = try HMACTreeHeadSigner(keyID: "k\n", key: Self.key) } == .invalidKey)
        #expect(HMACTreeHeadSigner.generateKey().count == 32)
        #expect(HMACTreeHeadSigner.generateKey() != HMACTreeHeadSigner.generateKey())
    }

    @Test func theKeyNeverPrints() throws {
        let signer = try HMACTreeHeadSigner(keyID: "audit-2026", key: Array(repeating: 0xAB, count: 32))
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [String(describing: signer), String(reflecting: signer), dumped] {
            #expect(!text.lowercased().contains("abab"))
            #expect(!text.contains("171"))
        }
    }

    @Test func signedHeadsRoundTripThroughJSON() async throws {
        let signer = try HMACTreeHeadSigner(keyID: "audit-2026", key: Self.key)
        let signed = try await signer.sign(Self.head)
        let json = try JSONEncoder().encode(signed)
        #expect(String(decoding: json, as: UTF8.self).contains("b853ef77"))
        let decoded = try JSONDecoder().decode(SignedTreeHead.self, from: json)
        #expect(decoded == signed)
        try decoded.verify(using: signer)
        let bad = Data(#"{"treeHead":{"size":1,"rootHash":"00","timestampMilliseconds":0},"keyID":"k","signature":"zz"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SignedTreeHead.self, from: bad) }
    }
}
