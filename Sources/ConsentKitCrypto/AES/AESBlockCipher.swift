/// The AES block cipher (FIPS 197), encryption direction only, for AES-128,
/// AES-192 and AES-256.
///
/// This is a raw block cipher: on its own it is not a safe way to encrypt
/// messages (equal blocks give equal ciphertexts). It exists for the modes
/// built on it, such as CMAC, CTR, AES-SIV and FF1, which only ever need the
/// forward direction.
///
/// The implementation is bitsliced (see ``AESBitslice``): no table lookups
/// and no branches depend on the key or the data, so its timing and cache
/// footprint reveal nothing about either. Four blocks are computed per pass,
/// so ``encryptBlocks(_:into:)`` has close to four times the throughput of
/// encrypting block by block.
///
/// The round keys are never printed: the type has no description of its own
/// and its mirror shows only the key size.
package struct AESBlockCipher: Sendable, CustomReflectable {
    /// The AES block size in bytes, for every key size.
    package static let blockByteCount = 16

    /// 8 bit planes per round key, `rounds + 1` keys; built once in `init`.
    private let roundKeys: [UInt64]
    /// 10, 12 or 14.
    private let rounds: Int

    /// Expands `key` into the round keys.
    ///
    /// Cost: about 1 to 2 µs (constant time, bitsliced SubWord) and a few
    /// small allocations, the lasting one being the 704 to 960 bytes of round
    /// keys; keep the cipher around rather than re-creating it per message.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidKeySize` unless the key is
    ///   16, 24 or 32 bytes long.
    package init(key: SymmetricKey) throws {
        let byteCount = key.byteCount
        guard byteCount == 16 || byteCount == 24 || byteCount == 32 else {
            throw CryptoError.invalidKeySize(byteCount, expected: "16, 24 or 32", algorithm: "AES")
        }
        (rounds, roundKeys) = key.withUnsafeBytes { AESBitslice.expandKey($0) }
    }

    /// The key size in bits: 128, 192 or 256.
    package var keyBitCount: Int { (rounds - 6) * 32 }

    /// Shows the key size only, never key material.
    package var customMirror: Mirror { Mirror(self, children: ["keyBitCount": keyBitCount]) }

    /// Encrypts one 16-byte block in place.
    ///
    /// Allocation-free and constant time. A single block costs as much as four
    /// (the bitsliced core always computes four lanes); batch blocks through
    /// ``encryptBlocks(_:into:)`` whenever the mode allows it.
    package func encryptBlock(_ block: inout AESBlock) {
        let input = block
        block = roundKeys.withUnsafeBufferPointer { keys in
            AESBitslice.encrypt(input, .zero, .zero, .zero, roundKeys: keys, rounds: rounds).0
        }
    }

    /// Encrypts the `input.count / 16` consecutive blocks of `input` into
    /// `output` (ECB over a buffer: the building block of CTR and of batched
    /// modes), four blocks per bitsliced pass.
    ///
    /// `output` may be the same buffer as `input` (in-place encryption); other
    /// partial overlaps are not supported. Allocation-free and constant time
    /// for a given length.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidParameter` when the two
    ///   buffers differ in length or the length is not a multiple of 16; nothing
    ///   is written then.
    package func encryptBlocks(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws {
        guard input.count == output.count else {
            throw CryptoError.invalidParameter(
                "AES input and output must have the same length, got \(input.count) and \(output.count)"
            )
        }
        guard input.count % Self.blockByteCount == 0 else {
            throw CryptoError.invalidParameter("AES input must be a multiple of 16 bytes, got \(input.count)")
        }
        let rounds = rounds
        roundKeys.withUnsafeBufferPointer { keys in
            var offset = 0
            while offset < input.count {
                // Only the final pass can be short; its block count follows from
                // the (public) length, so these branches reveal nothing secret.
                let blocks = min(4, (input.count - offset) / 16)
                let result = AESBitslice.encrypt(
                    AESBlock(loadingFrom: input, atByteOffset: offset),
                    blocks > 1 ? AESBlock(loadingFrom: input, atByteOffset: offset + 16) : .zero,
                    blocks > 2 ? AESBlock(loadingFrom: input, atByteOffset: offset + 32) : .zero,
                    blocks > 3 ? AESBlock(loadingFrom: input, atByteOffset: offset + 48) : .zero,
                    roundKeys: keys, rounds: rounds
                )
                // Every load happened before the first store, so encrypting in
                // place is safe.
                result.0.store(to: output, atByteOffset: offset)
                if blocks > 1 { result.1.store(to: output, atByteOffset: offset + 16) }
                if blocks > 2 { result.2.store(to: output, atByteOffset: offset + 32) }
                if blocks > 3 { result.3.store(to: output, atByteOffset: offset + 48) }
                offset += 16 * blocks
            }
        }
    }

    /// Encrypts a 16-byte collection and returns the ciphertext block.
    ///
    /// Convenient for tests and one-off use; allocates the result array.
    ///
    /// - Throws: ``CryptoError`` with code `.invalidParameter` unless `block`
    ///   holds exactly 16 bytes.
    package func encryptBlock<Bytes: Collection<UInt8>>(_ block: Bytes) throws -> [UInt8] {
        var value = try AESBlock(bytes: block)
        encryptBlock(&value)
        return value.bytes
    }
}
