import ConsentKitCrypto
import Testing

@Suite struct AESTests {
    /// One key, one plaintext block, one ciphertext block, and where they come from.
    struct KnownAnswer: Sendable, CustomTestStringConvertible {
        let source: String
        let key: String
        let plaintext: String
        let ciphertext: String
        var testDescription: String { source }
    }

    /// A four-block ECB example of NIST SP 800-38A Appendix F.1.
    struct ECBExample: Sendable, CustomTestStringConvertible {
        let source: String
        let key: String
        let ciphertexts: [String]
        var testDescription: String { source }
    }

    // MARK: - Known answers

    /// FIPS 197 (2001 edition, unchanged in the 2023 update), Appendix B and Appendix C.1–C.3.
    static let fips197: [KnownAnswer] = [
        KnownAnswer(
            source: "FIPS 197 Appendix B (cipher example)",
            key: "2b7e151628aed2a6abf7158809cf4f3c",
            plaintext: "3243f6a8885a308d313198a2e0370734",
            ciphertext: "3925841d02dc09fbdc118597196a0b32"
        ),
        KnownAnswer(
            source: "FIPS 197 Appendix C.1 (AES-128)",
            key: "000102030405060708090a0b0c0d0e0f",
            plaintext: "00112233445566778899aabbccddeeff",
            ciphertext: "69c4e0d86a7b0430d8cdb78070b4c55a"
        ),
        KnownAnswer(
            source: "FIPS 197 Appendix C.2 (AES-192)",
            key: "000102030405060708090a0b0c0d0e0f1011121314151617",
            plaintext: "00112233445566778899aabbccddeeff",
            ciphertext: "dda97ca4864cdfe06eaf70a0ec0d7191"
        ),
        KnownAnswer(
            source: "FIPS 197 Appendix C.3 (AES-256)",
            key: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            plaintext: "00112233445566778899aabbccddeeff",
            ciphertext: "8ea2b7ca516745bfeafc49904b496089"
        ),
    ]

    /// NIST "The Advanced Encryption Standard Algorithm Validation Suite (AESAVS)",
    /// 2002: GFSbox (Appendix B), KeySbox (Appendix C), VarTxt (Appendix D) and
    /// VarKey (Appendix E); the same values are COUNT 0 / last COUNT of the CAVP
    /// files ECB{GFSbox,KeySbox,VarTxt,VarKey}{128,192,256}.rsp.
    static let aesavs: [KnownAnswer] = {
        let zero128 = String(repeating: "0", count: 32)
        let zero192 = String(repeating: "0", count: 48)
        let zero256 = String(repeating: "0", count: 64)
        let block = zero128
        return [
            // GFSbox: all-zero key, chosen plaintexts.
            KnownAnswer(source: "AESAVS B.1 GFSbox-128 #1", key: zero128,
                        plaintext: "f34481ec3cc627bacd5dc3fb08f273e6", ciphertext: "0336763e966d92595a567cc9ce537f5e"),
            KnownAnswer(source: "AESAVS B.1 GFSbox-128 #2", key: zero128,
                        plaintext: "9798c4640bad75c7c3227db910174e72", ciphertext: "a9a1631bf4996954ebc093957b234589"),
            KnownAnswer(source: "AESAVS B.1 GFSbox-128 #3", key: zero128,
                        plaintext: "96ab5c2ff612d9dfaae8c31f30c42168", ciphertext: "ff4f8391a6a40ca5b25d23bedd44a597"),
            KnownAnswer(source: "AESAVS B.1 GFSbox-128 #7", key: zero128,
                        plaintext: "58c8e00b2631686d54eab84b91f0aca1", ciphertext: "08a4e2efec8a8e3312ca7460b9040bbf"),
            KnownAnswer(source: "AESAVS B.2 GFSbox-192 #1", key: zero192,
                        plaintext: "1b077a6af4b7f98229de786d7516b639", ciphertext: "275cfc0413d8ccb70513c3859b1d0f72"),
            KnownAnswer(source: "AESAVS B.2 GFSbox-192 #2", key: zero192,
                        plaintext: "9c2d8842e5f48f57648205d39a239af1", ciphertext: "c9b8135ff1b5adc413dfd053b21bd96d"),
            KnownAnswer(source: "AESAVS B.3 GFSbox-256 #1", key: zero256,
                        plaintext: "014730f80ac625fe84f026c60bfd547d", ciphertext: "5c9d844ed46f9885085e5d6a4f94c7d7"),
            KnownAnswer(source: "AESAVS B.3 GFSbox-256 #2", key: zero256,
                        plaintext: "0b24af36193ce4665f2825d7b4749c98", ciphertext: "a9ff75bd7cf6613d3731c77c3b6d0c04"),
            // KeySbox: chosen keys, all-zero plaintext.
            KnownAnswer(source: "AESAVS C.1 KeySbox-128 #1", key: "10a58869d74be5a374cf867cfb473859",
                        plaintext: block, ciphertext: "6d251e6944b051e04eaa6fb4dbf78465"),
            KnownAnswer(source: "AESAVS C.1 KeySbox-128 #2", key: "caea65cdbb75e9169ecd22ebe6e54675",
                        plaintext: block, ciphertext: "6e29201190152df4ee058139def610bb"),
            KnownAnswer(source: "AESAVS C.1 KeySbox-128 #3", key: "a2e2fa9baf7d20822ca9f0542f764a41",
                        plaintext: block, ciphertext: "c3b44b95d9d2f25670eee9a0de099fa3"),
            KnownAnswer(source: "AESAVS C.2 KeySbox-192 #1", key: "e9f065d7c13573587f7875357dfbb16c53489f6a4bd0f7cd",
                        plaintext: block, ciphertext: "0956259c9cd5cfd0181cca53380cde06"),
            KnownAnswer(source: "AESAVS C.3 KeySbox-256 #1",
                        key: "c47b0294dbbbee0fec4757f22ffeee3587ca4730c3d33b691df38bab076bc558",
                        plaintext: block, ciphertext: "46f2fb342d6f0ab477476fc501242c5f"),
            KnownAnswer(source: "AESAVS C.3 KeySbox-256 #2",
                        key: "28d46cffa158533194214a91e712fc2b45b518076675affd910edeca5f41ac64",
                        plaintext: block, ciphertext: "4bf3b0a69aeb6657794f2901b1440ad4"),
            // VarTxt: all-zero key, plaintexts 1000…0 and 11…1.
            KnownAnswer(source: "AESAVS D.1 VarTxt-128 #1", key: zero128,
                        plaintext: "80000000000000000000000000000000", ciphertext: "3ad78e726c1ec02b7ebfe92b23d9ec34"),
            KnownAnswer(source: "AESAVS D.1 VarTxt-128 #128", key: zero128,
                        plaintext: "ffffffffffffffffffffffffffffffff", ciphertext: "3f5b8cc9ea855a0afa7347d23e8d664e"),
            KnownAnswer(source: "AESAVS D.2 VarTxt-192 #1", key: zero192,
                        plaintext: "80000000000000000000000000000000", ciphertext: "6cd02513e8d4dc986b4afe087a60bd0c"),
            KnownAnswer(source: "AESAVS D.2 VarTxt-192 #128", key: zero192,
                        plaintext: "ffffffffffffffffffffffffffffffff", ciphertext: "b13db4da1f718bc6904797c82bcf2d32"),
            KnownAnswer(source: "AESAVS D.3 VarTxt-256 #1", key: zero256,
                        plaintext: "80000000000000000000000000000000", ciphertext: "ddc6bf790c15760d8d9aeb6f9a75fd4e"),
            // VarKey: keys 1000…0 and 11…1, all-zero plaintext.
            KnownAnswer(source: "AESAVS E.1 VarKey-128 #1", key: "80000000000000000000000000000000",
                        plaintext: block, ciphertext: "0edd33d3c621e546455bd8ba1418bec8"),
            KnownAnswer(source: "AESAVS E.1 VarKey-128 #2", key: "c0000000000000000000000000000000",
                        plaintext: block, ciphertext: "4bc3f883450c113c64ca42e1112a9e87"),
            KnownAnswer(source: "AESAVS E.1 VarKey-128 #128", key: "ffffffffffffffffffffffffffffffff",
                        plaintext: block, ciphertext: "a1f6258c877d5fcd8964484538bfc92c"),
            KnownAnswer(source: "AESAVS E.2 VarKey-192 #1", key: "800000000000000000000000000000000000000000000000",
                        plaintext: block, ciphertext: "de885dc87f5a92594082d02cc1e1b42c"),
            KnownAnswer(source: "AESAVS E.2 VarKey-192 #192", key: String(repeating: "f", count: 48),
                        plaintext: block, ciphertext: "dd8a493514231cbf56eccee4c40889fb"),
            KnownAnswer(source: "AESAVS E.3 VarKey-256 #1",
                        key: "8000000000000000000000000000000000000000000000000000000000000000",
                        plaintext: block, ciphertext: "e35a6dcb19b201a01ebcfa8aa22b5759"),
            KnownAnswer(source: "AESAVS E.3 VarKey-256 #256", key: String(repeating: "f", count: 64),
                        plaintext: block, ciphertext: "4bf85f1b5d54adbc307b0a048389adcb"),
        ]
    }()

    /// NIST SP 800-38A (2001), Appendix F.1: the four plaintext blocks shared by all ECB examples.
    static let sp80038aPlaintexts = [
        "6bc1bee22e409f96e93d7e117393172a",
        "ae2d8a571e03ac9c9eb76fac45af8e51",
        "30c81c46a35ce411e5fbc1191a0a52ef",
        "f69f2445df4f9b17ad2b417be66c3710",
    ]

    /// NIST SP 800-38A (2001), Appendix F.1.1, F.1.3 and F.1.5 (ECB encryption).
    static let sp80038a: [ECBExample] = [
        ECBExample(
            source: "SP 800-38A F.1.1 ECB-AES128.Encrypt",
            key: "2b7e151628aed2a6abf7158809cf4f3c",
            ciphertexts: [
                "3ad77bb40d7a3660a89ecaf32466ef97",
                "f5d3d58503b9699de785895a96fdbaaf",
                "43b1cd7f598ece23881b00e3ed030688",
                "7b0c785e27e8ad3f8223207104725dd4",
            ]
        ),
        ECBExample(
            source: "SP 800-38A F.1.3 ECB-AES192.Encrypt",
            key: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
            ciphertexts: [
                "bd334f1d6e45f25ff712a214571fa5cc",
                "974104846d0ad3ad7734ecb3ecee4eef",
                "ef7afd2270e2e60adce0ba2face6444e",
                "9a4b41ba738d6c72fb16691603c18e0e",
            ]
        ),
        ECBExample(
            source: "SP 800-38A F.1.5 ECB-AES256.Encrypt",
            key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            ciphertexts: [
                "f3eed1bdb5d2a03c064b5a7e3db181f8",
                "591ccb10d410ed26dc5ba74a31362870",
                "b6ed21b99ca6f4f9f153e7b1beafed1d",
                "23304b7a39f9f3ff067d8d8f9e24ecc7",
            ]
        ),
    ]

    /// FIPS 197 §5.1.1, Figure 7: S-box values for every input byte, row by row
    /// (row = high nibble, column = low nibble).
    static let fips197SBox: [UInt8] = [
        0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b, 0xfe, 0xd7, 0xab, 0x76,
        0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0, 0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0,
        0xb7, 0xfd, 0x93, 0x26, 0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
        0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2, 0xeb, 0x27, 0xb2, 0x75,
        0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0, 0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84,
        0x53, 0xd1, 0x00, 0xed, 0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
        0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f, 0x50, 0x3c, 0x9f, 0xa8,
        0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5, 0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2,
        0xcd, 0x0c, 0x13, 0xec, 0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
        0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14, 0xde, 0x5e, 0x0b, 0xdb,
        0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c, 0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79,
        0xe7, 0xc8, 0x37, 0x6d, 0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
        0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f, 0x4b, 0xbd, 0x8b, 0x8a,
        0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e, 0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e,
        0xe1, 0xf8, 0x98, 0x11, 0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
        0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16,
    ]

    // MARK: - Helpers

    private static func cipher(_ keyHex: String) throws -> AESBlockCipher {
        try AESBlockCipher(key: SymmetricKey(bytes: hex(keyHex)))
    }

    /// `count` distinct plaintext blocks: SP 800-38A's four, cycled, with the
    /// block index mixed into the last byte so repeats differ.
    private static func plaintextBlocks(_ count: Int) -> [UInt8] {
        (0..<count).flatMap { index -> [UInt8] in
            var block = hex(sp80038aPlaintexts[index % 4])
            block[15] ^= UInt8(index / 4)
            return block
        }
    }

    private static func encryptBlocks(_ cipher: AESBlockCipher, _ input: [UInt8]) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: input.count)
        try input.withUnsafeBytes { source in
            try output.withUnsafeMutableBytes { try cipher.encryptBlocks(source, into: $0) }
        }
        return output
    }

    // MARK: - Tests

    @Test(arguments: fips197)
    func fips197KnownAnswer(_ vector: KnownAnswer) throws {
        let cipher = try Self.cipher(vector.key)
        #expect(try cipher.encryptBlock(hex(vector.plaintext)) == hex(vector.ciphertext))
    }

    @Test(arguments: aesavs)
    func aesavsKnownAnswer(_ vector: KnownAnswer) throws {
        let cipher = try Self.cipher(vector.key)
        #expect(try cipher.encryptBlock(hex(vector.plaintext)) == hex(vector.ciphertext))
    }

    @Test(arguments: sp80038a)
    func sp80038aOneBlockAtATime(_ example: ECBExample) throws {
        let cipher = try Self.cipher(example.key)
        for (plaintext, ciphertext) in zip(Self.sp80038aPlaintexts, example.ciphertexts) {
            var block = try AESBlock(bytes: hex(plaintext))
            cipher.encryptBlock(&block)
            #expect(block.bytes == hex(ciphertext))
        }
    }

    @Test(arguments: sp80038a)
    func sp80038aFourBlocksInOnePass(_ example: ECBExample) throws {
        let cipher = try Self.cipher(example.key)
        let input = Self.sp80038aPlaintexts.flatMap { hex($0) }
        #expect(try Self.encryptBlocks(cipher, input) == example.ciphertexts.flatMap { hex($0) })
    }

    @Test(arguments: sp80038a, [1, 2, 3, 5, 7])
    func batchMatchesSingleBlocks(_ example: ECBExample, blockCount: Int) throws {
        let cipher = try Self.cipher(example.key)
        let input = Self.plaintextBlocks(blockCount)
        var expected: [UInt8] = []
        for index in 0..<blockCount {
            expected += try cipher.encryptBlock(input[16 * index ..< 16 * (index + 1)])
        }
        #expect(try Self.encryptBlocks(cipher, input) == expected)

        // The same buffer as input and output.
        var inPlace = input
        try inPlace.withUnsafeMutableBytes { buffer in
            try cipher.encryptBlocks(UnsafeRawBufferPointer(buffer), into: buffer)
        }
        #expect(inPlace == expected)
    }

    @Test func emptyBatchIsANoOp() throws {
        let cipher = try Self.cipher(Self.sp80038a[0].key)
        #expect(try Self.encryptBlocks(cipher, []) == [])
    }

    @Test func sBoxMatchesFIPS197Figure7() {
        for chunk in 0..<32 {
            var input: UInt64 = 0
            var expected: UInt64 = 0
            for lane in 0..<8 {
                let byte = 8 * chunk + lane
                input |= UInt64(byte) << (8 * lane)
                expected |= UInt64(Self.fips197SBox[byte]) << (8 * lane)
            }
            #expect(AESBitslice.substituteBytes(input) == expected, "inputs \(8 * chunk) to \(8 * chunk + 7)")
        }
    }

    @Test(arguments: [(16, 128), (24, 192), (32, 256)])
    func keyBitCount(byteCount: Int, bits: Int) throws {
        let cipher = try AESBlockCipher(key: SymmetricKey(bytes: [UInt8](repeating: 7, count: byteCount)))
        #expect(cipher.keyBitCount == bits)
    }

    /// RFC 4493 §4 (Subkey Generation example): L = AES-128(K, 0), K1 = dbl(L), K2 = dbl(K1).
    @Test func doublingMatchesRFC4493Subkeys() throws {
        let cipher = try Self.cipher("2b7e151628aed2a6abf7158809cf4f3c")
        var l = AESBlock.zero
        cipher.encryptBlock(&l)
        #expect(l.bytes == hex("7df76b0c1ab899b33e42f047b91b546f"))
        #expect(l.doubled().bytes == hex("fbeed618357133667c85e08f7236a8de"))
        #expect(l.doubled().doubled().bytes == hex("f7ddac306ae266ccf90bc11ee46d513b"))
    }

    @Test func blockXorAndEquality() throws {
        let a = try AESBlock(bytes: hex("00112233445566778899aabbccddeeff"))
        let b = try AESBlock(bytes: hex("0f0e0d0c0b0a09080706050403020100"))
        var c = a
        c ^= b
        #expect(c == a ^ b)
        #expect(c.bytes == hex("0f1f2f3f4f5f6f7f8f9fafbfcfdfefff"))
        #expect(c ^ b == a)
        #expect(a != b)
        let viaRaw = try hex("00112233445566778899aabbccddeeff").withUnsafeBytes { try AESBlock($0) }
        #expect(viaRaw == a)
        #expect(a.withUnsafeBytes { Array($0) } == a.bytes)
    }

    // MARK: - Misuse

    @Test(arguments: [0, 15, 17, 31, 33, 64])
    func rejectsKeySize(_ byteCount: Int) {
        let error = #expect(throws: CryptoError.self) {
            try AESBlockCipher(key: SymmetricKey(bytes: [UInt8](repeating: 1, count: byteCount)))
        }
        #expect(error?.code == .invalidKeySize)
    }

    @Test(arguments: [0, 15, 17])
    func rejectsBlockSize(_ byteCount: Int) throws {
        let cipher = try Self.cipher(Self.sp80038a[0].key)
        let bytes = [UInt8](repeating: 0, count: byteCount)
        let error = #expect(throws: CryptoError.self) { try cipher.encryptBlock(bytes) }
        #expect(error?.code == .invalidParameter)
        let blockError = #expect(throws: CryptoError.self) { try AESBlock(bytes: bytes) }
        #expect(blockError?.code == .invalidParameter)
        let rawError = #expect(throws: CryptoError.self) { try bytes.withUnsafeBytes { try AESBlock($0) } }
        #expect(rawError?.code == .invalidParameter)
    }

    @Test(arguments: [(16, 32), (32, 16), (0, 16), (15, 15), (17, 17), (47, 47)])
    func rejectsBatchLengths(inputCount: Int, outputCount: Int) throws {
        let cipher = try Self.cipher(Self.sp80038a[0].key)
        let input = [UInt8](repeating: 0xAA, count: inputCount)
        var output = [UInt8](repeating: 0x55, count: outputCount)
        let error = #expect(throws: CryptoError.self) {
            try input.withUnsafeBytes { source in
                try output.withUnsafeMutableBytes { try cipher.encryptBlocks(source, into: $0) }
            }
        }
        #expect(error?.code == .invalidParameter)
        #expect(output == [UInt8](repeating: 0x55, count: outputCount), "nothing written on failure")
    }

    @Test func descriptionsHideKeyMaterial() throws {
        let keyHex = "2b7e151628aed2a6abf7158809cf4f3c"
        let cipher = try Self.cipher(keyHex)
        for text in [String(describing: cipher), String(reflecting: cipher)] {
            #expect(!text.contains("2b7e"))
            #expect(!text.contains("roundKeys"))
        }
    }
}
