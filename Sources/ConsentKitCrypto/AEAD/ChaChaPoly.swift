/// ChaCha20-Poly1305 authenticated encryption with associated data (AEAD),
/// as specified in RFC 8439 §2.8.
///
/// Sealing encrypts a plaintext and computes a 16-byte tag over the
/// ciphertext and optional associated data (authenticated, not encrypted).
/// Opening verifies the tag in constant time before decrypting anything, so a
/// forged or corrupted box releases no plaintext.
///
/// ```swift
/// let box = try ChaChaPoly.seal(record, using: key, authenticating: header)
/// let wire = box.combined                       // nonce ‖ ciphertext ‖ tag
/// let plain = try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: wire), using: key, authenticating: header)
/// ```
///
/// A (key, nonce) pair must never seal two messages. Random 96-bit nonces
/// (the default) are safe for about 2^32 messages per key; beyond that, use
/// a counter nonce or rotate keys.
package enum ChaChaPoly {
    /// The key size in bytes.
    package static let keyByteCount = 32
    /// The nonce size in bytes.
    package static let nonceByteCount = 12
    /// The tag size in bytes.
    package static let tagByteCount = 16
    /// The longest plaintext one nonce can seal, 2^38 - 64 bytes (RFC 8439 §2.8):
    /// ChaCha20's 32-bit counter yields 2^32 blocks and block 0 keys Poly1305.
    package static let maximumPlaintextByteCount: UInt64 = (1 << 38) - 64

    private static let algorithm = "ChaCha20-Poly1305"

    // MARK: - Sealing

    /// Encrypts `plaintext` and authenticates it together with `aad`.
    ///
    /// Allocates the ciphertext and tag arrays; one pass of ChaCha20 and one
    /// of Poly1305 over the data.
    ///
    /// - Parameter nonce: must never repeat under `key`; a fresh random nonce when omitted.
    /// - Throws: ``CryptoError/invalidKeySize(_:expected:algorithm:)`` unless `key`
    ///   is 32 bytes; ``CryptoError/inputTooLong(_:maximum:algorithm:)`` when the
    ///   plaintext exceeds ``maximumPlaintextByteCount``.
    package static func seal<Plaintext: Collection<UInt8>, AuthenticatedData: Collection<UInt8>>(
        _ plaintext: Plaintext,
        using key: SymmetricKey,
        nonce: Nonce = Nonce(),
        authenticating aad: AuthenticatedData
    ) throws -> SealedBox {
        try aad.withContiguousBytes { aad in
            try plaintext.withContiguousBytes { plaintext in
                try seal(plaintext, key: key, nonce: nonce, aad: aad)
            }
        }
    }

    /// Encrypts and authenticates `plaintext` with no associated data.
    ///
    /// Same guarantees, errors and cost as ``seal(_:using:nonce:authenticating:)``.
    package static func seal<Plaintext: Collection<UInt8>>(
        _ plaintext: Plaintext,
        using key: SymmetricKey,
        nonce: Nonce = Nonce()
    ) throws -> SealedBox {
        try plaintext.withContiguousBytes { plaintext in
            try seal(plaintext, key: key, nonce: nonce, aad: UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    private static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        key: SymmetricKey,
        nonce: Nonce,
        aad: UnsafeRawBufferPointer
    ) throws -> SealedBox {
        try key.withUnsafeBytes { key in
            try nonce.withUnsafeBytes { nonceBytes in
                var tag = [UInt8](repeating: 0, count: tagByteCount)
                let ciphertext = try [UInt8](unsafeUninitializedCapacity: plaintext.count) { buffer, initialized in
                    try tag.withUnsafeMutableBytes { tag in
                        try seal(
                            plaintext, into: UnsafeMutableRawBufferPointer(buffer), tag: tag,
                            key: key, nonce: nonceBytes, aad: aad
                        )
                    }
                    initialized = plaintext.count
                }
                return SealedBox(nonce: nonce, ciphertext: ciphertext, validatedTag: tag)
            }
        }
    }

    /// Encrypts `plaintext` into `ciphertext` and writes the tag over it and
    /// `aad` into `tag`, without allocating.
    ///
    /// `ciphertext` must be exactly as long as `plaintext`; it may be the same
    /// memory (in-place) but must not otherwise overlap. Nothing is written
    /// unless every argument is valid.
    ///
    /// - Throws: ``CryptoError/invalidKeySize(_:expected:algorithm:)`` unless
    ///   `key` is 32 bytes, ``CryptoError/invalidNonceSize(_:expected:algorithm:)``
    ///   unless `nonce` is 12, ``CryptoError/invalidTagSize(_:expected:algorithm:)``
    ///   unless `tag` is 16, ``CryptoError/inputTooLong(_:maximum:algorithm:)``
    ///   past ``maximumPlaintextByteCount``, and
    ///   ``CryptoError/invalidParameter(_:)`` when the lengths of `plaintext`
    ///   and `ciphertext` differ.
    package static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        into ciphertext: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer
    ) throws {
        var cipher = try makeCipher(
            key: key, nonce: nonce, tagByteCount: tag.count,
            inputByteCount: plaintext.count, outputByteCount: ciphertext.count
        )
        var authenticator = oneTimeAuthenticator(&cipher)
        cipher.xor(plaintext, into: ciphertext)
        let computed = authenticate(&authenticator, aad: aad, ciphertext: UnsafeRawBufferPointer(ciphertext))
        computed.withUnsafeBytes { tag.copyMemory(from: $0) }
    }

    // MARK: - Opening

    /// Verifies `box` and `aad` against `key`, then returns the plaintext.
    ///
    /// The tag is checked in constant time before any decryption; on failure
    /// nothing is decrypted and no plaintext is returned. Allocates the result.
    ///
    /// - Throws: ``CryptoError/authenticationFailure(_:)`` when the tag does not
    ///   match (wrong key, wrong associated data, or a modified box);
    ///   ``CryptoError/invalidKeySize(_:expected:algorithm:)`` unless `key` is
    ///   32 bytes; ``CryptoError/inputTooLong(_:maximum:algorithm:)`` past
    ///   ``maximumPlaintextByteCount``.
    package static func open<AuthenticatedData: Collection<UInt8>>(
        _ box: SealedBox,
        using key: SymmetricKey,
        authenticating aad: AuthenticatedData
    ) throws -> [UInt8] {
        try aad.withContiguousBytes { aad in try open(box, key: key, aad: aad) }
    }

    /// Verifies `box`, which must have been sealed with no associated data, and
    /// returns the plaintext.
    ///
    /// Same guarantees, errors and cost as ``open(_:using:authenticating:)``.
    package static func open(_ box: SealedBox, using key: SymmetricKey) throws -> [UInt8] {
        try open(box, key: key, aad: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    private static func open(_ box: SealedBox, key: SymmetricKey, aad: UnsafeRawBufferPointer) throws -> [UInt8] {
        try key.withUnsafeBytes { key in
            try box.nonce.withUnsafeBytes { nonce in
                try box.tag.withUnsafeBytes { tag in
                    try box.ciphertext.withUnsafeBytes { ciphertext in
                        try [UInt8](unsafeUninitializedCapacity: ciphertext.count) { buffer, initialized in
                            try open(
                                ciphertext, into: UnsafeMutableRawBufferPointer(buffer), tag: tag,
                                key: key, nonce: nonce, aad: aad
                            )
                            initialized = ciphertext.count
                        }
                    }
                }
            }
        }
    }

    /// Verifies `tag` over `ciphertext` and `aad`, then decrypts into
    /// `plaintext`, without allocating.
    ///
    /// The tag is compared in constant time before any byte is decrypted: on
    /// any failure `plaintext` is left untouched, so no unauthenticated
    /// plaintext is ever released. `plaintext` must be exactly as long as
    /// `ciphertext`; it may be the same memory (in-place) but must not
    /// otherwise overlap.
    ///
    /// - Throws: ``CryptoError/authenticationFailure(_:)`` when the tag does
    ///   not match; ``CryptoError/invalidKeySize(_:expected:algorithm:)``,
    ///   ``CryptoError/invalidNonceSize(_:expected:algorithm:)``,
    ///   ``CryptoError/invalidTagSize(_:expected:algorithm:)`` (a truncated or
    ///   long tag), ``CryptoError/inputTooLong(_:maximum:algorithm:)`` and
    ///   ``CryptoError/invalidParameter(_:)`` as for
    ///   ``seal(_:into:tag:key:nonce:aad:)``.
    package static func open(
        _ ciphertext: UnsafeRawBufferPointer,
        into plaintext: UnsafeMutableRawBufferPointer,
        tag: UnsafeRawBufferPointer,
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        aad: UnsafeRawBufferPointer
    ) throws {
        var cipher = try makeCipher(
            key: key, nonce: nonce, tagByteCount: tag.count,
            inputByteCount: ciphertext.count, outputByteCount: plaintext.count
        )
        var authenticator = oneTimeAuthenticator(&cipher)
        let computed = authenticate(&authenticator, aad: aad, ciphertext: ciphertext)
        let authentic = computed.withUnsafeBytes { ConstantTime.equals($0, tag) }
        guard authentic else { throw CryptoError.authenticationFailure(algorithm) }
        cipher.xor(ciphertext, into: plaintext)
    }

    // MARK: - Construction (RFC 8439 §2.8)

    /// Validates every size before anything is read or written, and returns
    /// the cipher at block 0.
    private static func makeCipher(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        tagByteCount: Int,
        inputByteCount: Int,
        outputByteCount: Int
    ) throws -> ChaCha20 {
        guard key.count == keyByteCount else {
            throw CryptoError.invalidKeySize(key.count, expected: "32", algorithm: algorithm)
        }
        guard nonce.count == nonceByteCount else {
            throw CryptoError.invalidNonceSize(nonce.count, expected: nonceByteCount, algorithm: algorithm)
        }
        guard tagByteCount == self.tagByteCount else {
            throw CryptoError.invalidTagSize(tagByteCount, expected: self.tagByteCount, algorithm: algorithm)
        }
        guard UInt64(inputByteCount) <= maximumPlaintextByteCount else {
            throw CryptoError.inputTooLong(inputByteCount, maximum: maximumPlaintextByteCount, algorithm: algorithm)
        }
        guard outputByteCount == inputByteCount else {
            throw CryptoError.invalidParameter(
                "\(algorithm) output buffer must be \(inputByteCount) bytes like its input, got \(outputByteCount)"
            )
        }
        return try ChaCha20(key: key, nonce: nonce, counter: 0)
    }

    /// The Poly1305 key is the first 32 bytes of keystream block 0 (RFC 8439
    /// §2.6); the rest of that block is discarded, leaving `cipher` at block 1.
    private static func oneTimeAuthenticator(_ cipher: inout ChaCha20) -> Poly1305 {
        let block = cipher.nextKeystreamBlock()
        return Poly1305(
            r: (UInt64(block[0]) | UInt64(block[1]) << 32, UInt64(block[2]) | UInt64(block[3]) << 32),
            s: (UInt64(block[4]) | UInt64(block[5]) << 32, UInt64(block[6]) | UInt64(block[7]) << 32)
        )
    }

    /// The MAC input: aad, zero pad to 16, ciphertext, zero pad to 16, then
    /// both lengths as little-endian 64-bit words.
    private static func authenticate(
        _ authenticator: inout Poly1305,
        aad: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer
    ) -> Poly1305.Tag {
        authenticator.update(aad)
        authenticator.padToBlockBoundary()
        authenticator.update(ciphertext)
        authenticator.padToBlockBoundary()
        authenticator.absorbBlock(UInt64(aad.count), UInt64(ciphertext.count))
        return authenticator.finalize()
    }
}

// MARK: - Nonce

extension ChaChaPoly {
    /// A 12-byte ChaCha20-Poly1305 nonce, stored inline.
    ///
    /// Nonces are not secret; what matters is that one never repeats under a key.
    package struct Nonce: Sendable, Hashable {
        /// The nonce in the first 12 lanes; the last 4 stay zero.
        private var storage = SIMD16<UInt8>()

        /// A fresh nonce from the system's secure random generator.
        package init() {
            let random = SIMD2(SecureRandom.uint64(), SecureRandom.uint64())
            storage = unsafeBitCast(random, to: SIMD16<UInt8>.self)
            for lane in ChaChaPoly.nonceByteCount..<storage.scalarCount { storage[lane] = 0 }
        }

        /// A nonce with the given bytes, for counter-based nonces or when
        /// opening a box whose parts travelled separately.
        ///
        /// - Throws: ``CryptoError/invalidNonceSize(_:expected:algorithm:)`` unless `bytes` holds 12 bytes.
        package init<Bytes: Collection<UInt8>>(bytes: Bytes) throws {
            guard bytes.count == ChaChaPoly.nonceByteCount else {
                throw CryptoError.invalidNonceSize(
                    bytes.count, expected: ChaChaPoly.nonceByteCount, algorithm: ChaChaPoly.algorithm
                )
            }
            for (lane, byte) in bytes.enumerated() { storage[lane] = byte }
        }

        /// The 12 nonce bytes; allocates the array.
        package var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

        /// Calls `body` with the 12 nonce bytes.
        package func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            try Swift.withUnsafeBytes(of: storage) { all in
                try body(UnsafeRawBufferPointer(rebasing: all.prefix(ChaChaPoly.nonceByteCount)))
            }
        }
    }
}

// MARK: - SealedBox

extension ChaChaPoly {
    /// The output of sealing: nonce, ciphertext and tag.
    ///
    /// A box always holds a 16-byte tag; whether it is authentic is only known
    /// when ``ChaChaPoly/open(_:using:authenticating:)`` succeeds.
    package struct SealedBox: Sendable, Hashable {
        /// The nonce the box was sealed with.
        package let nonce: Nonce
        /// The encrypted bytes, as long as the plaintext.
        package let ciphertext: [UInt8]
        /// The 16-byte authentication tag.
        package let tag: [UInt8]

        /// The wire form nonce ‖ ciphertext ‖ tag (28 bytes longer than the
        /// plaintext); builds a new array on each access.
        package var combined: [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(ChaChaPoly.nonceByteCount + ciphertext.count + ChaChaPoly.tagByteCount)
            nonce.withUnsafeBytes { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: ciphertext)
            bytes.append(contentsOf: tag)
            return bytes
        }

        /// Splits the wire form nonce ‖ ciphertext ‖ tag.
        ///
        /// - Throws: ``CryptoError/invalidNonceSize(_:expected:algorithm:)`` when
        ///   `combined` is shorter than a nonce, and
        ///   ``CryptoError/invalidTagSize(_:expected:algorithm:)`` when what
        ///   follows the nonce is shorter than a tag.
        package init<Combined: Collection<UInt8>>(combined: Combined) throws {
            let bytes = Array(combined)
            guard bytes.count >= ChaChaPoly.nonceByteCount else {
                throw CryptoError.invalidNonceSize(
                    bytes.count, expected: ChaChaPoly.nonceByteCount, algorithm: ChaChaPoly.algorithm
                )
            }
            let afterNonce = bytes.count - ChaChaPoly.nonceByteCount
            guard afterNonce >= ChaChaPoly.tagByteCount else {
                throw CryptoError.invalidTagSize(
                    afterNonce, expected: ChaChaPoly.tagByteCount, algorithm: ChaChaPoly.algorithm
                )
            }
            let tagStart = bytes.count - ChaChaPoly.tagByteCount
            nonce = try Nonce(bytes: bytes[..<ChaChaPoly.nonceByteCount])
            ciphertext = Array(bytes[ChaChaPoly.nonceByteCount..<tagStart])
            tag = Array(bytes[tagStart...])
        }

        /// A box from parts that travelled separately.
        ///
        /// - Throws: ``CryptoError/invalidTagSize(_:expected:algorithm:)`` unless
        ///   `tag` is 16 bytes, so truncated tags are refused up front.
        package init<Ciphertext: Collection<UInt8>, Tag: Collection<UInt8>>(
            nonce: Nonce,
            ciphertext: Ciphertext,
            tag: Tag
        ) throws {
            guard tag.count == ChaChaPoly.tagByteCount else {
                throw CryptoError.invalidTagSize(
                    tag.count, expected: ChaChaPoly.tagByteCount, algorithm: ChaChaPoly.algorithm
                )
            }
            self.init(nonce: nonce, ciphertext: Array(ciphertext), validatedTag: Array(tag))
        }

        fileprivate init(nonce: Nonce, ciphertext: [UInt8], validatedTag: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = validatedTag
        }
    }
}
