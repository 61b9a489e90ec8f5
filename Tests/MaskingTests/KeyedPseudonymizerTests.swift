import ConsentKitCore
import Foundation
import Masking
import Testing

@Suite("Keyed pseudonymizer")
struct KeyedPseudonymizerTests {
    static let k1 = DateShiftTests.makeKey("k1", fill: 0x41)
    static let k2 = DateShiftTests.makeKey("k2", fill: 0x42)
    static let email = DateShiftTests.makeContext("contact.email", tenant: "acme")

    static func ring(_ current: MaskingKey, retired: [MaskingKey] = []) throws -> MaskingKeyring {
        try MaskingKeyring(current: current, retired: retired)
    }

    // MARK: Official HMAC-SHA256 vectors through the raw-key seam

    struct RFC4231File: Decodable {
        struct Test: Decodable, Sendable {
            let testCase: Int
            let key: String
            let data: String
            let hmacSha256: String
        }
        let tests: [Test]
    }

    struct WycheproofFile: Decodable {
        struct Group: Decodable {
            let tagSize: Int
            let tests: [Test]
        }
        struct Test: Decodable {
            let tcId: Int
            let comment: String
            let key: String
            let msg: String
            let tag: String
            let result: String
        }
        let numberOfTests: Int
        let testGroups: [Group]
    }

    static func load<File: Decodable>(_ name: String, as _: File.Type) throws -> File {
        let url = try #require(Bundle.module.url(forResource: "Vectors/hmac/\(name)", withExtension: nil))
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    static func bytes(_ hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        try #require(digits.count.isMultiple(of: 2))
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            try #require(UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16))
        }
    }

    @Test("RFC 4231 §4.2-4.8: the pseudonym is the truncated, encoded HMAC-SHA256")
    func rfc4231() throws {
        let file = try Self.load("rfc4231_hmac_sha256.json", as: RFC4231File.self)
        #expect(file.tests.map(\.testCase) == Array(1...7))
        let id = try MaskingKeyID("rfc4231")
        for vector in file.tests {
            let tag = try Self.bytes(vector.hmacSha256)
            let message = try Self.bytes(vector.data)
            for byteCount in 8...tag.count {
                for encoding in PseudonymEncoding.allCases {
                    let pseudonymizer = try BoundPseudonymizer(
                        rawHMACKey: Self.bytes(vector.key), keyID: id, context: Self.email, byteCount: byteCount,
                        encoding: encoding)
                    let expected = "rfc4231:" + encoding.encode(Array(tag.prefix(byteCount)))
                    #expect(
                        pseudonymizer.pseudonym(forBytes: message) == expected,
                        "case \(vector.testCase), \(byteCount) bytes")
                    if encoding == .hex {
                        #expect(expected == "rfc4231:" + vector.hmacSha256.prefix(2 * byteCount))
                    }
                    // Text messages take the String path to the same result.
                    if let text = String(bytes: message, encoding: .utf8) {
                        #expect(try pseudonymizer.pseudonym(for: text) == expected)
                        #expect(pseudonymizer.matches(expected, value: text))
                    }
                }
            }
        }
    }

    @Test("Wycheproof hmac_sha256_test.json: valid tags are reproduced, modified tags never are")
    func wycheproof() throws {
        let file = try Self.load("hmac_sha256_test.json", as: WycheproofFile.self)
        let id = try MaskingKeyID("wp")
        var checked = 0
        for group in file.testGroups {
            for test in group.tests {
                checked += 1
                let pseudonymizer = try BoundPseudonymizer(
                    rawHMACKey: Self.bytes(test.key), keyID: id, context: Self.email, byteCount: group.tagSize / 8,
                    encoding: .hex)
                let pseudonym = pseudonymizer.pseudonym(forBytes: try Self.bytes(test.msg))
                switch test.result {
                case "valid": #expect(pseudonym == "wp:" + test.tag, "tcId \(test.tcId): \(test.comment)")
                case "invalid": #expect(pseudonym != "wp:" + test.tag, "tcId \(test.tcId): \(test.comment)")
                default: break
                }
            }
        }
        #expect(checked == file.numberOfTests)
    }

    // MARK: Shape

    @Test(arguments: PseudonymEncoding.allCases)
    func pseudonymsAreKeyIDColonEncodedBytes(_ encoding: PseudonymEncoding) throws {
        for byteCount in [8, 16, 20, 32] {
            let pseudonymizer = try KeyedPseudonymizer(
                keyring: Self.ring(Self.k1), byteCount: byteCount, encoding: encoding)
            let pseudonym = try pseudonymizer.pseudonym(for: "jane.doe@example.com", context: Self.email)
            #expect(pseudonym.hasPrefix("k1:"))
            let encoded = pseudonym.dropFirst(3)
            #expect(encoded.utf8.count == encoding.encodedLength(byteCount: byteCount))
            switch encoding {
            case .hex: #expect(encoded.allSatisfy { "0123456789abcdef".contains($0) })
            case .base32: #expect(encoded.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
            case .base64URL:
                #expect(encoded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            }
            #expect(try pseudonymizer.keyID(of: pseudonym) == Self.k1.id)
        }
    }

    @Test func defaultsAre16BytesInBase32() throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k1))
        #expect(pseudonymizer.byteCount == 16)
        #expect(pseudonymizer.encoding == .base32)
        #expect(try pseudonymizer.pseudonym(for: "x", context: Self.email).utf8.count == 3 + 26)
    }

    @Test(arguments: [7, 0, -1, 33, 64])
    func byteCountsOutside8To32AreRefused(_ byteCount: Int) throws {
        let error = #expect(throws: MaskingError.self) {
            try KeyedPseudonymizer(keyring: Self.ring(Self.k1), byteCount: byteCount)
        }
        #expect(error?.code == .invalidPolicy)
        let seam = #expect(throws: MaskingError.self) {
            try BoundPseudonymizer(rawHMACKey: [1, 2, 3], keyID: Self.k1.id, context: Self.email, byteCount: byteCount)
        }
        #expect(seam?.code == .invalidPolicy)
    }

    // MARK: Determinism and binding

    @Test func sameValueAndContextGiveTheSamePseudonym() throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k1))
        let bound = pseudonymizer.bound(to: Self.email)
        let value = "jane.doe@example.com"
        let pseudonym = try bound.pseudonym(for: value)
        #expect(try bound.pseudonym(for: value) == pseudonym)
        #expect(try pseudonymizer.pseudonym(for: value, context: Self.email) == pseudonym)
        #expect(
            try KeyedPseudonymizer(keyring: Self.ring(Self.k1)).bound(to: Self.email).pseudonym(for: value) == pseudonym
        )
        // A retired key in the ring does not change new pseudonyms.
        #expect(
            try KeyedPseudonymizer(keyring: Self.ring(Self.k1, retired: [Self.k2])).pseudonym(
                for: value, context: Self.email) == pseudonym)
    }

    @Test func contextsFieldsTenantsPurposesAndKeysSeparate() throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k1))
        let value = "jane.doe@example.com"
        let pseudonyms = [
            try pseudonymizer.pseudonym(for: value, context: Self.email),
            try pseudonymizer.pseudonym(
                for: value, context: DateShiftTests.makeContext("billing.email", tenant: "acme")),
            try pseudonymizer.pseudonym(
                for: value, context: DateShiftTests.makeContext("contact.email", tenant: "globex")),
            try pseudonymizer.pseudonym(for: value, context: DateShiftTests.makeContext("contact.email")),
            try pseudonymizer.pseudonym(
                for: value, context: DateShiftTests.makeContext("contact.email", tenant: "acme", purpose: "analytics")),
            try pseudonymizer.pseudonym(for: "jane.doe@example.org", context: Self.email),
            try KeyedPseudonymizer(keyring: Self.ring(Self.k2)).pseudonym(for: value, context: Self.email)
                .replacingOccurrences(of: "k2:", with: "k1:"),
        ]
        #expect(Set(pseudonyms).count == pseudonyms.count)
    }

    @Test func hashesTheExactUTF8Bytes() throws {
        let bound = try KeyedPseudonymizer(keyring: Self.ring(Self.k1)).bound(to: Self.email)
        // Canonically equivalent, but different bytes: normalization is the caller's choice.
        #expect("é" == "e\u{301}")
        #expect(try bound.pseudonym(for: "é") != bound.pseudonym(for: "e\u{301}"))
        #expect(try bound.pseudonym(for: "") != bound.pseudonym(for: " "))
        #expect(try bound.pseudonym(for: "👩‍👩‍👧").hasPrefix("k1:"))
    }

    @Test func manyValuesGiveDistinctPseudonyms() throws {
        let bound = try KeyedPseudonymizer(keyring: Self.ring(Self.k1), byteCount: 8).bound(to: Self.email)
        var seen = Set<String>()
        for index in 0..<5_000 { seen.insert(try bound.pseudonym(for: "user-\(index)")) }
        #expect(seen.count == 5_000)
    }

    // MARK: Verification and rotation

    @Test func matchesUnderTheKeyTheGivenPseudonymNames() throws {
        let old = try KeyedPseudonymizer(keyring: Self.ring(Self.k1)).bound(to: Self.email)
        let rotatedRing = try KeyedPseudonymizer(keyring: Self.ring(Self.k2, retired: [Self.k1])).bound(to: Self.email)
        let value = "jane.doe@example.com"
        let oldPseudonym = try old.pseudonym(for: value)
        let newPseudonym = try rotatedRing.pseudonym(for: value)
        #expect(newPseudonym.hasPrefix("k2:"))
        #expect(rotatedRing.currentKeyID == Self.k2.id)
        #expect(rotatedRing.matches(oldPseudonym, value: value))
        #expect(rotatedRing.matches(newPseudonym, value: value))
        #expect(!old.matches(newPseudonym, value: value), "k2 is unknown to the old ring")
        #expect(try rotatedRing.keyID(of: oldPseudonym) == Self.k1.id)
        #expect(try rotatedRing.keyID(of: newPseudonym) == Self.k2.id)
    }

    @Test func matchesIsFalseForAnythingElse() throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k1))
        let bound = pseudonymizer.bound(to: Self.email)
        let value = "jane.doe@example.com"
        let pseudonym = try bound.pseudonym(for: value)
        #expect(!bound.matches(pseudonym, value: "jane.doe@example.org"))
        #expect(
            !pseudonymizer.matches(
                pseudonym, value: value, context: DateShiftTests.makeContext("billing.email", tenant: "acme")))
        #expect(pseudonymizer.matches(pseudonym, value: value, context: Self.email))
        var tampered = Array(pseudonym.utf8)
        tampered[tampered.count - 1] =
            tampered[tampered.count - 1] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        for candidate in [
            String(decoding: tampered, as: UTF8.self), String(pseudonym.dropLast()), pseudonym + "a",
            pseudonym.uppercased(),
            "k9" + pseudonym.dropFirst(2), String(pseudonym.dropFirst(3)), "", ":", "k1:",
        ] {
            #expect(!bound.matches(candidate, value: value), "\(candidate)")
        }
        let huge = String(repeating: "v", count: MaskingLimits.maximumValueByteCount + 1)
        #expect(!bound.matches(pseudonym, value: huge))
    }

    @Test func rotationMovesAVerifiedPseudonymToTheCurrentKey() throws {
        let value = "jane.doe@example.com"
        let oldPseudonym = try KeyedPseudonymizer(keyring: Self.ring(Self.k1)).pseudonym(
            for: value, context: Self.email)
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k2, retired: [Self.k1]))
        let bound = pseudonymizer.bound(to: Self.email)
        let rotated = try bound.rotated(oldPseudonym, value: value)
        #expect(rotated == (try bound.pseudonym(for: value)))
        #expect(try pseudonymizer.rotated(oldPseudonym, value: value, context: Self.email) == rotated)
        #expect(try bound.rotated(rotated, value: value) == rotated, "already current: unchanged")

        let wrongValue = #expect(throws: MaskingError.self) {
            try bound.rotated(oldPseudonym, value: "someone@else.com")
        }
        #expect(wrongValue?.code == .authenticationFailed)
        let wrongContext = #expect(throws: MaskingError.self) {
            try pseudonymizer.rotated(oldPseudonym, value: value, context: DateShiftTests.makeContext("billing.email"))
        }
        #expect(wrongContext?.code == .authenticationFailed)

        let droppedK1 = try KeyedPseudonymizer(keyring: Self.ring(Self.k2)).bound(to: Self.email)
        let unknown = #expect(throws: MaskingError.self) { try droppedK1.rotated(oldPseudonym, value: value) }
        #expect(unknown?.code == .unknownKey)

        let malformed = #expect(throws: MaskingError.self) { try bound.rotated("not a pseudonym", value: value) }
        #expect(malformed?.code == .invalidFormat)

        let huge = String(repeating: "v", count: MaskingLimits.maximumValueByteCount + 1)
        let tooLarge = #expect(throws: MaskingError.self) { try bound.rotated(oldPseudonym, value: huge) }
        #expect(tooLarge?.code == .tooLarge)
    }

    @Test(arguments: [
        "", "k1", ":", "k1:", ":aaaaaaaaaaaaaaaaaaaaaaaaaa", "k1:aaaaaaaaaaaaaaaaaaaaaaaaa",
        "k1:aaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "k1:AAAAAAAAAAAAAAAAAAAAAAAAAA", "k1:aaaaaaaaaaaaaaaaaaaaaaaaa1", "k1:aaaaaaaaaaaaaaaaaaaaaaaa:a",
        "k 1:aaaaaaaaaaaaaaaaaaaaaaaaaa",
        "k1:aaaaaaaaaaaaaaaaaaaaaaaaa=", "k1:aaaaaaaaaaaaaaaaaaaaaaaaaé", "k1::aaaaaaaaaaaaaaaaaaaaaaaaa",
        String(repeating: "k", count: 33) + ":aaaaaaaaaaaaaaaaaaaaaaaaaa",
    ])
    func malformedPseudonymsAreInvalidFormat(_ candidate: String) throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k1))
        let error = #expect(throws: MaskingError.self) { try pseudonymizer.keyID(of: candidate) }
        #expect(error?.code == .invalidFormat)
        let bound = pseudonymizer.bound(to: Self.email)
        #expect(throws: MaskingError.self) { try bound.keyID(of: candidate) }
    }

    @Test func keyIDOfAcceptsKeysOutsideTheRing() throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k1))
        #expect(try pseudonymizer.keyID(of: "other.key_2-x:aaaaaaaaaaaaaaaaaaaaaaaaaa").rawValue == "other.key_2-x")
    }

    @Test func oversizedValuesAreRefused() throws {
        let bound = try KeyedPseudonymizer(keyring: Self.ring(Self.k1)).bound(to: Self.email)
        let huge = String(repeating: "v", count: MaskingLimits.maximumValueByteCount + 1)
        let error = #expect(throws: MaskingError.self) { try bound.pseudonym(for: huge) }
        #expect(error?.code == .tooLarge)
        #expect(
            try bound.pseudonym(for: String(repeating: "v", count: MaskingLimits.maximumValueByteCount)).hasPrefix(
                "k1:"))
    }

    @Test func descriptionsNeverShowKeyMaterial() throws {
        let pseudonymizer = try KeyedPseudonymizer(keyring: Self.ring(Self.k2, retired: [Self.k1]))
        let bound = pseudonymizer.bound(to: Self.email)
        #expect(
            String(describing: pseudonymizer)
                == "KeyedPseudonymizer(MaskingKeyring(current: k2, retired: [k1]), 16 bytes, base32)")
        #expect(
            String(describing: bound)
                == "BoundPseudonymizer(contact.email@acme, current: k2, 1 retired, 16 bytes, base32)")
    }
}
