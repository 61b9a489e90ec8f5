/// AES-SIV (RFC 5297): deterministic, misuse-resistant authenticated
/// encryption with a vector of associated-data strings.
///
/// The synthetic IV `V` is S2V, a CMAC-based PRF over every associated-data
/// string and the plaintext; it is both the authentication tag and the CTR
/// starting block. Sealing the same plaintext with the same key and
/// associated data always gives the same output (so equal values can be
/// matched without decrypting), and any change to either gives an unrelated
/// output. For nonce-based use, pass the nonce as the last associated-data
/// string (RFC 5297 §3).
///
/// ```swift
/// let key = try AESSIV.Key(SymmetricKey(bytes: keyBytes))   // 32, 48 or 64 bytes
/// let box = try AESSIV.seal(plaintext, associatedData: [header], key: key)   // V ‖ C
/// let plain = try AESSIV.open(box, associatedData: [header], key: key)
/// ```
///
/// Key sizes: 32, 48 or 64 bytes give AES-SIV-CMAC-256, -384 and -512 (the
/// first half keys S2V's CMAC, the second half keys CTR). Both AES
/// primitives are the constant-time bitsliced core; CTR runs four blocks
/// per pass.
package enum AESSIV {
    /// The size of the synthetic IV (the tag) in bytes.
    package static let tagByteCount = 16
    /// The accepted key sizes in bytes.
    package static let keyByteCounts: Set<Int> = [32, 48, 64]
    /// The most associated-data strings one call accepts: S2V takes at most
    /// 127 strings (RFC 5297 §7), and the plaintext is the last one.
    package static let maximumAssociatedDataCount = 126

    private static let algorithm = "AES-SIV"

    /// An AES-SIV key with both AES key schedules expanded and the S2V
    /// starting value (CMAC of the zero block) computed once.
    ///
    /// Build it once per key: expansion is the expensive part, after which a
    /// seal or open costs only the cipher. Never prints key material.
    package struct Key: Sendable, CustomReflectable {
        let mac: AESCMAC
        let ctr: AESBlockCipher
        /// CMAC_K1(0^128), the first value of S2V's accumulator.
        let initialS2V: AESBlock

        /// Splits `key` into its CMAC and CTR halves and expands both.
        ///
        /// Cost: two AES key expansions and two block encryptions.
        ///
        /// - Throws: ``CryptoError`` with code `.invalidKeySize` unless the key is
        ///   32, 48 or 64 bytes long.
        package init(_ key: SymmetricKey) throws {
            let byteCount = key.byteCount
            guard AESSIV.keyByteCounts.contains(byteCount) else {
                throw CryptoError.invalidKeySize(byteCount, expected: "32, 48 or 64", algorithm: AESSIV.algorithm)
            }
            let half = byteCount / 2
            let (macKey, ctrKey) = key.withUnsafeBytes { raw in
                (SymmetricKey(bytes: raw[..<half]), SymmetricKey(bytes: raw[half...]))
            }
            mac = try AESCMAC(key: macKey)
            ctr = try AESBlockCipher(key: ctrKey)
            initialS2V = Self.zeroBlockMAC(mac)
        }

        private static func zeroBlockMAC(_ mac: AESCMAC) -> AESBlock {
            var zero: (UInt64, UInt64) = (0, 0)
            return withUnsafeBytes(of: &zero) { mac.authenticationCode(for: $0) }
        }

        /// The full key size in bits: 256, 384 or 512.
        package var keyBitCount: Int { 2 * mac.keyBitCount }

        /// Shows the key size only, never key material.
        package var customMirror: Mirror { Mirror(self, children: ["keyBitCount": keyBitCount]) }
    }

    // MARK: - Sealing

    /// Encrypts `plaintext` deterministically, authenticating it together
    /// with every string of `associatedData` (order matters), and returns
    /// `V ‖ C` (16 bytes longer than the plaintext).
    ///
    /// Cost: one CMAC pass per associated-data string and over the
    /// plaintext, one CTR pass; allocates the result.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidParameter` for more than
    ///   ``maximumAssociatedDataCount`` associated-data strings.
    package static func seal<Plaintext: Sequence<UInt8>>(
        _ plaintext: Plaintext, associatedData: [[UInt8]] = [], key: Key
    ) throws -> [UInt8] {
        try checkCount(associatedData)
        return plaintext.withContiguousBytes { plaintext in
            [UInt8](unsafeUninitializedCapacity: tagByteCount + plaintext.count) { buffer, initialized in
                seal(plaintext, associatedData: associatedData, key: key, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = tagByteCount + plaintext.count
            }
        }
    }

    /// ``seal(_:associatedData:key:)`` with a one-off key.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidKeySize` unless the key is
    ///   32, 48 or 64 bytes long, `.invalidParameter` as for the prepared-key form.
    package static func seal<Plaintext: Sequence<UInt8>>(
        _ plaintext: Plaintext, associatedData: [[UInt8]] = [], key: SymmetricKey
    ) throws -> [UInt8] {
        try seal(plaintext, associatedData: associatedData, key: Key(key))
    }

    /// Writes `V ‖ C` into `output` without allocating.
    ///
    /// For callers that size their own buffers: `output` must hold exactly
    /// 16 bytes more than `plaintext`, and `associatedData` at most
    /// ``maximumAssociatedDataCount`` strings; either mistake traps (a
    /// programming error, not an input error).
    package static func seal(
        _ plaintext: UnsafeRawBufferPointer, associatedData: [[UInt8]], key: Key,
        into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count == plaintext.count + tagByteCount, "AES-SIV output must be 16 bytes longer")
        precondition(associatedData.count <= maximumAssociatedDataCount, "too many AES-SIV associated-data strings")
        let iv = s2v(associatedData, plaintext, key: key)
        iv.store(to: output, atByteOffset: 0)
        ctr(plaintext, into: UnsafeMutableRawBufferPointer(rebasing: output[tagByteCount...]), iv: iv, cipher: key.ctr)
    }

    // MARK: - Opening

    /// Verifies `sealed` (`V ‖ C`) against `associatedData` and returns the
    /// plaintext.
    ///
    /// The plaintext is decrypted into a private buffer, S2V is recomputed
    /// over it and compared with `V` in constant time; only on a match is it
    /// returned. On failure the buffer is wiped and nothing is released.
    ///
    /// - Throws: ``CryptoError`` with code `.authenticationFailure` when `V`
    ///   does not match (wrong key, wrong or reordered associated data, a
    ///   modified box) or the box is shorter than 16 bytes; `.invalidParameter`
    ///   for more than ``maximumAssociatedDataCount`` associated-data strings.
    package static func open<Sealed: Sequence<UInt8>>(
        _ sealed: Sealed, associatedData: [[UInt8]] = [], key: Key
    ) throws -> [UInt8] {
        try checkCount(associatedData)
        return try sealed.withContiguousBytes { sealed in
            guard sealed.count >= tagByteCount else {
                throw CryptoError(
                    code: .authenticationFailure,
                    message: "\(algorithm) box has \(sealed.count) bytes, shorter than its 16-byte tag; nothing was decrypted")
            }
            let expected = AESBlock(loadingFrom: sealed, atByteOffset: 0)
            let ciphertext = UnsafeRawBufferPointer(rebasing: sealed[tagByteCount...])
            var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
            let authentic = plaintext.withUnsafeMutableBytes { plaintext in
                ctr(ciphertext, into: plaintext, iv: expected, cipher: key.ctr)
                return s2v(associatedData, UnsafeRawBufferPointer(plaintext), key: key) == expected
            }
            guard authentic else {
                plaintext.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
                throw CryptoError.authenticationFailure(algorithm)
            }
            return plaintext
        }
    }

    /// ``open(_:associatedData:key:)`` with a one-off key.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidKeySize` unless the key is
    ///   32, 48 or 64 bytes long, otherwise as the prepared-key form.
    package static func open<Sealed: Sequence<UInt8>>(
        _ sealed: Sealed, associatedData: [[UInt8]] = [], key: SymmetricKey
    ) throws -> [UInt8] {
        try open(sealed, associatedData: associatedData, key: Key(key))
    }

    // MARK: - S2V and CTR

    private static func checkCount(_ associatedData: [[UInt8]]) throws {
        guard associatedData.count <= maximumAssociatedDataCount else {
            throw CryptoError.invalidParameter(
                "\(algorithm) accepts at most \(maximumAssociatedDataCount) associated-data strings, got \(associatedData.count)")
        }
    }

    /// S2V (RFC 5297 §2.4) over the associated-data strings and then the plaintext.
    static func s2v(_ associatedData: [[UInt8]], _ plaintext: UnsafeRawBufferPointer, key: Key) -> AESBlock {
        var d = key.initialS2V
        for string in associatedData {
            d = d.doubled() ^ key.mac.authenticationCode(for: string)
        }
        if plaintext.count >= 16 {
            return key.mac.authenticationCode(for: plaintext, xoringEnd: d)
        }
        // Short plaintext: T = dbl(D) xor pad(P), one block.
        var padded: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &padded) { block in
            if plaintext.count > 0 { block.copyMemory(from: plaintext) }
            block[plaintext.count] = 0x80
            let t = AESBlock(loadingFrom: UnsafeRawBufferPointer(block), atByteOffset: 0) ^ d.doubled()
            return t.withUnsafeBytes { key.mac.authenticationCode(for: $0) }
        }
    }

    /// CTR from `V` with bits 31 and 63 cleared (RFC 5297 §2.5), XORing the
    /// keystream over `input` into `output` (same length; may be the same
    /// memory). Four counter blocks are encrypted per bitsliced pass.
    static func ctr(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, iv: AESBlock, cipher: AESBlockCipher
    ) {
        precondition(input.count == output.count, "CTR input and output must have the same length")
        // Clearing the top bit of bytes 8 and 12 lets implementations use
        // 32- or 64-bit counters without carries; bits 7 and 39 of `high`.
        let start = AESBlock(low: iv.low, high: iv.high & ~(0x80 | 0x80 << 32))
        // Bytes 8 to 15 read as a big-endian integer: the counter's low half.
        let base = start.high.byteSwapped
        var counter: UInt64 = 0
        var keystream: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &keystream) { keystream in
            var offset = 0
            while offset < input.count {
                let chunk = min(64, input.count - offset)
                let blocks = (chunk + 15) / 16
                for index in 0..<blocks {
                    let block = AESBlock(low: start.low, high: (base &+ counter).byteSwapped)
                    block.store(to: keystream, atByteOffset: 16 * index)
                    counter &+= 1
                }
                let pass = UnsafeMutableRawBufferPointer(rebasing: keystream[..<(16 * blocks)])
                do {
                    try cipher.encryptBlocks(UnsafeRawBufferPointer(pass), into: pass)
                } catch {
                    preconditionFailure("AES-SIV CTR passes whole blocks of equal length: \(error)")
                }
                let whole = chunk / 16 * 16
                for index in stride(from: 0, to: whole, by: 16) {
                    let mixed = AESBlock(loadingFrom: input, atByteOffset: offset + index)
                        ^ AESBlock(loadingFrom: UnsafeRawBufferPointer(keystream), atByteOffset: index)
                    mixed.store(to: output, atByteOffset: offset + index)
                }
                for index in whole..<chunk {
                    output[offset + index] = input[offset + index] ^ keystream[index]
                }
                offset += chunk
            }
            keystream.initializeMemory(as: UInt8.self, repeating: 0)
        }
    }
}
