import ConsentKitCrypto
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    struct KnownAnswer: CustomTestStringConvertible, Sendable {
        let source: String
        let message: [UInt8]
        let digest: String
        var testDescription: String { "\(source) (\(message.count) bytes)" }
    }

    static let knownAnswers: [KnownAnswer] = [
        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", one-block and two-block messages).
        KnownAnswer(
            source: "FIPS 180-4 example 'abc'", message: Array("abc".utf8),
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        KnownAnswer(
            source: "FIPS 180-4 two-block example",
            message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        // NIST CAVP SHAVS, SHA256ShortMsg.rsp (CAVS 11.0, byte-oriented).
        KnownAnswer(
            source: "CAVP ShortMsg Len = 0", message: [],
            digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        KnownAnswer(
            source: "CAVP ShortMsg Len = 8", message: hex("d3"),
            digest: "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"),
        KnownAnswer(
            source: "CAVP ShortMsg Len = 16", message: hex("11af"),
            digest: "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98"),
        KnownAnswer(
            source: "CAVP ShortMsg Len = 24", message: hex("b4190e"),
            digest: "dff2e73091f6c05e528896c4c831b9448653dc2ff043528f6769437bc7b975c2"),
        KnownAnswer(
            source: "CAVP ShortMsg Len = 504",
            message: hex(
                "e2f76e97606a872e317439f1a03fcd92e632e5bd4e7cbc4e97f1afc19a16fde92d77cbe546416b51640cddb92af996534dfd81edb17c4424cf1ac4d75aceeb"
            ),
            digest: "18041bd4665083001fba8c5411d2d748e8abbfdcdfd9218cb02b68a78e7d4c23"),
        KnownAnswer(
            source: "CAVP ShortMsg Len = 512",
            message: hex(
                "5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509"
            ),
            digest: "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa"),
        // NIST CAVP SHAVS, SHA256LongMsg.rsp, first entry.
        KnownAnswer(
            source: "CAVP LongMsg Len = 1304",
            message: hex(
                "451101250ec6f26652249d59dc974b7361d571a8101cdfd36aba3b5854d3ae086b5fdd4597721b66e3c0dc5d8c606d9657d0e323283a5217d1f53f2f284f57b85c8a61ac8924711f895c5ed90ef17745ed2d728abd22a5f7a13479a462d71b56c19a74a40b655c58edfe0a188ad2cf46cbf30524f65d423c837dd1ff2bf462ac4198007345bb44dbb7b1c861298cdf61982a833afc728fae1eda2f87aa2c9480858bec"
            ),
            digest: "3c593aa539fdcdae516cdf2f15000f6634185c88f505b39775fb9ab137a10aa2"),
        // The padding boundaries CAVP does not pin for these exact lengths: 55 bytes
        // (marker and length fit in one block) and 65 bytes (one block plus one byte).
        // Expected values from OpenSSL 3.0 (`hashlib.sha256`), an independent implementation.
        KnownAnswer(
            source: "OpenSSL cross-check, bytes 0..<55", message: Array(0..<55),
            digest: "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        KnownAnswer(
            source: "OpenSSL cross-check, bytes 0..<65", message: Array(0..<65),
            digest: "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
    ]

    @Test(arguments: knownAnswers)
    func knownAnswer(_ vector: KnownAnswer) {
        #expect(SHA256.hash(vector.message).hexString == vector.digest)
    }

    @Test(arguments: knownAnswers)
    func incrementalFeedingAtEverySplitMatchesOneShot(_ vector: KnownAnswer) {
        for split in 0...vector.message.count {
            var hasher = SHA256()
            hasher.update(vector.message[..<split])
            hasher.update(vector.message[split...])
            #expect(hasher.finalize().hexString == vector.digest, "split at \(split)")
        }
    }

    @Test("FIPS 180-4 example: one million 'a'")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(message).hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")

        // The same message fed in odd-sized chunks.
        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < message.count {
            let end = min(offset + chunk, message.count)
            hasher.update(message[offset..<end])
            offset = end
            chunk = chunk % 200 + 7
        }
        #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("1 MiB message (OpenSSL cross-check)")
    func oneMebibyte() {
        let message = (0..<(1 << 20)).map { UInt8($0 % 251) }
        #expect(SHA256.hash(message).hexString == "631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769")
    }

    @Test func nonContiguousInputIsHashedLikeContiguous() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hash(message.lazy.map { $0 }) == SHA256.hash(message))
        #expect(SHA256.hash("abc".utf8) == SHA256.hash(Array("abc".utf8)))
    }

    @Test func digestRoundTripsThroughBytesAndRejectsWrongLengths() throws {
        let digest = SHA256.hash("abc".utf8)
        let copy = try #require(SHA256Digest(bytes: digest.bytes))
        #expect(copy == digest)
        #expect(SHA256Digest(bytes: digest.bytes.dropLast()) == nil)
        #expect(SHA256Digest(bytes: digest.bytes + [0]) == nil)
        #expect(digest != SHA256.hash("abd".utf8))
    }
}
