/// The SHA-256 compression function (FIPS 180-4 §6.2.2), portable Swift.
///
/// This is the single place a CPU-specific fast path (SHA-NI, ARMv8 SHA2)
/// would slot in: `SHA256` and everything built on it only ever call
/// `compress(_:blocks:)`.
enum SHA256Compression {
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    /// One 64-byte block held inline.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// FIPS 180-4 §5.3.3.
    static let initialState: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    /// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
    /// roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses every 64-byte block of `blocks` (its length must be a
    /// multiple of 64) into `state`.
    static func compress(_ state: inout State, blocks: UnsafeRawBufferPointer) {
        precondition(blocks.count % 64 == 0, "SHA-256 compresses whole 64-byte blocks only")
        roundConstants.withUnsafeBufferPointer { constants in
            let k = constants.baseAddress.unsafelyUnwrapped
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                let w = schedule.baseAddress.unsafelyUnwrapped
                var offset = 0
                while offset < blocks.count {
                    compressBlock(&state, blocks, at: offset, k: k, w: w)
                    offset += 64
                }
            }
        }
    }

    @inline(__always)
    private static func compressBlock(
        _ state: inout State,
        _ blocks: UnsafeRawBufferPointer,
        at offset: Int,
        k: UnsafePointer<UInt32>,
        w: UnsafeMutablePointer<UInt32>
    ) {
        for t in 0..<16 {
            w[t] = blocks.loadBigEndianUInt32(at: offset + 4 * t)
        }
        for t in 16..<64 {
            w[t] = smallSigma1(w[t - 2]) &+ w[t - 7] &+ smallSigma0(w[t - 15]) &+ w[t - 16]
        }

        var a = state.0, b = state.1, c = state.2, d = state.3
        var e = state.4, f = state.5, g = state.6, h = state.7

        // Eight rounds per iteration with the working variables renamed by
        // argument position instead of shuffled, so no moves are spent on the
        // FIPS "h = g; g = f; ..." rotation. `bc` carries b ⊕ c into each round:
        // it is the previous round's a ⊕ b, which saves an operation in Maj.
        var bc = b ^ c
        var t = 0
        while t < 64 {
            round(a, b, &d, e, f, g, &h, k[t] &+ w[t], &bc)
            round(h, a, &c, d, e, f, &g, k[t + 1] &+ w[t + 1], &bc)
            round(g, h, &b, c, d, e, &f, k[t + 2] &+ w[t + 2], &bc)
            round(f, g, &a, b, c, d, &e, k[t + 3] &+ w[t + 3], &bc)
            round(e, f, &h, a, b, c, &d, k[t + 4] &+ w[t + 4], &bc)
            round(d, e, &g, h, a, b, &c, k[t + 5] &+ w[t + 5], &bc)
            round(c, d, &f, g, h, a, &b, k[t + 6] &+ w[t + 6], &bc)
            round(b, c, &e, f, g, h, &a, k[t + 7] &+ w[t + 7], &bc)
            t += 8
        }

        state.0 &+= a
        state.1 &+= b
        state.2 &+= c
        state.3 &+= d
        state.4 &+= e
        state.5 &+= f
        state.6 &+= g
        state.7 &+= h
    }

    /// One round: T1 goes into `d` (the next round's `e`), T1 + T2 into `h`
    /// (the next round's `a`). `c` is not read: Maj comes from `bc` = b ⊕ c.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ constantPlusWord: UInt32,
        _ bc: inout UInt32
    ) {
        // Ch(e, f, g) = g ⊕ (e ∧ (f ⊕ g)) and Maj(a, b, c) = b ⊕ ((a ⊕ b) ∧ (b ⊕ c)):
        // the FIPS functions with fewer operations. The rounds are bound by the
        // latency of the e → T1 → e chain, so T1 adds Σ1(e) last: h + K + W and
        // Ch start early and only one addition waits for Σ1. (Measured on Zen 4:
        // this order is ~5% faster; nesting the Σ rotations to save moves was
        // slower, because it lengthens that chain.)
        let ab = a ^ b
        let t1 = (h &+ constantPlusWord &+ (g ^ (e & (f ^ g)))) &+ bigSigma1(e)
        let t2 = bigSigma0(a) &+ (b ^ (ab & bc))
        bc = ab
        d &+= t1
        h = t1 &+ t2
    }

    @inline(__always)
    private static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
        (x &>> n) | (x &<< (32 &- n))
    }

    @inline(__always)
    private static func bigSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 2) ^ rotateRight(x, 13) ^ rotateRight(x, 22)
    }

    @inline(__always)
    private static func bigSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 6) ^ rotateRight(x, 11) ^ rotateRight(x, 25)
    }

    @inline(__always)
    private static func smallSigma0(_ x: UInt32) -> UInt32 {
        rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
    }

    @inline(__always)
    private static func smallSigma1(_ x: UInt32) -> UInt32 {
        rotateRight(x, 17) ^ rotateRight(x, 19) ^ (x &>> 10)
    }
}
