extension AESBitslice {
    /// Applies the AES S-box (FIPS 197 §5.1.1) to each of the eight bytes of
    /// `word` in constant time, by running the same circuit as the cipher.
    ///
    /// The key schedule uses it for SubWord; tests use it to check the circuit
    /// on every input. Cost: one circuit evaluation plus two 8×8 transposes,
    /// roughly 150 instructions.
    package static func substituteBytes(_ word: UInt64) -> UInt64 {
        // After the transpose, byte i of `sliced` is bit plane i of the 8 bytes.
        let sliced = transpose8x8(word)
        var planes = Planes(
            p0: sliced & 0xFF, p1: (sliced &>> 8) & 0xFF, p2: (sliced &>> 16) & 0xFF, p3: (sliced &>> 24) & 0xFF,
            p4: (sliced &>> 32) & 0xFF, p5: (sliced &>> 40) & 0xFF, p6: (sliced &>> 48) & 0xFF, p7: sliced &>> 56
        )
        subBytesWithoutConstant(&planes)
        // The circuit is XOR and AND only, so the high bits stay zero.
        let result = planes.p0 | planes.p1 &<< 8 | planes.p2 &<< 16 | planes.p3 &<< 24
            | planes.p4 &<< 32 | planes.p5 &<< 40 | planes.p6 &<< 48 | planes.p7 &<< 56
        return transpose8x8(result) ^ 0x6363_6363_6363_6363
    }

    /// Transposes the 8×8 bit matrix whose row `j` is byte `j`: bit `i` of
    /// byte `j` moves to bit `j` of byte `i`. Its own inverse.
    @inline(__always)
    static func transpose8x8(_ x: UInt64) -> UInt64 {
        var x = x
        var t = (x ^ (x &>> 7)) & 0x00AA_00AA_00AA_00AA
        x ^= t ^ (t &<< 7)
        t = (x ^ (x &>> 14)) & 0x0000_CCCC_0000_CCCC
        x ^= t ^ (t &<< 14)
        t = (x ^ (x &>> 28)) & 0x0000_0000_F0F0_F0F0
        x ^= t ^ (t &<< 28)
        return x
    }

    /// The AES S-box on every byte lane of the planes, except that the result
    /// is `S(x) ⊕ 0x63`.
    ///
    /// This is the 113-gate straight-line program SLP_AES_113 of Boyar,
    /// Peralta and Calik, published by the Circuit Minimization Team
    /// (cs.yale.edu/homes/peralta/CircuitStuff/CMT.html): 32 AND, 77 XOR and
    /// 4 XNOR gates, a tower-field inversion in GF(2^8) between two linear
    /// layers. Its four XNOR gates
    /// complement output bits 0, 1, 5 and 6, i.e. add the affine constant 0x63.
    /// They are left out here: a state of all-0x63 bytes passes through
    /// ShiftRows and MixColumns unchanged (2 ⊕ 3 ⊕ 1 ⊕ 1 = 1), so the key
    /// schedule folds the constant into round keys 1…Nr instead of paying four
    /// NOTs per round.
    ///
    /// The circuit numbers bits from the most significant: its input `x0` is
    /// plane 7 and its output `s0` goes to plane 7.
    @inline(__always)
    static func subBytesWithoutConstant(_ planes: inout Planes) {
        let x0 = planes.p7, x1 = planes.p6, x2 = planes.p5, x3 = planes.p4
        let x4 = planes.p3, x5 = planes.p2, x6 = planes.p1, x7 = planes.p0

        // Top linear layer: 23 XORs.
        let y14 = x3 ^ x5
        let y13 = x0 ^ x6
        let y9 = x0 ^ x3
        let y8 = x0 ^ x5
        let t0 = x1 ^ x2
        let y1 = t0 ^ x7
        let y4 = y1 ^ x3
        let y12 = y13 ^ y14
        let y2 = y1 ^ x0
        let y5 = y1 ^ x6
        let y3 = y5 ^ y8
        let t1 = x4 ^ y12
        let y15 = t1 ^ x5
        let y20 = t1 ^ x1
        let y6 = y15 ^ x7
        let y10 = y15 ^ t0
        let y11 = y20 ^ y9
        let y7 = x7 ^ y11
        let y17 = y10 ^ y11
        let y19 = y10 ^ y8
        let y16 = t0 ^ y11
        let y21 = y13 ^ y16
        let y18 = x0 ^ y16

        // Non-linear middle: the GF(2^8) inversion, 62 gates.
        let t2 = y12 & y15
        let t3 = y3 & y6
        let t4 = t3 ^ t2
        let t5 = y4 & x7
        let t6 = t5 ^ t2
        let t7 = y13 & y16
        let t8 = y5 & y1
        let t9 = t8 ^ t7
        let t10 = y2 & y7
        let t11 = t10 ^ t7
        let t12 = y9 & y11
        let t13 = y14 & y17
        let t14 = t13 ^ t12
        let t15 = y8 & y10
        let t16 = t15 ^ t12
        let t17 = t4 ^ t14
        let t18 = t6 ^ t16
        let t19 = t9 ^ t14
        let t20 = t11 ^ t16
        let t21 = t17 ^ y20
        let t22 = t18 ^ y19
        let t23 = t19 ^ y21
        let t24 = t20 ^ y18

        let t25 = t21 ^ t22
        let t26 = t21 & t23
        let t27 = t24 ^ t26
        let t28 = t25 & t27
        let t29 = t28 ^ t22
        let t30 = t23 ^ t24
        let t31 = t22 ^ t26
        let t32 = t31 & t30
        let t33 = t32 ^ t24
        let t34 = t23 ^ t33
        let t35 = t27 ^ t33
        let t36 = t24 & t35
        let t37 = t36 ^ t34
        let t38 = t27 ^ t36
        let t39 = t29 & t38
        let t40 = t25 ^ t39

        let t41 = t40 ^ t37
        let t42 = t29 ^ t33
        let t43 = t29 ^ t40
        let t44 = t33 ^ t37
        let t45 = t42 ^ t41
        let z0 = t44 & y15
        let z1 = t37 & y6
        let z2 = t33 & x7
        let z3 = t43 & y16
        let z4 = t40 & y1
        let z5 = t29 & y7
        let z6 = t42 & y11
        let z7 = t45 & y17
        let z8 = t41 & y10
        let z9 = t44 & y12
        let z10 = t37 & y3
        let z11 = t33 & y4
        let z12 = t43 & y13
        let z13 = t40 & y5
        let z14 = t29 & y2
        let z15 = t42 & y9
        let z16 = t45 & y14
        let z17 = t41 & y8

        // Bottom linear layer: 28 gates (the four XNORs appear as plain XORs;
        // see above).
        let tc1 = z15 ^ z16
        let tc2 = z10 ^ tc1
        let tc3 = z9 ^ tc2
        let tc4 = z0 ^ z2
        let tc5 = z1 ^ z0
        let tc6 = z3 ^ z4
        let tc7 = z12 ^ tc4
        let tc8 = z7 ^ tc6
        let tc9 = z8 ^ tc7
        let tc10 = tc8 ^ tc9
        let tc11 = tc6 ^ tc5
        let tc12 = z3 ^ z5
        let tc13 = z13 ^ tc1
        let tc14 = tc4 ^ tc12
        let s3 = tc3 ^ tc11
        let tc16 = z6 ^ tc8
        let tc17 = z14 ^ tc10
        let tc18 = tc13 ^ tc14
        let s7 = z12 ^ tc18
        let tc20 = z15 ^ tc16
        let tc21 = tc2 ^ z11
        let s0 = tc3 ^ tc16
        let s6 = tc10 ^ tc18
        let s4 = tc14 ^ s3
        let s1 = s3 ^ tc16
        let tc26 = tc17 ^ tc20
        let s2 = tc26 ^ z17
        let s5 = tc21 ^ tc17

        planes = Planes(p0: s7, p1: s6, p2: s5, p3: s4, p4: s3, p5: s2, p6: s1, p7: s0)
    }
}
