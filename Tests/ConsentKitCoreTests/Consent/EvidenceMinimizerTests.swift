import ConsentKitCore
import Testing

@Suite("Evidence minimizer")
struct EvidenceMinimizerTests {
    static let key = [UInt8](0..<32)

    /// Pinned values computed independently with Python's hmac/hashlib:
    /// `hmac.new(key, domain + b"\x00" + value, sha256)` with key bytes 0...31
    /// and domain `ip` or `ua`; the signal hash is plain SHA-256 of the string.
    @Test func keyedHashesArePinned() throws {
        let minimizer = try EvidenceMinimizer(key: Self.key)
        let evidence = minimizer.evidence(
            ipAddress: "203.0.113.77", userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
            signal: "CPzHq4APzHq4AAHABBENAUEAAPAAAAAAAAAAAAAAAAAA", formReference: "signup-v2")
        #expect(evidence.networkHash == "e39039a8952ee48c8bde237eeb50f05a57f2c9f4a1f06958efb3e1a97d5ba9ef")
        #expect(evidence.userAgentHash == "3708793776dc00379a72456840a6e925e68951d63ba9ca746a239da6cd8ec50b")
        #expect(evidence.signalHash == "82bbccbc726cd99f5f31de305e2310dfc17ee9cdc93e8943c34391dbf60dd7df")
        #expect(evidence.networkPrefix == "203.0.113.0/24")
        #expect(evidence.formReference == "signup-v2")
        #expect(minimizer.evidence() == .none)
    }

    @Test func keyedHashesAreStablePerKeyAndDifferAcrossKeys() throws {
        let one = try EvidenceMinimizer(key: Self.key)
        let same = try EvidenceMinimizer(key: Self.key)
        let other = try EvidenceMinimizer(key: Self.key.map { $0 ^ 0x5A })
        let ip = "2001:db8:85a3::8a2e:370:7334"
        #expect(one.evidence(ipAddress: ip) == one.evidence(ipAddress: ip))
        #expect(one.evidence(ipAddress: ip) == same.evidence(ipAddress: ip))
        #expect(one.evidence(ipAddress: ip).networkHash != other.evidence(ipAddress: ip).networkHash)
        #expect(one.evidence(userAgent: "curl/8").userAgentHash != other.evidence(userAgent: "curl/8").userAgentHash)
        // The prefix is not keyed: it is the same network whatever the key.
        #expect(one.evidence(ipAddress: ip).networkPrefix == other.evidence(ipAddress: ip).networkPrefix)
        // Domain separation: the same string hashed as an address and as a user agent differs.
        #expect(one.evidence(ipAddress: "x").networkHash != one.evidence(userAgent: "x").userAgentHash)
        #expect(one.evidence(ipAddress: "203.0.113.77").networkHash != one.evidence(ipAddress: "203.0.113.78").networkHash)
    }

    @Test(arguments: [
        ("203.0.113.77", "203.0.113.0/24"),
        ("0.0.0.0", "0.0.0.0/24"),
        ("255.255.255.255", "255.255.255.0/24"),
        ("2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::/48"),
        ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::/48"),
        ("2001:DB8:85A3:FFFF:1:2:3:4", "2001:db8:85a3::/48"),
        ("2001:db8:85a3::", "2001:db8:85a3::/48"),
        ("fe80::1:2:3:4:5:6", "fe80:0:1::/48"),
        // Trailing zero groups of the prefix fold into "::".
        ("::1", "::/48"),
        ("2001:db8::", "2001:db8::/48"),
        // IPv4-mapped IPv6 is treated as the IPv4 address it carries.
        ("::ffff:203.0.113.7", "203.0.113.0/24"),
        ("::FFFF:198.51.100.1", "198.51.100.0/24"),
    ])
    func networkPrefix(_ address: String, _ prefix: String) throws {
        let evidence = try EvidenceMinimizer(key: Self.key).evidence(ipAddress: address)
        #expect(evidence.networkPrefix == prefix)
        #expect(evidence.networkHash?.count == 64)
    }

    @Test(arguments: [
        "", "not-an-address", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.", " 1.2.3.4", "-1.2.3.4", "2001:db8::85a3::1",
        "12345::", "g::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "fe80::1%eth0", ":::", "2001:db8:::1",
    ])
    func invalidAddressIsHashedWithoutPrefix(_ address: String) throws {
        let evidence = try EvidenceMinimizer(key: Self.key).evidence(ipAddress: address)
        #expect(evidence.networkPrefix == nil)
        #expect(evidence.networkHash?.count == 64)
    }

    @Test(arguments: ["+1.2.3.4", "1.2.3.+4", "+2001:db8::1"])
    func signedGroupsAreNotAddresses(_ address: String) throws {
        let evidence = try EvidenceMinimizer(key: Self.key).evidence(ipAddress: address)
        #expect(evidence.networkPrefix == nil)
    }

    @Test(arguments: [0, 16, 31])
    func shortKeyIsRejected(_ length: Int) {
        let error = #expect(throws: ValidationError.self) { try EvidenceMinimizer(key: [UInt8](repeating: 7, count: length)) }
        #expect(error?.code == .invalidFormat)
        #expect(error?.message.contains("\(length) bytes") == true)
    }

    @Test func keyNeverPrints() throws {
        let minimizer = try EvidenceMinimizer(key: [UInt8](repeating: 0x41, count: 64))
        #expect("\(minimizer)" == "EvidenceMinimizer(key: <redacted>)")
        #expect(!String(reflecting: minimizer).contains("65"))
    }
}
