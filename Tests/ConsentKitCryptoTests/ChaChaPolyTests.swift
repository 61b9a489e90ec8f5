import ConsentKitCrypto
import Testing

@Suite("ChaChaPoly")
struct ChaChaPolyTests {
    // MARK: Known answers

    @Test(
        "Seal reproduces the RFC ciphertext and tag (RFC 8439 §2.8.2, Appendix A.5)",
        arguments: ChaChaPolyTests.vectors
    )
    func seal(_ vector: AEADVector) throws {
        let box = try ChaChaPoly.seal(
            hex(vector.plaintext),
            using: SymmetricKey(bytes: hex(vector.key)),
            nonce: ChaChaPoly.Nonce(bytes: hex(vector.nonce)),
            authenticating: hex(vector.aad)
        )
        #expect(box.ciphertext == hex(vector.ciphertext))
        #expect(box.tag == hex(vector.tag))
        #expect(box.combined == hex(vector.nonce) + hex(vector.ciphertext) + hex(vector.tag))
    }

    @Test("Open returns the RFC plaintext (RFC 8439 §2.8.2, Appendix A.5)", arguments: ChaChaPolyTests.vectors)
    func open(_ vector: AEADVector) throws {
        let box = try ChaChaPoly.SealedBox(
            nonce: ChaChaPoly.Nonce(bytes: hex(vector.nonce)),
            ciphertext: hex(vector.ciphertext),
            tag: hex(vector.tag)
        )
        let key = SymmetricKey(bytes: hex(vector.key))
        let plaintext = try ChaChaPoly.open(box, using: key, authenticating: hex(vector.aad))
        #expect(plaintext == hex(vector.plaintext))
    }

    @Test("The buffer core matches the RFC (RFC 8439 §2.8.2, Appendix A.5)", arguments: ChaChaPolyTests.vectors)
    func bufferCore(_ vector: AEADVector) throws {
        let plaintext = hex(vector.plaintext), key = hex(vector.key), nonce = hex(vector.nonce), aad = hex(vector.aad)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: 16)
        try Self.sealRaw(plaintext, into: &ciphertext, tag: &tag, key: key, nonce: nonce, aad: aad)
        #expect(ciphertext == hex(vector.ciphertext))
        #expect(tag == hex(vector.tag))

        var opened = [UInt8](repeating: 0, count: ciphertext.count)
        try Self.openRaw(ciphertext, into: &opened, tag: tag, key: key, nonce: nonce, aad: aad)
        #expect(opened == plaintext)
    }

    // MARK: Wycheproof

    @Test("Every case of Wycheproof chacha20_poly1305_test.json")
    func wycheproof() throws {
        let file = try Wycheproof.load("chacha20_poly1305_test.json", as: Wycheproof.AEADGroup.self)
        #expect(file.algorithm == "CHACHA20-POLY1305")
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                try Self.check(test)
                checked += 1
            }
        }
        #expect(checked == file.numberOfTests)
    }

    static func check(_ test: Wycheproof.AEADTest) throws {
        let key = SymmetricKey(bytes: hex(test.key))
        let iv = hex(test.iv), aad = hex(test.aad), message = hex(test.msg)
        let ciphertext = hex(test.ct), tag = hex(test.tag)
        let context: Comment = "tcId \(test.tcId): \(test.comment)"

        if test.result == .invalid, iv.count != ChaChaPoly.nonceByteCount {
            let atConstruction = #expect(throws: CryptoError.self, context) { try ChaChaPoly.Nonce(bytes: iv) }
            #expect(atConstruction?.code == .invalidNonceSize, context)
            var output = [UInt8](repeating: 0, count: ciphertext.count)
            let atOpen = #expect(throws: CryptoError.self, context) {
                try openRaw(ciphertext, into: &output, tag: tag, key: hex(test.key), nonce: iv, aad: aad)
            }
            #expect(atOpen?.code == .invalidNonceSize, context)
            return
        }

        let nonce = try ChaChaPoly.Nonce(bytes: iv)
        let box = try ChaChaPoly.SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
        switch test.result {
        case .valid, .acceptable:
            let sealed = try ChaChaPoly.seal(message, using: key, nonce: nonce, authenticating: aad)
            #expect(sealed.ciphertext == ciphertext, context)
            #expect(sealed.tag == tag, context)
            #expect(try ChaChaPoly.open(box, using: key, authenticating: aad) == message, context)
        case .invalid:
            let error = #expect(throws: CryptoError.self, context) {
                try ChaChaPoly.open(box, using: key, authenticating: aad)
            }
            #expect(error?.code == .authenticationFailure, context)
        }
    }

    // MARK: Round trips

    @Test(
        "Round trip with a random nonce, with and without associated data",
        arguments: [0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1024, 4099]
    )
    func roundTrip(length: Int) throws {
        let key = SymmetricKey(byteCount: 32)
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let header = Array("consent-record-v1".utf8)

        let box = try ChaChaPoly.seal(message, using: key, authenticating: header)
        #expect(box.ciphertext.count == length)
        #expect(try ChaChaPoly.open(box, using: key, authenticating: header) == message)
        let reparsed = try ChaChaPoly.SealedBox(combined: box.combined)
        #expect(reparsed == box)
        #expect(try ChaChaPoly.open(reparsed, using: key, authenticating: header) == message)

        let bare = try ChaChaPoly.seal(message, using: key)
        #expect(try ChaChaPoly.open(bare, using: key) == message)
        #expect(try ChaChaPoly.open(bare, using: key, authenticating: [UInt8]()) == message)
    }

    @Test("Seal and open work in place")
    func inPlace() throws {
        let key = [UInt8](repeating: 3, count: 32), nonce = [UInt8](repeating: 4, count: 12)
        let aad = [UInt8](repeating: 5, count: 7)
        let message = (0..<777).map { UInt8(truncatingIfNeeded: $0) }
        var expected = [UInt8](repeating: 0, count: message.count), expectedTag = [UInt8](repeating: 0, count: 16)
        try Self.sealRaw(message, into: &expected, tag: &expectedTag, key: key, nonce: nonce, aad: aad)

        var buffer = message, tag = [UInt8](repeating: 0, count: 16)
        try Self.withBytes(key, nonce, aad) { key, nonce, aad in
            try buffer.withUnsafeMutableBytes { buffer in
                try tag.withUnsafeMutableBytes { tag in
                    try ChaChaPoly.seal(
                        UnsafeRawBufferPointer(buffer), into: buffer, tag: tag, key: key, nonce: nonce, aad: aad
                    )
                }
            }
        }
        #expect(buffer == expected)
        #expect(tag == expectedTag)

        try Self.withBytes(key, nonce, aad, tag) { key, nonce, aad, tag in
            try buffer.withUnsafeMutableBytes { buffer in
                try ChaChaPoly.open(
                    UnsafeRawBufferPointer(buffer), into: buffer, tag: tag, key: key, nonce: nonce, aad: aad
                )
            }
        }
        #expect(buffer == message)
    }

    @Test("Random nonces differ")
    func randomNonces() {
        let nonces = (0..<64).map { _ in ChaChaPoly.Nonce().bytes }
        #expect(Set(nonces).count == nonces.count)
        #expect(nonces.allSatisfy { $0.count == 12 })
    }

    // MARK: Misuse

    @Test("Rejects keys that are not 32 bytes", arguments: [0, 16, 31, 33, 64])
    func wrongKeySize(byteCount: Int) throws {
        let key = SymmetricKey(bytes: [UInt8](repeating: 1, count: byteCount))
        let sealError = #expect(throws: CryptoError.self) { try ChaChaPoly.seal([1, 2, 3], using: key) }
        #expect(sealError?.code == .invalidKeySize)

        let box = try ChaChaPoly.seal([1, 2, 3], using: SymmetricKey(byteCount: 32))
        let openError = #expect(throws: CryptoError.self) { try ChaChaPoly.open(box, using: key) }
        #expect(openError?.code == .invalidKeySize)
    }

    @Test("Rejects nonces that are not 12 bytes", arguments: [0, 8, 11, 13, 16])
    func wrongNonceSize(byteCount: Int) {
        let nonce = [UInt8](repeating: 0, count: byteCount)
        let constructionError = #expect(throws: CryptoError.self) { try ChaChaPoly.Nonce(bytes: nonce) }
        #expect(constructionError?.code == .invalidNonceSize)

        let key = [UInt8](repeating: 1, count: 32)
        var ciphertext = [UInt8](repeating: 0, count: 3), tag = [UInt8](repeating: 0, count: 16)
        let sealError = #expect(throws: CryptoError.self) {
            try Self.sealRaw([1, 2, 3], into: &ciphertext, tag: &tag, key: key, nonce: nonce, aad: [])
        }
        #expect(sealError?.code == .invalidNonceSize)
        var plaintext = [UInt8](repeating: 0, count: 3)
        let openError = #expect(throws: CryptoError.self) {
            try Self.openRaw(ciphertext, into: &plaintext, tag: tag, key: key, nonce: nonce, aad: [])
        }
        #expect(openError?.code == .invalidNonceSize)
    }

    @Test("Rejects truncated and long tags", arguments: [0, 8, 15, 17, 32])
    func wrongTagSize(byteCount: Int) throws {
        let tag = [UInt8](repeating: 0, count: byteCount)
        let boxError = #expect(throws: CryptoError.self) {
            try ChaChaPoly.SealedBox(nonce: ChaChaPoly.Nonce(), ciphertext: [1, 2, 3], tag: tag)
        }
        #expect(boxError?.code == .invalidTagSize)

        let key = [UInt8](repeating: 1, count: 32), nonce = [UInt8](repeating: 2, count: 12)
        var plaintext = [UInt8](repeating: 0xaa, count: 3)
        let openError = #expect(throws: CryptoError.self) {
            try Self.openRaw([1, 2, 3], into: &plaintext, tag: tag, key: key, nonce: nonce, aad: [])
        }
        #expect(openError?.code == .invalidTagSize)
        #expect(plaintext == [0xaa, 0xaa, 0xaa])

        var ciphertext = [UInt8](repeating: 0, count: 3), tagOutput = tag
        let sealError = #expect(throws: CryptoError.self) {
            try Self.sealRaw([1, 2, 3], into: &ciphertext, tag: &tagOutput, key: key, nonce: nonce, aad: [])
        }
        #expect(sealError?.code == .invalidTagSize)
        #expect(ciphertext == [0, 0, 0])
    }

    @Test("A flipped tag bit fails authentication and releases no plaintext", arguments: [0, 1, 7, 8, 63, 64, 120, 127])
    func flippedTagBit(bit: Int) throws {
        // RFC 8439 Appendix A.5, with one bit of the received tag flipped.
        let vector = Self.vectors[1]
        var tag = hex(vector.tag)
        tag[bit / 8] ^= 1 << UInt8(bit % 8)
        let ciphertext = hex(vector.ciphertext), key = hex(vector.key), nonce = hex(vector.nonce), aad = hex(vector.aad)

        var output = [UInt8](repeating: 0xaa, count: ciphertext.count)
        let rawError = #expect(throws: CryptoError.self) {
            try Self.openRaw(ciphertext, into: &output, tag: tag, key: key, nonce: nonce, aad: aad)
        }
        #expect(rawError?.code == .authenticationFailure)
        #expect(output.allSatisfy { $0 == 0xaa })

        var inPlace = ciphertext
        let inPlaceError = #expect(throws: CryptoError.self) {
            try Self.withBytes(key, nonce, aad, tag) { key, nonce, aad, tag in
                try inPlace.withUnsafeMutableBytes { buffer in
                    try ChaChaPoly.open(
                        UnsafeRawBufferPointer(buffer), into: buffer, tag: tag, key: key, nonce: nonce, aad: aad
                    )
                }
            }
        }
        #expect(inPlaceError?.code == .authenticationFailure)
        #expect(inPlace == ciphertext)

        let box = try ChaChaPoly.SealedBox(nonce: ChaChaPoly.Nonce(bytes: nonce), ciphertext: ciphertext, tag: tag)
        let error = #expect(throws: CryptoError.self) {
            try ChaChaPoly.open(box, using: SymmetricKey(bytes: key), authenticating: aad)
        }
        #expect(error?.code == .authenticationFailure)
    }

    @Test("A modified ciphertext, associated data or key fails authentication")
    func tampering() throws {
        let key = SymmetricKey(byteCount: 32)
        let box = try ChaChaPoly.seal(Array("grant analytics".utf8), using: key, authenticating: Array("user-42".utf8))

        var flipped = box.ciphertext
        flipped[3] ^= 0x01
        let modified = try ChaChaPoly.SealedBox(nonce: box.nonce, ciphertext: flipped, tag: box.tag)
        let truncated = try ChaChaPoly.SealedBox(nonce: box.nonce, ciphertext: box.ciphertext.dropLast(), tag: box.tag)
        let attempts: [() throws -> [UInt8]] = [
            { try ChaChaPoly.open(modified, using: key, authenticating: Array("user-42".utf8)) },
            { try ChaChaPoly.open(truncated, using: key, authenticating: Array("user-42".utf8)) },
            { try ChaChaPoly.open(box, using: key, authenticating: Array("user-43".utf8)) },
            { try ChaChaPoly.open(box, using: key) },
            { try ChaChaPoly.open(box, using: SymmetricKey(byteCount: 32), authenticating: Array("user-42".utf8)) },
        ]
        for attempt in attempts {
            let error = #expect(throws: CryptoError.self) { try attempt() }
            #expect(error?.code == .authenticationFailure)
        }
    }

    @Test("Combined boxes shorter than nonce plus tag are refused", arguments: [0, 11, 12, 27])
    func shortCombined(byteCount: Int) {
        let error = #expect(throws: CryptoError.self) {
            try ChaChaPoly.SealedBox(combined: [UInt8](repeating: 0, count: byteCount))
        }
        #expect(error?.code == (byteCount < 12 ? .invalidNonceSize : .invalidTagSize))
    }

    @Test("Output buffers must match the input length")
    func outputLengthMismatch() {
        let key = [UInt8](repeating: 1, count: 32), nonce = [UInt8](repeating: 2, count: 12)
        var short = [UInt8](repeating: 0, count: 2), tag = [UInt8](repeating: 0, count: 16)
        let error = #expect(throws: CryptoError.self) {
            try Self.sealRaw([1, 2, 3], into: &short, tag: &tag, key: key, nonce: nonce, aad: [])
        }
        #expect(error?.code == .invalidParameter)
    }

    @Test("Plaintexts longer than 2^38 - 64 bytes are refused (RFC 8439 §2.8)")
    func inputTooLong() throws {
        // The length check comes before any byte is read or written, so these
        // buffers only need a real base address, not 256 GiB behind it.
        let tooLong = Int(ChaChaPoly.maximumPlaintextByteCount) + 1
        let placeholder = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { placeholder.deallocate() }
        let input = UnsafeRawBufferPointer(start: placeholder, count: tooLong)
        let output = UnsafeMutableRawBufferPointer(start: placeholder, count: tooLong)
        let key = [UInt8](repeating: 1, count: 32), nonce = [UInt8](repeating: 2, count: 12)
        var tag = [UInt8](repeating: 0, count: 16)

        let sealError = #expect(throws: CryptoError.self) {
            try Self.withBytes(key, nonce, []) { key, nonce, aad in
                try tag.withUnsafeMutableBytes { tag in
                    try ChaChaPoly.seal(input, into: output, tag: tag, key: key, nonce: nonce, aad: aad)
                }
            }
        }
        #expect(sealError?.code == .inputTooLong)
        let openError = #expect(throws: CryptoError.self) {
            try Self.withBytes(key, nonce, [], tag) { key, nonce, aad, tag in
                try ChaChaPoly.open(input, into: output, tag: tag, key: key, nonce: nonce, aad: aad)
            }
        }
        #expect(openError?.code == .inputTooLong)
    }
}

extension ChaChaPolyTests {
    static func withBytes<Result>(
        _ first: [UInt8], _ second: [UInt8], _ third: [UInt8],
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        try first.withUnsafeBytes { first in
            try second.withUnsafeBytes { second in
                try third.withUnsafeBytes { third in try body(first, second, third) }
            }
        }
    }

    static func withBytes<Result>(
        _ first: [UInt8], _ second: [UInt8], _ third: [UInt8], _ fourth: [UInt8],
        _ body: (
            UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer, UnsafeRawBufferPointer
        ) throws -> Result
    ) rethrows -> Result {
        try withBytes(first, second, third) { first, second, third in
            try fourth.withUnsafeBytes { fourth in try body(first, second, third, fourth) }
        }
    }

    static func sealRaw(
        _ plaintext: [UInt8], into ciphertext: inout [UInt8], tag: inout [UInt8],
        key: [UInt8], nonce: [UInt8], aad: [UInt8]
    ) throws {
        try withBytes(plaintext, key, nonce, aad) { plaintext, key, nonce, aad in
            try ciphertext.withUnsafeMutableBytes { ciphertext in
                try tag.withUnsafeMutableBytes { tag in
                    try ChaChaPoly.seal(plaintext, into: ciphertext, tag: tag, key: key, nonce: nonce, aad: aad)
                }
            }
        }
    }

    static func openRaw(
        _ ciphertext: [UInt8], into plaintext: inout [UInt8], tag: [UInt8],
        key: [UInt8], nonce: [UInt8], aad: [UInt8]
    ) throws {
        try withBytes(ciphertext, key, nonce, aad) { ciphertext, key, nonce, aad in
            try tag.withUnsafeBytes { tag in
                try plaintext.withUnsafeMutableBytes { plaintext in
                    try ChaChaPoly.open(ciphertext, into: plaintext, tag: tag, key: key, nonce: nonce, aad: aad)
                }
            }
        }
    }
}

// MARK: - Known answers, copied from RFC 8439

extension ChaChaPolyTests {
    struct AEADVector: Sendable, CustomTestStringConvertible {
        let source: String
        let key: String
        /// §2.8.2 builds its nonce from the 32-bit constant 07 00 00 00 and the 64-bit IV.
        let nonce: String
        let aad: String
        let plaintext: String
        let ciphertext: String
        let tag: String
        var testDescription: String { source }
    }

    static let vectors: [AEADVector] = [
        AEADVector(
            source: "RFC 8439 §2.8.2",
            key: """
            80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f
            90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f
            """,
            nonce: "070000004041424344454647",
            aad: "50515253c0c1c2c3c4c5c6c7",
            plaintext: """
            4c 61 64 69 65 73 20 61 6e 64 20 47 65 6e 74 6c
            65 6d 65 6e 20 6f 66 20 74 68 65 20 63 6c 61 73
            73 20 6f 66 20 27 39 39 3a 20 49 66 20 49 20 63
            6f 75 6c 64 20 6f 66 66 65 72 20 79 6f 75 20 6f
            6e 6c 79 20 6f 6e 65 20 74 69 70 20 66 6f 72 20
            74 68 65 20 66 75 74 75 72 65 2c 20 73 75 6e 73
            63 72 65 65 6e 20 77 6f 75 6c 64 20 62 65 20 69
            74 2e
            """,
            ciphertext: """
            d3 1a 8d 34 64 8e 60 db 7b 86 af bc 53 ef 7e c2
            a4 ad ed 51 29 6e 08 fe a9 e2 b5 a7 36 ee 62 d6
            3d be a4 5e 8c a9 67 12 82 fa fb 69 da 92 72 8b
            1a 71 de 0a 9e 06 0b 29 05 d6 a5 b6 7e cd 3b 36
            92 dd bd 7f 2d 77 8b 8c 98 03 ae e3 28 09 1b 58
            fa b3 24 e4 fa d6 75 94 55 85 80 8b 48 31 d7 bc
            3f f4 de f0 8e 4b 7a 9d e5 76 d2 65 86 ce c6 4b
            61 16
            """,
            tag: "1ae10b594f09e26a7e902ecbd0600691"
        ),
        AEADVector(
            source: "RFC 8439 Appendix A.5",
            key: """
            1c 92 40 a5 eb 55 d3 8a f3 33 88 86 04 f6 b5 f0
            47 39 17 c1 40 2b 80 09 9d ca 5c bc 20 70 75 c0
            """,
            nonce: "000000000102030405060708",
            aad: "f33388860000000000004e91",
            plaintext: """
            49 6e 74 65 72 6e 65 74 2d 44 72 61 66 74 73 20
            61 72 65 20 64 72 61 66 74 20 64 6f 63 75 6d 65
            6e 74 73 20 76 61 6c 69 64 20 66 6f 72 20 61 20
            6d 61 78 69 6d 75 6d 20 6f 66 20 73 69 78 20 6d
            6f 6e 74 68 73 20 61 6e 64 20 6d 61 79 20 62 65
            20 75 70 64 61 74 65 64 2c 20 72 65 70 6c 61 63
            65 64 2c 20 6f 72 20 6f 62 73 6f 6c 65 74 65 64
            20 62 79 20 6f 74 68 65 72 20 64 6f 63 75 6d 65
            6e 74 73 20 61 74 20 61 6e 79 20 74 69 6d 65 2e
            20 49 74 20 69 73 20 69 6e 61 70 70 72 6f 70 72
            69 61 74 65 20 74 6f 20 75 73 65 20 49 6e 74 65
            72 6e 65 74 2d 44 72 61 66 74 73 20 61 73 20 72
            65 66 65 72 65 6e 63 65 20 6d 61 74 65 72 69 61
            6c 20 6f 72 20 74 6f 20 63 69 74 65 20 74 68 65
            6d 20 6f 74 68 65 72 20 74 68 61 6e 20 61 73 20
            2f e2 80 9c 77 6f 72 6b 20 69 6e 20 70 72 6f 67
            72 65 73 73 2e 2f e2 80 9d
            """,
            ciphertext: """
            64 a0 86 15 75 86 1a f4 60 f0 62 c7 9b e6 43 bd
            5e 80 5c fd 34 5c f3 89 f1 08 67 0a c7 6c 8c b2
            4c 6c fc 18 75 5d 43 ee a0 9e e9 4e 38 2d 26 b0
            bd b7 b7 3c 32 1b 01 00 d4 f0 3b 7f 35 58 94 cf
            33 2f 83 0e 71 0b 97 ce 98 c8 a8 4a bd 0b 94 81
            14 ad 17 6e 00 8d 33 bd 60 f9 82 b1 ff 37 c8 55
            97 97 a0 6e f4 f0 ef 61 c1 86 32 4e 2b 35 06 38
            36 06 90 7b 6a 7c 02 b0 f9 f6 15 7b 53 c8 67 e4
            b9 16 6c 76 7b 80 4d 46 a5 9b 52 16 cd e7 a4 e9
            90 40 c5 a4 04 33 22 5e e2 82 a1 b0 a0 6c 52 3e
            af 45 34 d7 f8 3f a1 15 5b 00 47 71 8c bc 54 6a
            0d 07 2b 04 b3 56 4e ea 1b 42 22 73 f5 48 27 1a
            0b b2 31 60 53 fa 76 99 19 55 eb d6 31 59 43 4e
            ce bb 4e 46 6d ae 5a 10 73 a6 72 76 27 09 7a 10
            49 e6 17 d9 1d 36 10 94 fa 68 f0 ff 77 98 71 30
            30 5b ea ba 2e da 04 df 99 7b 71 4d 6c 6f 2c 29
            a6 ad 5c b4 02 2b 02 70 9b
            """,
            tag: "eead9d67890cbb22392336fea1851f38"
        ),
    ]
}
