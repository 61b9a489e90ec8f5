/// AES-CMAC (NIST SP 800-38B, RFC 4493 for AES-128; the same construction
/// for AES-192 and AES-256): a 16-byte message authentication code built on
/// the constant-time ``AESBlockCipher``.
///
/// ```swift
/// let cmac = try AESCMAC(key: key)
/// let tag = cmac.authenticationCode(for: message)       // AESBlock
/// let ok = cmac.isValidAuthenticationCode(tagBytes, for: message)
/// ```
///
/// The key schedule and both subkeys (K1, K2) are computed once in `init`;
/// a MAC then costs one AES block per 16 bytes of message, allocation-free.
/// CBC-MAC is sequential, so every block goes through the single-block path
/// of the bitsliced core. Key material never prints: the mirror shows only
/// the key size.
package struct AESCMAC: Sendable, CustomReflectable {
    /// The tag size in bytes (the full AES block; truncation is not offered).
    package static let tagByteCount = 16

    private let cipher: AESBlockCipher
    /// dbl(AES_K(0^128)): whitens a final block that is complete.
    private let subkey1: AESBlock
    /// dbl(dbl(AES_K(0^128))): whitens a final block that had to be padded.
    private let subkey2: AESBlock

    /// Prepares CMAC with an AES key of 16, 24 or 32 bytes.
    ///
    /// Cost: one AES key expansion and one block encryption.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidKeySize` for any other key length.
    package init(key: SymmetricKey) throws {
        try self.init(cipher: AESBlockCipher(key: key))
    }

    /// Prepares CMAC over an already expanded cipher, sharing its key schedule.
    package init(cipher: AESBlockCipher) {
        self.cipher = cipher
        var l = AESBlock.zero
        cipher.encryptBlock(&l)
        subkey1 = l.doubled()
        subkey2 = subkey1.doubled()
    }

    /// The AES key size in bits: 128, 192 or 256.
    package var keyBitCount: Int { cipher.keyBitCount }

    /// Shows the key size only, never key material.
    package var customMirror: Mirror { Mirror(self, children: ["keyBitCount": keyBitCount]) }

    /// The 16-byte CMAC of `message`; allocation-free for contiguous collections.
    package func authenticationCode<Bytes: Sequence<UInt8>>(for message: Bytes) -> AESBlock {
        message.withContiguousBytes { authenticationCode(for: $0) }
    }

    /// The 16-byte CMAC of the bytes in `message`; allocation-free.
    package func authenticationCode(for message: UnsafeRawBufferPointer) -> AESBlock {
        authenticationCode(for: message, xoringEnd: .zero)
    }

    /// Whether `code` is the CMAC of `message`, compared in constant time.
    ///
    /// Only the full 16-byte tag is accepted: a code of any other length is
    /// refused (returns `false`) without computing anything.
    package func isValidAuthenticationCode<Code: Collection<UInt8>, Bytes: Sequence<UInt8>>(
        _ code: Code, for message: Bytes
    ) -> Bool {
        guard code.count == Self.tagByteCount else { return false }
        let expected = authenticationCode(for: message)
        return expected.withUnsafeBytes { ConstantTime.equals($0, code) }
    }

    /// The CMAC of `message` under a one-off key, as 16 bytes.
    ///
    /// Expands the key for this one call; keep an ``AESCMAC`` around when
    /// the same key authenticates many messages.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidKeySize` unless the key is
    ///   16, 24 or 32 bytes long.
    package static func authenticationCode<Bytes: Sequence<UInt8>>(for message: Bytes, key: SymmetricKey) throws -> [UInt8] {
        try AESCMAC(key: key).authenticationCode(for: message).bytes
    }

    /// CMAC of `message` with `mask` XORed into its last 16 bytes first: the
    /// `xorend` step of S2V (RFC 5297 §2.4), done without copying the message.
    ///
    /// A zero mask gives plain CMAC. A non-zero mask needs a message of at
    /// least 16 bytes (S2V only uses it then).
    func authenticationCode(for message: UnsafeRawBufferPointer, xoringEnd mask: AESBlock) -> AESBlock {
        let count = message.count
        precondition(count >= 16 || mask == .zero, "xorend needs at least 16 message bytes")
        // The last block (complete or partial) starts here; an empty message
        // is one empty, padded block.
        let lastStart = count == 0 ? 0 : (count - 1) / 16 * 16
        // The final 16 bytes may straddle the last two blocks, so those two
        // are copied to a local buffer where the mask and padding are applied.
        let tailStart = max(0, lastStart - 16)

        var chain = AESBlock.zero
        var offset = 0
        while offset < tailStart {
            chain ^= AESBlock(loadingFrom: message, atByteOffset: offset)
            cipher.encryptBlock(&chain)
            offset += 16
        }

        var tail: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &tail) { tail in
            let tailCount = count - tailStart
            if tailCount > 0 {
                tail.copyMemory(from: UnsafeRawBufferPointer(rebasing: message[tailStart...]))
            }
            if tailCount >= 16 {
                let end = tailCount - 16
                let masked = AESBlock(loadingFrom: UnsafeRawBufferPointer(tail), atByteOffset: end) ^ mask
                masked.store(to: tail, atByteOffset: end)
            }
            var lastOffset = 0
            if tailCount > 16 {
                chain ^= AESBlock(loadingFrom: UnsafeRawBufferPointer(tail), atByteOffset: 0)
                cipher.encryptBlock(&chain)
                lastOffset = 16
            }
            let lastCount = tailCount - lastOffset
            // The message length is public, so branching on it leaks nothing.
            if lastCount == 16 {
                chain ^= AESBlock(loadingFrom: UnsafeRawBufferPointer(tail), atByteOffset: lastOffset) ^ subkey1
            } else {
                tail[lastOffset + lastCount] = 0x80
                chain ^= AESBlock(loadingFrom: UnsafeRawBufferPointer(tail), atByteOffset: lastOffset) ^ subkey2
            }
            cipher.encryptBlock(&chain)
            return chain
        }
    }
}
