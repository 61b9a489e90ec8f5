import ConsentKitCrypto

/// Entry points into the internal crypto core for the separate Benchmarks
/// package, which cannot see `package` declarations.
///
/// Not API: available only through `@_spi(Benchmarks) import ConsentKitCore`
/// and free to change in any release. Every entry point forwards to the
/// allocation-free core without adding work of its own, so what the
/// benchmarks measure is the code the SDK runs.
@_spi(Benchmarks)
public enum CryptoBenchmarkSupport {
    /// SHA-256 of `input`; returns the first eight digest bytes so the
    /// benchmark can black-hole a result without allocating.
    public static func sha256(_ input: UnsafeRawBufferPointer) -> UInt64 {
        SHA256.hash(input).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    /// An HMAC-SHA256 key with its padded states precomputed.
    public struct HMACKey: Sendable {
        let key: HMACSHA256Key

        /// Prepares `bytes` as an HMAC-SHA256 key.
        public init(_ bytes: [UInt8]) {
            key = HMACSHA256Key(bytes)
        }
    }

    /// HMAC-SHA256 of `message` under a prepared key; returns the first eight MAC bytes.
    public static func hmacSHA256(_ message: UnsafeRawBufferPointer, key: HMACKey) -> UInt64 {
        HMACSHA256.authenticationCode(for: message, using: key.key).withUnsafeBytes {
            $0.loadUnaligned(as: UInt64.self)
        }
    }

    /// HKDF-SHA256 extract-and-expand.
    /// - Throws: `CryptoError` for an output length over 8,160 bytes.
    public static func hkdfSHA256(
        inputKeyMaterial: [UInt8],
        salt: [UInt8],
        info: [UInt8],
        outputByteCount: Int
    ) throws -> [UInt8] {
        let prk = HKDFSHA256.extract(salt: salt, inputKeyMaterial: inputKeyMaterial)
        return try prk.withUnsafeBytes {
            try HKDFSHA256.expand(pseudoRandomKey: $0, info: info, outputByteCount: outputByteCount)
        }
    }

    /// ChaCha20-Poly1305 seal into caller-provided buffers.
    /// - Throws: `CryptoError` for wrong key, nonce or tag sizes.
    public static func chaChaPolySeal(
        _ plaintext: UnsafeRawBufferPointer,
        into ciphertext: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer
    ) throws {
        try ChaChaPoly.seal(plaintext, into: ciphertext, tag: tag, key: key, nonce: nonce, aad: aad)
    }

    /// XORs the ChaCha20 keystream (counter 1) over `input` into `output`.
    /// - Throws: `CryptoError` for a wrong key or nonce size.
    public static func chaCha20(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer
    ) throws {
        var cipher = try ChaCha20(key: key, nonce: nonce, counter: 1)
        cipher.xor(input, into: output)
    }

    /// An expanded AES key.
    public struct AESCipher: Sendable {
        let cipher: AESBlockCipher

        /// Expands a 16-, 24- or 32-byte key.
        /// - Throws: `CryptoError` for any other key length.
        public init(key: [UInt8]) throws {
            cipher = try AESBlockCipher(key: SymmetricKey(bytes: key))
        }

        /// Encrypts one block given as two 64-bit words (memory order) in place.
        public func encryptBlock(_ words: inout (UInt64, UInt64)) {
            var block = AESBlock(low: words.0, high: words.1)
            cipher.encryptBlock(&block)
            words = (block.low, block.high)
        }

        /// Encrypts whole 16-byte blocks from `input` into `output`.
        /// - Throws: `CryptoError` for lengths that differ or are not a multiple of 16.
        public func encryptBlocks(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
            try cipher.encryptBlocks(input, into: output)
        }
    }
}
