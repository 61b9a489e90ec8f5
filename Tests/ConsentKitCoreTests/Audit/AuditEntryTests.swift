import ConsentKitCore
import Foundation
import Testing

/// The canonical, versioned entry encoding the leaf hashes commit to.
@Suite("Audit: entries and their canonical encoding")
struct AuditEntryTests {
    static let pseudonym = try! SubjectPseudonym(bytes: [UInt8](repeating: 0x11, count: 32))

    static func sample() throws -> AuditEntry {
        try AuditEntry(
            kind: .consent, actor: "checkout", subject: pseudonym, purpose: PurposeID("newsletter"),
            action: "grant", outcome: .success, details: ["notice": "v3", "channel": "web"],
            timestampMilliseconds: 1_767_225_600_123)
    }

    /// Built by hand from the format table in `AuditEntry(canonicalEncoding:)`
    /// (and cross-checked with an independent Python encoder):
    /// "CKAE" 01 | time | "consent" | "checkout" | 01 + 32×11 | 01 "newsletter" |
    /// "grant" | "success" | 2 details sorted by key bytes: channel=web, notice=v3.
    static let sampleEncoding =
        "434b414501" + "0000019b76daa87b" + "0007" + "636f6e73656e74" + "0008" + "636865636b6f7574"
        + "01" + String(repeating: "11", count: 32) + "01" + "000a" + "6e6577736c6574746572"
        + "0005" + "6772616e74" + "0007" + "73756363657373" + "0002"
        + "0007" + "6368616e6e656c" + "0003" + "776562" + "0006" + "6e6f74696365" + "0002" + "7633"

    @Test func encodingMatchesTheDocumentedFormat() throws {
        let entry = try Self.sample()
        #expect(entry.canonicalEncoding == AuditTestSupport.bytes(hex: Self.sampleEncoding))
        #expect(entry.canonicalEncoding.count == 122)
        // SHA-256(0x00 ‖ encoding), computed independently with Python's hashlib.
        #expect(entry.leafHash.hexString == "0ee74be1a0ab001c346085136871a64c1b199d73fa3147c72c5c7968435950be")
    }

    @Test func encodingIsDeterministicWhateverTheDictionaryOrder() throws {
        var details: [String: String] = [:]
        for number in 0..<30 { details["key-\(number)"] = "value-\(number)" }
        let reference = try AuditEntry(
            kind: .accessDecision, actor: "rbac", subject: nil, purpose: nil, action: "read", outcome: .denied,
            details: details, timestampMilliseconds: 0)
        for _ in 0..<20 {
            // Dictionaries built in other insertion orders (and other seeds) must encode identically.
            var shuffled: [String: String] = [:]
            for (key, value) in details.shuffled() { shuffled[key] = value }
            let entry = try AuditEntry(
                kind: .accessDecision, actor: "rbac", subject: nil, purpose: nil, action: "read", outcome: .denied,
                details: shuffled, timestampMilliseconds: 0)
            #expect(entry.canonicalEncoding == reference.canonicalEncoding)
        }
    }

    @Test func decodingRoundTrips() throws {
        let entries = [
            try Self.sample(),
            try AuditEntry(
                kind: .deletion, actor: "retention-sweep", subject: nil, purpose: nil, action: "purge", outcome: .failure,
                timestampMilliseconds: -1),
            try AuditEntry(
                kind: AuditEntry.Kind(rawValue: "host.custom"), actor: "ops 👩‍💻", subject: Self.pseudonym,
                purpose: PurposeID("ads.personalized"), action: "export", outcome: AuditEntry.Outcome(rawValue: "partial"),
                details: ["cafe\u{301}": "NFD key", "ключ": "значение"],
                timestampMilliseconds: .max),
        ]
        for entry in entries {
            let decoded = try AuditEntry(canonicalEncoding: entry.canonicalEncoding)
            #expect(decoded == entry)
            #expect(decoded.kind == entry.kind)
            #expect(decoded.actor == entry.actor)
            #expect(decoded.subject == entry.subject)
            #expect(decoded.purpose == entry.purpose)
            #expect(decoded.action == entry.action)
            #expect(decoded.outcome == entry.outcome)
            #expect(decoded.details == entry.details)
            #expect(decoded.timestampMilliseconds == entry.timestampMilliseconds)
        }
    }

    @Test func everyTruncationIsRejectedWithATypedError() throws {
        let bytes = try Self.sample().canonicalEncoding
        for length in 0..<bytes.count {
            #expect(throws: AuditError.self, "truncated to \(length) bytes") {
                try AuditEntry(canonicalEncoding: Array(bytes.prefix(length)))
            }
        }
    }

    @Test func everySingleBitFlipIsRejectedOrChangesTheLeaf() throws {
        let entry = try Self.sample()
        let bytes = entry.canonicalEncoding
        var rejected = 0
        for bit in 0..<(bytes.count * 8) {
            let flipped = AuditTestSupport.flipping(bytes, bit: bit)
            #expect(MerkleHash.leaf(flipped) != entry.leafHash)
            do {
                let decoded = try AuditEntry(canonicalEncoding: flipped)
                // Whatever still decodes is a different entry, byte for byte.
                #expect(decoded != entry)
                #expect(decoded.canonicalEncoding == flipped)
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }

    @Test func nonCanonicalEncodingsAreRejected() throws {
        let good = AuditTestSupport.bytes(hex: Self.sampleEncoding)
        func rejects(_ bytes: [UInt8], _ what: Comment) {
            let error = #expect(throws: AuditError.self, what) { try AuditEntry(canonicalEncoding: bytes) }
            #expect(error?.code == .invalidEntry, what)
        }
        rejects(good + [0], "a trailing byte")
        rejects([0x43, 0x4B, 0x41, 0x46] + good.dropFirst(4), "another magic")
        rejects(Array(good.prefix(4)) + [2] + good.dropFirst(5), "version 2")
        // Subject flag 2 instead of 1 (offset: 4 magic + 1 version + 8 time + 9 kind + 10 actor = 32).
        var badFlag = good
        #expect(badFlag[32] == 1)
        badFlag[32] = 2
        rejects(badFlag, "a subject flag of 2")
        // The two details swapped: well-formed, but not in canonical order.
        let detailsStart = good.count - (2 + 7 + 2 + 3 + 2 + 6 + 2 + 2)
        let channel = Array(good[(detailsStart + 2)..<(detailsStart + 2 + 14)])
        let notice = Array(good[(detailsStart + 2 + 14)...])
        rejects(Array(good.prefix(detailsStart + 2)) + notice + channel, "details out of order")
        rejects(Array(good.prefix(detailsStart + 2)) + channel + channel, "a repeated detail key")
        // Invalid UTF-8 in the actor.
        var badUTF8 = good
        badUTF8[13 + 9 + 2] = 0xFF
        rejects(badUTF8, "invalid UTF-8")
        // A control character in the actor.
        var control = good
        control[13 + 9 + 2] = 0x07
        rejects(control, "a control character")
    }

    @Test func keysEqualOnlyUnderCanonicalEquivalenceCannotBothBeDecoded() throws {
        // "café" in NFC (63 61 66 c3 a9) and NFD (63 61 66 65 cc 81) are different
        // bytes, sorted NFD < NFC, but one Swift dictionary key.
        func string(_ utf8: [UInt8]) -> [UInt8] { [0, UInt8(utf8.count)] + utf8 }
        var bytes: [UInt8] = Array("CKAE".utf8) + [1] + [UInt8](repeating: 0, count: 8)
        bytes += string(Array("consent".utf8)) + string(Array("svc".utf8)) + [0, 0]
        bytes += string(Array("grant".utf8)) + string(Array("success".utf8)) + [0, 2]
        bytes += string([0x63, 0x61, 0x66, 0x65, 0xCC, 0x81]) + string(Array("1".utf8))
        bytes += string([0x63, 0x61, 0x66, 0xC3, 0xA9]) + string(Array("2".utf8))
        let error = #expect(throws: AuditError.self) { try AuditEntry(canonicalEncoding: bytes) }
        #expect(error?.message.contains("repeats detail key") == true)
    }

    @Test func normalizationFormsAreDifferentEntries() throws {
        func entry(_ actor: String) throws -> AuditEntry {
            try AuditEntry(
                kind: .consent, actor: actor, subject: nil, purpose: nil, action: "grant", outcome: .success,
                timestampMilliseconds: 0)
        }
        let nfc = try entry("caf\u{E9}")
        let nfd = try entry("cafe\u{301}")
        #expect(nfc.actor == nfd.actor)  // Swift String equality…
        #expect(nfc != nfd)  // …but not the same bytes, so not the same entry
        #expect(nfc.leafHash != nfd.leafHash)
    }

    @Test func limitsAreEnforcedWithTypedErrors() throws {
        func build(
            kind: AuditEntry.Kind = .consent, actor: String = "svc", action: String = "grant",
            outcome: AuditEntry.Outcome = .success, details: [String: String] = [:]
        ) throws -> AuditEntry {
            try AuditEntry(
                kind: kind, actor: actor, subject: nil, purpose: nil, action: action, outcome: outcome,
                details: details, timestampMilliseconds: 0)
        }
        let cases: [(String, () throws -> AuditEntry)] = [
            ("empty actor", { try build(actor: "") }),
            ("actor of 257 bytes", { try build(actor: String(repeating: "a", count: 257)) }),
            ("control character in action", { try build(action: "gr\nant") }),
            ("empty kind", { try build(kind: AuditEntry.Kind(rawValue: "")) }),
            ("empty outcome", { try build(outcome: AuditEntry.Outcome(rawValue: "")) }),
            ("33 details", { try build(details: Dictionary(uniqueKeysWithValues: (0..<33).map { ("k\($0)", "v") })) }),
            ("detail value of 1,025 bytes", { try build(details: ["k": String(repeating: "v", count: 1025)]) }),
            ("empty detail key", { try build(details: ["": "v"]) }),
            ("control character in a detail key", { try build(details: ["k\u{0}": "v"]) }),
        ]
        for (what, body) in cases {
            let error = #expect(throws: AuditError.self, "\(what)") { try body() }
            #expect(error?.code == .invalidEntry, "\(what)")
        }
        // The limits themselves are allowed.
        _ = try build(
            actor: String(repeating: "a", count: 256),
            details: Dictionary(uniqueKeysWithValues: (0..<32).map { ("k\($0)", String(repeating: "v", count: 1024)) }))
    }

    @Test func timestampsRoundDownToTheMillisecond() throws {
        let date = Date(timeIntervalSince1970: 1_767_225_600.123_9)
        let entry = try AuditEntry(
            kind: .consent, actor: "svc", subject: nil, purpose: nil, action: "grant", outcome: .success, timestamp: date)
        #expect(entry.timestampMilliseconds == 1_767_225_600_123)
        let before1970 = try AuditEntry(
            kind: .consent, actor: "svc", subject: nil, purpose: nil, action: "grant", outcome: .success,
            timestamp: Date(timeIntervalSince1970: -0.000_5))
        #expect(before1970.timestampMilliseconds == -1)
        let decoded = try AuditEntry(canonicalEncoding: entry.canonicalEncoding)
        #expect(decoded.timestamp == entry.timestamp)
    }
}
