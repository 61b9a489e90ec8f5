extension AESBitslice {
    /// FIPS 197 §5.2 KeyExpansion for a 16-, 24- or 32-byte key, returning
    /// the round count and the round keys ready for ``encrypt(_:_:_:_:roundKeys:rounds:)``:
    /// eight planes per round key, each key replicated over the four block
    /// lanes, rotated to the ShiftRows offset its round runs at, and (from
    /// round 1 on) carrying the S-box constant the circuit leaves out.
    ///
    /// SubWord runs through the bitsliced circuit, so the expansion is constant
    /// time too. The caller checks the key length.
    static func expandKey(_ key: UnsafeRawBufferPointer) -> (rounds: Int, roundKeys: [UInt64]) {
        let keyWords = key.count / 4
        let rounds = keyWords + 6
        let wordCount = 4 * (rounds + 1)

        // Words as in FIPS 197: the first byte is the most significant.
        var words = [UInt32](repeating: 0, count: wordCount)
        for i in 0..<keyWords {
            words[i] = key.loadBigEndianUInt32(at: 4 * i)
        }
        var roundConstant: UInt32 = 0x01
        for i in keyWords..<wordCount {
            var temp = words[i - 1]
            if i % keyWords == 0 {
                temp = subWord(temp.rotateLeftOneByte) ^ (roundConstant << 24)
                // xtime in GF(2^8); the constant sequence is public.
                roundConstant = (roundConstant << 1) ^ (roundConstant & 0x80 == 0 ? 0 : 0x11B)
            } else if keyWords > 6 && i % keyWords == 4 {
                temp = subWord(temp)
            }
            words[i] = words[i - keyWords] ^ temp
        }

        var roundKeys: [UInt64] = []
        roundKeys.reserveCapacity(8 * (rounds + 1))
        for round in 0...rounds {
            let w = 4 * round
            var block = AESBlock(
                low: UInt64(words[w].byteSwapped) | UInt64(words[w + 1].byteSwapped) << 32,
                high: UInt64(words[w + 2].byteSwapped) | UInt64(words[w + 3].byteSwapped) << 32
            )
            // The state of round `round` carries ShiftRows^(round mod 4) not yet
            // applied, so the key is stored with the inverse rotation.
            block = shiftRows(block, times: (4 - round % 4) % 4)
            if round > 0 {
                block ^= AESBlock(low: 0x6363_6363_6363_6363, high: 0x6363_6363_6363_6363)
            }
            let planes = slice(block, block, block, block)
            roundKeys.append(planes.p0)
            roundKeys.append(planes.p1)
            roundKeys.append(planes.p2)
            roundKeys.append(planes.p3)
            roundKeys.append(planes.p4)
            roundKeys.append(planes.p5)
            roundKeys.append(planes.p6)
            roundKeys.append(planes.p7)
        }
        return (rounds, roundKeys)
    }

    /// The S-box on each byte of a key-schedule word.
    static func subWord(_ word: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: substituteBytes(UInt64(word)))
    }

    /// ShiftRows (FIPS 197 §5.1.2) applied `times` times to one block: row `r`
    /// moves left by `times·r` columns. Only used on key material at setup;
    /// the byte positions depend on `times` alone, never on the bytes.
    static func shiftRows(_ block: AESBlock, times: Int) -> AESBlock {
        var result = AESBlock.zero
        for column in 0..<4 {
            for row in 0..<4 {
                let source = 4 * ((column + times * row) % 4) + row
                let byte = source < 8 ? block.low >> (8 * source) & 0xFF : block.high >> (8 * (source - 8)) & 0xFF
                let target = 4 * column + row
                if target < 8 {
                    result.low |= byte << (8 * target)
                } else {
                    result.high |= byte << (8 * (target - 8))
                }
            }
        }
        return result
    }
}

extension UInt32 {
    /// RotWord of FIPS 197 §5.2: `[a0 a1 a2 a3]` to `[a1 a2 a3 a0]`.
    fileprivate var rotateLeftOneByte: UInt32 { self << 8 | self >> 24 }
}
