import ConsentKitCrypto
import Testing

@Suite("Poly1305")
struct Poly1305Tests {
    @Test("Tags (RFC 8439 §2.5.2, Appendix A.3 #1–#11)", arguments: Poly1305Tests.vectors)
    func tag(_ vector: MACVector) throws {
        #expect(try Self.tag(key: hex(vector.key), message: hex(vector.message)) == hex(vector.tag))
    }

    @Test("Any split of the message gives the same tag", arguments: [1, 3, 15, 16, 17, 33, 64])
    func streaming(chunkSize: Int) throws {
        // RFC 8439 Appendix A.3 test vector #3: 375 bytes, not a multiple of 16.
        guard let vector = Self.vectors.first(where: { $0.source.hasSuffix("A.3 test vector #3") }) else {
            Issue.record("Appendix A.3 test vector #3 is missing")
            return
        }
        let message = hex(vector.message)
        var authenticator = try hex(vector.key).withUnsafeBytes { try Poly1305(key: $0) }
        var start = 0
        while start < message.count {
            let end = min(start + chunkSize, message.count)
            message[start..<end].withUnsafeBytes { authenticator.update($0) }
            start = end
        }
        #expect(authenticator.finalize().bytes == hex(vector.tag))
    }

    @Test("Empty updates change nothing")
    func emptyUpdates() throws {
        // RFC 8439 §2.5.2, fed around empty buffers.
        let vector = Self.vectors[0]
        let message = hex(vector.message)
        var authenticator = try hex(vector.key).withUnsafeBytes { try Poly1305(key: $0) }
        authenticator.update(UnsafeRawBufferPointer(start: nil, count: 0))
        message.withUnsafeBytes { authenticator.update($0) }
        authenticator.update(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(authenticator.finalize().bytes == hex(vector.tag))
    }

    @Test("Tag equality compares every byte")
    func tagEquality() throws {
        let key = [UInt8](repeating: 0x5a, count: 32)
        let one = try Self.authenticator(key: key, message: Array("message".utf8))
        let same = try Self.authenticator(key: key, message: Array("message".utf8))
        let other = try Self.authenticator(key: key, message: Array("messagf".utf8))
        #expect(one == same)
        #expect(one != other)
    }

    @Test("Rejects one-time keys that are not 32 bytes", arguments: [0, 16, 31, 33, 64])
    func wrongKeySize(byteCount: Int) {
        let error = #expect(throws: CryptoError.self) {
            try [UInt8](repeating: 1, count: byteCount).withUnsafeBytes { try Poly1305(key: $0) }
        }
        #expect(error?.code == .invalidKeySize)
    }

    @Test("Finalizing twice traps instead of reusing a one-time key")
    func finalizeTwice() async {
        await #expect(processExitsWith: .failure) {
            var authenticator = try [UInt8](repeating: 1, count: 32).withUnsafeBytes { try Poly1305(key: $0) }
            _ = authenticator.finalize()
            _ = authenticator.finalize()
        }
    }

    @Test("Descriptions and mirrors never show the key")
    func redacted() throws {
        let authenticator = try [UInt8](repeating: 0xab, count: 32).withUnsafeBytes { try Poly1305(key: $0) }
        var dumped = ""
        dump(authenticator, to: &dumped)
        for text in [String(describing: authenticator), String(reflecting: authenticator), dumped] {
            #expect(!text.contains("12370169555311111083"))  // 0xabababababababab, a key word
            #expect(text.contains("Poly1305"))
        }
    }
}

extension Poly1305Tests {
    static func authenticator(key: [UInt8], message: [UInt8]) throws -> Poly1305.Tag {
        var authenticator = try key.withUnsafeBytes { try Poly1305(key: $0) }
        message.withUnsafeBytes { authenticator.update($0) }
        return authenticator.finalize()
    }

    static func tag(key: [UInt8], message: [UInt8]) throws -> [UInt8] {
        try authenticator(key: key, message: message).bytes
    }
}

// MARK: - Known answers, copied from RFC 8439

extension Poly1305Tests {
    struct MACVector: Sendable, CustomTestStringConvertible {
        let source: String
        /// r ‖ s
        let key: String
        let message: String
        let tag: String
        var testDescription: String { source }
    }

    static let vectors: [MACVector] = [
        MACVector(
            source: "RFC 8439 §2.5.2",
            key: """
            85 d6 be 78 57 55 6d 33 7f 44 52 fe 42 d5 06 a8
            01 03 80 8a fb 0d b2 fd 4a bf f6 af 41 49 f5 1b
            """,
            message: """
            43 72 79 70 74 6f 67 72 61 70 68 69 63 20 46 6f
            72 75 6d 20 52 65 73 65 61 72 63 68 20 47 72 6f
            75 70
            """,
            tag: "a8061dc1305136c6c22b8baf0c0127a9"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #1",
            key: """
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: """
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            tag: "00000000000000000000000000000000"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #2",
            key: """
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            36 e5 f6 b5 c5 e0 60 70 f0 ef ca 96 22 7a 86 3e
            """,
            message: """
            41 6e 79 20 73 75 62 6d 69 73 73 69 6f 6e 20 74
            6f 20 74 68 65 20 49 45 54 46 20 69 6e 74 65 6e
            64 65 64 20 62 79 20 74 68 65 20 43 6f 6e 74 72
            69 62 75 74 6f 72 20 66 6f 72 20 70 75 62 6c 69
            63 61 74 69 6f 6e 20 61 73 20 61 6c 6c 20 6f 72
            20 70 61 72 74 20 6f 66 20 61 6e 20 49 45 54 46
            20 49 6e 74 65 72 6e 65 74 2d 44 72 61 66 74 20
            6f 72 20 52 46 43 20 61 6e 64 20 61 6e 79 20 73
            74 61 74 65 6d 65 6e 74 20 6d 61 64 65 20 77 69
            74 68 69 6e 20 74 68 65 20 63 6f 6e 74 65 78 74
            20 6f 66 20 61 6e 20 49 45 54 46 20 61 63 74 69
            76 69 74 79 20 69 73 20 63 6f 6e 73 69 64 65 72
            65 64 20 61 6e 20 22 49 45 54 46 20 43 6f 6e 74
            72 69 62 75 74 69 6f 6e 22 2e 20 53 75 63 68 20
            73 74 61 74 65 6d 65 6e 74 73 20 69 6e 63 6c 75
            64 65 20 6f 72 61 6c 20 73 74 61 74 65 6d 65 6e
            74 73 20 69 6e 20 49 45 54 46 20 73 65 73 73 69
            6f 6e 73 2c 20 61 73 20 77 65 6c 6c 20 61 73 20
            77 72 69 74 74 65 6e 20 61 6e 64 20 65 6c 65 63
            74 72 6f 6e 69 63 20 63 6f 6d 6d 75 6e 69 63 61
            74 69 6f 6e 73 20 6d 61 64 65 20 61 74 20 61 6e
            79 20 74 69 6d 65 20 6f 72 20 70 6c 61 63 65 2c
            20 77 68 69 63 68 20 61 72 65 20 61 64 64 72 65
            73 73 65 64 20 74 6f
            """,
            tag: "36e5f6b5c5e06070f0efca96227a863e"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #3",
            key: """
            36 e5 f6 b5 c5 e0 60 70 f0 ef ca 96 22 7a 86 3e
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: """
            41 6e 79 20 73 75 62 6d 69 73 73 69 6f 6e 20 74
            6f 20 74 68 65 20 49 45 54 46 20 69 6e 74 65 6e
            64 65 64 20 62 79 20 74 68 65 20 43 6f 6e 74 72
            69 62 75 74 6f 72 20 66 6f 72 20 70 75 62 6c 69
            63 61 74 69 6f 6e 20 61 73 20 61 6c 6c 20 6f 72
            20 70 61 72 74 20 6f 66 20 61 6e 20 49 45 54 46
            20 49 6e 74 65 72 6e 65 74 2d 44 72 61 66 74 20
            6f 72 20 52 46 43 20 61 6e 64 20 61 6e 79 20 73
            74 61 74 65 6d 65 6e 74 20 6d 61 64 65 20 77 69
            74 68 69 6e 20 74 68 65 20 63 6f 6e 74 65 78 74
            20 6f 66 20 61 6e 20 49 45 54 46 20 61 63 74 69
            76 69 74 79 20 69 73 20 63 6f 6e 73 69 64 65 72
            65 64 20 61 6e 20 22 49 45 54 46 20 43 6f 6e 74
            72 69 62 75 74 69 6f 6e 22 2e 20 53 75 63 68 20
            73 74 61 74 65 6d 65 6e 74 73 20 69 6e 63 6c 75
            64 65 20 6f 72 61 6c 20 73 74 61 74 65 6d 65 6e
            74 73 20 69 6e 20 49 45 54 46 20 73 65 73 73 69
            6f 6e 73 2c 20 61 73 20 77 65 6c 6c 20 61 73 20
            77 72 69 74 74 65 6e 20 61 6e 64 20 65 6c 65 63
            74 72 6f 6e 69 63 20 63 6f 6d 6d 75 6e 69 63 61
            74 69 6f 6e 73 20 6d 61 64 65 20 61 74 20 61 6e
            79 20 74 69 6d 65 20 6f 72 20 70 6c 61 63 65 2c
            20 77 68 69 63 68 20 61 72 65 20 61 64 64 72 65
            73 73 65 64 20 74 6f
            """,
            tag: "f3477e7cd95417af89a6b8794c310cf0"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #4",
            key: """
            1c 92 40 a5 eb 55 d3 8a f3 33 88 86 04 f6 b5 f0
            47 39 17 c1 40 2b 80 09 9d ca 5c bc 20 70 75 c0
            """,
            message: """
            27 54 77 61 73 20 62 72 69 6c 6c 69 67 2c 20 61
            6e 64 20 74 68 65 20 73 6c 69 74 68 79 20 74 6f
            76 65 73 0a 44 69 64 20 67 79 72 65 20 61 6e 64
            20 67 69 6d 62 6c 65 20 69 6e 20 74 68 65 20 77
            61 62 65 3a 0a 41 6c 6c 20 6d 69 6d 73 79 20 77
            65 72 65 20 74 68 65 20 62 6f 72 6f 67 6f 76 65
            73 2c 0a 41 6e 64 20 74 68 65 20 6d 6f 6d 65 20
            72 61 74 68 73 20 6f 75 74 67 72 61 62 65 2e
            """,
            tag: "4541669a7eaaee61e708dc7cbcc5eb62"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #5 (partially reduced result not fully reduced)",
            key: """
            02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: "ffffffffffffffffffffffffffffffff",
            tag: "03000000000000000000000000000000"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #6 (adding s overflows 2^128)",
            key: """
            02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
            """,
            message: "02000000000000000000000000000000",
            tag: "03000000000000000000000000000000"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #7 (all-ones data limb with a carry from below)",
            key: """
            01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: """
            ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
            f0 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
            11 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            tag: "05000000000000000000000000000000"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #8 (polynomial part exactly 2^130 - 5)",
            key: """
            01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: """
            ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff
            fb fe fe fe fe fe fe fe fe fe fe fe fe fe fe fe
            01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01
            """,
            tag: "00000000000000000000000000000000"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #9 (polynomial part exactly 2^130 - 6)",
            key: """
            02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: "fdffffffffffffffffffffffffffffff",
            tag: "faffffffffffffffffffffffffffffff"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #10 (5·H + L reduction with a 131-bit intermediate)",
            key: """
            01 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: """
            e3 35 94 d7 50 5e 43 b9 00 00 00 00 00 00 00 00
            33 94 d7 50 5e 43 79 cd 01 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            tag: "14000000000000005500000000000000"
        ),
        MACVector(
            source: "RFC 8439 Appendix A.3 test vector #11 (5·H + L reduction with a 131-bit final result)",
            key: """
            01 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            message: """
            e3 35 94 d7 50 5e 43 b9 00 00 00 00 00 00 00 00
            33 94 d7 50 5e 43 79 cd 01 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
            """,
            tag: "13000000000000000000000000000000"
        ),
    ]
}
