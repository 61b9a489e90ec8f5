/// The bitsliced AES encryption core behind ``AESBlockCipher``.
///
/// Four blocks travel together as eight 64-bit bit planes: plane `i` holds bit
/// `i` of all 64 bytes. Every step is a fixed sequence of XOR, AND, shift and
/// rotate instructions on those planes, so neither the running time nor the
/// memory access pattern depends on the key or the data (no table lookups,
/// no data-dependent branches).
///
/// Inside a plane, the byte at row `r`, column `c` of block `b` (FIPS 197
/// §3.4: state byte `4c + r`) sits at bit `16r + 4c + b`. Moving to the next
/// row is then a rotation by 16, which makes MixColumns a handful of rotations.
///
/// ShiftRows is never executed on the state ("fixslicing", Adomnicai and
/// Peyrin, TCHES 2021/1): after round `j` the planes hold the true state with
/// row `r` still to be rotated left by `j·r` columns. MixColumns reads its
/// neighbours through the matching rotation, the round keys are stored
/// pre-rotated, and the outstanding rotation is applied once to the output.
/// That saves about a third of the instructions of a round.
package enum AESBitslice {
    /// Eight bit planes: `p0` holds the least significant bit of every byte.
    struct Planes {
        var p0, p1, p2, p3, p4, p5, p6, p7: UInt64
    }

    /// Encrypts four blocks with the expanded key schedule.
    ///
    /// `roundKeys` holds `8 * (rounds + 1)` planes from ``expandKey(_:)``.
    /// Blocks that are not needed can be passed as ``AESBlock/zero``; they cost
    /// nothing extra since all four lanes are computed anyway.
    @inline(__always)
    static func encrypt(
        _ block0: AESBlock, _ block1: AESBlock, _ block2: AESBlock, _ block3: AESBlock,
        roundKeys: UnsafeBufferPointer<UInt64>, rounds: Int
    ) -> (AESBlock, AESBlock, AESBlock, AESBlock) {
        var state = slice(block0, block1, block2, block3)
        addRoundKey(&state, roundKeys, round: 0)
        var round = 1
        while round < rounds {
            subBytesWithoutConstant(&state)
            // `round & 3` is the ShiftRows offset the state carries; the round
            // number is public, so this branch leaks nothing.
            switch round & 3 {
            case 0: mixColumns(&state, offset: 0)
            case 1: mixColumns(&state, offset: 1)
            case 2: mixColumns(&state, offset: 2)
            default: mixColumns(&state, offset: 3)
            }
            addRoundKey(&state, roundKeys, round: round)
            round += 1
        }
        subBytesWithoutConstant(&state)
        addRoundKey(&state, roundKeys, round: rounds)

        var blocks = unslice(state)
        // After 10 or 14 rounds the pending rotation is ShiftRows², which only
        // moves rows 1 and 3; after 12 it is ShiftRows⁴, the identity.
        if rounds & 3 == 2 {
            halfTurnOddRows(&blocks.0)
            halfTurnOddRows(&blocks.1)
            halfTurnOddRows(&blocks.2)
            halfTurnOddRows(&blocks.3)
        }
        return blocks
    }

    /// XORs round key `round` (eight pre-sliced planes) into the state.
    @inline(__always)
    static func addRoundKey(_ state: inout Planes, _ roundKeys: UnsafeBufferPointer<UInt64>, round: Int) {
        let base = 8 &* round
        state.p0 ^= roundKeys[base]
        state.p1 ^= roundKeys[base &+ 1]
        state.p2 ^= roundKeys[base &+ 2]
        state.p3 ^= roundKeys[base &+ 3]
        state.p4 ^= roundKeys[base &+ 4]
        state.p5 ^= roundKeys[base &+ 5]
        state.p6 ^= roundKeys[base &+ 6]
        state.p7 ^= roundKeys[base &+ 7]
    }

    // MARK: - MixColumns

    /// A 64-bit rotation; LLVM emits a single `ror`/`rol` for it.
    @inline(__always)
    static func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 {
        x &>> n | x &<< (64 &- n)
    }

    /// For every byte position, the byte one row down (wrapping) in the same
    /// true column, when the state carries ShiftRows offset `offset`.
    ///
    /// With the rotation outstanding, the byte sharing a true column with
    /// stored (r, c) sits at stored (r + 1, c + offset) in the next row, so one
    /// 64-bit rotation serves the columns that do not wrap past column 3 and a
    /// second serves those that do.
    @inline(__always)
    static func nextRow(_ x: UInt64, offset: Int) -> UInt64 {
        switch offset {
        case 0:
            rotateRight(x, 16)
        case 1:
            (rotateRight(x, 20) & 0x0FFF_0FFF_0FFF_0FFF) | (rotateRight(x, 4) & 0xF000_F000_F000_F000)
        case 2:
            (rotateRight(x, 24) & 0x00FF_00FF_00FF_00FF) | (rotateRight(x, 8) & 0xFF00_FF00_FF00_FF00)
        default:
            (rotateRight(x, 28) & 0x000F_000F_000F_000F) | (rotateRight(x, 12) & 0xFFF0_FFF0_FFF0_FFF0)
        }
    }

    /// As ``nextRow(_:offset:)``, two rows down: the column shift doubles, so
    /// offsets 0 and 2 need a single rotation.
    @inline(__always)
    static func rowAfterNext(_ x: UInt64, offset: Int) -> UInt64 {
        if offset & 1 == 0 {
            return rotateRight(x, 32)
        }
        return (rotateRight(x, 40) & 0x00FF_00FF_00FF_00FF) | (rotateRight(x, 24) & 0xFF00_FF00_FF00_FF00)
    }

    /// MixColumns (FIPS 197 §5.1.3) on all 16 columns of the four blocks.
    ///
    /// Row `r` of a column becomes `2·a[r] ⊕ 3·a[r+1] ⊕ a[r+2] ⊕ a[r+3]`,
    /// computed as `2·t[r] ⊕ a[r+1] ⊕ t[r+2]` with `t[r] = a[r] ⊕ a[r+1]`;
    /// doubling in GF(2^8) only renames planes plus the 0x1B reduction XORs.
    @inline(__always)
    static func mixColumns(_ state: inout Planes, offset: Int) {
        let a0 = state.p0, a1 = state.p1, a2 = state.p2, a3 = state.p3
        let a4 = state.p4, a5 = state.p5, a6 = state.p6, a7 = state.p7
        let n0 = nextRow(a0, offset: offset), n1 = nextRow(a1, offset: offset)
        let n2 = nextRow(a2, offset: offset), n3 = nextRow(a3, offset: offset)
        let n4 = nextRow(a4, offset: offset), n5 = nextRow(a5, offset: offset)
        let n6 = nextRow(a6, offset: offset), n7 = nextRow(a7, offset: offset)
        let t0 = a0 ^ n0, t1 = a1 ^ n1, t2 = a2 ^ n2, t3 = a3 ^ n3
        let t4 = a4 ^ n4, t5 = a5 ^ n5, t6 = a6 ^ n6, t7 = a7 ^ n7
        state.p0 = t7 ^ n0 ^ rowAfterNext(t0, offset: offset)
        state.p1 = t0 ^ t7 ^ n1 ^ rowAfterNext(t1, offset: offset)
        state.p2 = t1 ^ n2 ^ rowAfterNext(t2, offset: offset)
        state.p3 = t2 ^ t7 ^ n3 ^ rowAfterNext(t3, offset: offset)
        state.p4 = t3 ^ t7 ^ n4 ^ rowAfterNext(t4, offset: offset)
        state.p5 = t4 ^ n5 ^ rowAfterNext(t5, offset: offset)
        state.p6 = t5 ^ n6 ^ rowAfterNext(t6, offset: offset)
        state.p7 = t6 ^ n7 ^ rowAfterNext(t7, offset: offset)
    }

    /// ShiftRows² on one block in byte form: rows 1 and 3 move by two
    /// columns, row 2 by four (not at all). The rotation still pending after
    /// 10 or 14 rounds.
    @inline(__always)
    static func halfTurnOddRows(_ block: inout AESBlock) {
        // Odd rows are the odd byte indices; columns 0-1 live in `low` and
        // columns 2-3 in `high`, so the swap is one masked exchange.
        let swap = (block.low ^ block.high) & 0xFF00_FF00_FF00_FF00
        block.low ^= swap
        block.high ^= swap
    }

    // MARK: - Orthogonalization

    /// Exchanges the bits of `b` selected by `mask` with the bits of `a`
    /// `shift` places higher: the building block of bit-matrix transposes.
    @inline(__always)
    static func swapMove(_ a: inout UInt64, _ b: inout UInt64, mask: UInt64, shift: UInt64) {
        let t = ((a &>> shift) ^ b) & mask
        b ^= t
        a ^= t &<< shift
    }

    /// Bytes `[x0 x1 x2 x3 y0 y1 y2 y3]` to `[x0 y0 x1 y1 x2 y2 x3 y3]`.
    @inline(__always)
    static func interleaveHalves(_ x: UInt64) -> UInt64 {
        var x = x
        var t = (x ^ (x &>> 16)) & 0x0000_0000_FFFF_0000
        x ^= t ^ (t &<< 16)
        t = (x ^ (x &>> 8)) & 0x0000_FF00_0000_FF00
        x ^= t ^ (t &<< 8)
        return x
    }

    /// The inverse of ``interleaveHalves(_:)``.
    @inline(__always)
    static func deinterleaveHalves(_ x: UInt64) -> UInt64 {
        var x = x
        var t = (x ^ (x &>> 8)) & 0x0000_FF00_0000_FF00
        x ^= t ^ (t &<< 8)
        t = (x ^ (x &>> 16)) & 0x0000_0000_FFFF_0000
        x ^= t ^ (t &<< 16)
        return x
    }

    /// Transposes, in every byte column, the 8×8 bit matrix formed by the
    /// eight words: afterwards word `i` bit `8m + j` is the former word `j`
    /// bit `8m + i`. Applying it twice is the identity.
    @inline(__always)
    static func transpose(_ w: inout Planes) {
        swapMove(&w.p0, &w.p1, mask: 0x5555_5555_5555_5555, shift: 1)
        swapMove(&w.p2, &w.p3, mask: 0x5555_5555_5555_5555, shift: 1)
        swapMove(&w.p4, &w.p5, mask: 0x5555_5555_5555_5555, shift: 1)
        swapMove(&w.p6, &w.p7, mask: 0x5555_5555_5555_5555, shift: 1)
        swapMove(&w.p0, &w.p2, mask: 0x3333_3333_3333_3333, shift: 2)
        swapMove(&w.p1, &w.p3, mask: 0x3333_3333_3333_3333, shift: 2)
        swapMove(&w.p4, &w.p6, mask: 0x3333_3333_3333_3333, shift: 2)
        swapMove(&w.p5, &w.p7, mask: 0x3333_3333_3333_3333, shift: 2)
        swapMove(&w.p0, &w.p4, mask: 0x0F0F_0F0F_0F0F_0F0F, shift: 4)
        swapMove(&w.p1, &w.p5, mask: 0x0F0F_0F0F_0F0F_0F0F, shift: 4)
        swapMove(&w.p2, &w.p6, mask: 0x0F0F_0F0F_0F0F_0F0F, shift: 4)
        swapMove(&w.p3, &w.p7, mask: 0x0F0F_0F0F_0F0F_0F0F, shift: 4)
    }

    /// Four blocks to bit planes.
    ///
    /// Word `4·(c mod 2) + b` collects block `b`'s columns of that parity with
    /// byte `2r + c/2` = byte (r, c); the transpose then lands bit `i` of that
    /// byte at plane `i`, bit `8·(2r + c/2) + 4·(c mod 2) + b = 16r + 4c + b`.
    @inline(__always)
    static func slice(_ b0: AESBlock, _ b1: AESBlock, _ b2: AESBlock, _ b3: AESBlock) -> Planes {
        @inline(__always)
        func evenColumns(_ block: AESBlock) -> UInt64 {
            interleaveHalves((block.low & 0xFFFF_FFFF) | (block.high &<< 32))
        }
        @inline(__always)
        func oddColumns(_ block: AESBlock) -> UInt64 {
            interleaveHalves((block.low &>> 32) | (block.high & 0xFFFF_FFFF_0000_0000))
        }
        var words = Planes(
            p0: evenColumns(b0), p1: evenColumns(b1), p2: evenColumns(b2), p3: evenColumns(b3),
            p4: oddColumns(b0), p5: oddColumns(b1), p6: oddColumns(b2), p7: oddColumns(b3)
        )
        transpose(&words)
        return words
    }

    /// Bit planes back to four blocks; the inverse of ``slice(_:_:_:_:)``.
    @inline(__always)
    static func unslice(_ planes: Planes) -> (AESBlock, AESBlock, AESBlock, AESBlock) {
        var words = planes
        transpose(&words)
        @inline(__always)
        func block(_ even: UInt64, _ odd: UInt64) -> AESBlock {
            let even = deinterleaveHalves(even)
            let odd = deinterleaveHalves(odd)
            return AESBlock(
                low: (even & 0xFFFF_FFFF) | (odd &<< 32),
                high: (even &>> 32) | (odd & 0xFFFF_FFFF_0000_0000)
            )
        }
        return (
            block(words.p0, words.p4), block(words.p1, words.p5),
            block(words.p2, words.p6), block(words.p3, words.p7)
        )
    }
}
