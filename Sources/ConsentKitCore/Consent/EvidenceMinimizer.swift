import ConsentKitCrypto

/// Turns raw request details into ``ConsentEvidence`` that proves without
/// exposing: keyed hashes and truncated networks instead of IP addresses and
/// user agents.
///
/// Keep the key secret and stable; rotating it makes old hashes unmatchable,
/// which is also how to retire evidence early.
public struct EvidenceMinimizer: Sendable, CustomStringConvertible {
    private let key: HMACSHA256Key

    /// Creates a minimizer with a secret key (at least 32 random bytes).
    /// - Throws: ``ValidationError`` `.invalidFormat` when the key is shorter than 32 bytes.
    public init(key: [UInt8]) throws(ValidationError) {
        guard key.count >= 32 else {
            throw ValidationError(
                code: .invalidFormat, kind: "EvidenceMinimizer key",
                message: "the key has \(key.count) bytes; use at least 32 random bytes")
        }
        self.key = HMACSHA256Key(key)
    }

    /// Minimized evidence for a request. An address that is neither IPv4 nor
    /// IPv6 is hashed but gets no prefix.
    public func evidence(
        ipAddress: String? = nil, userAgent: String? = nil, signal: String? = nil, formReference: String? = nil
    ) -> ConsentEvidence {
        ConsentEvidence(
            networkHash: ipAddress.map { keyedHash("ip", $0) },
            networkPrefix: ipAddress.flatMap(Self.networkPrefix),
            userAgentHash: userAgent.map { keyedHash("ua", $0) },
            signalHash: signal.map { SHA256.hash($0.utf8).hexString },
            formReference: formReference)
    }

    private func keyedHash(_ domain: String, _ value: String) -> String {
        var mac = HMACSHA256(key: key)
        mac.update(domain.utf8)
        mac.update(CollectionOfOne(0))
        mac.update(value.utf8)
        return mac.finalize().hexString
    }

    /// IPv4 to its /24 (`203.0.113.0/24`), IPv6 to its /48 (`2001:db8:85a3::/48`);
    /// an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) is treated as IPv4.
    /// Anything that is not a well-formed address gets no prefix.
    static func networkPrefix(_ address: String) -> String? {
        if let octets = ipv4Octets(Substring(address)) {
            return "\(octets[0]).\(octets[1]).\(octets[2]).0/24"
        }
        guard address.contains(":") else { return nil }
        if address.lowercased().hasPrefix("::ffff:"), let octets = ipv4Octets(address.dropFirst(7)) {
            return "\(octets[0]).\(octets[1]).\(octets[2]).0/24"
        }
        guard let groups = ipv6Groups(address) else { return nil }
        var network = Array(groups.prefix(3))
        while network.last == 0 { network.removeLast() }
        return network.map { String($0, radix: 16) }.joined(separator: ":") + "::/48"
    }

    private static func isDigits(_ text: Substring, radix: Int) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || (radix == 16 && $0.isHexDigit)) }
    }

    private static func ipv4Octets(_ address: Substring) -> [UInt8]? {
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ isDigits($0, radix: 10) && $0.count <= 3 }) else { return nil }
        let octets = parts.compactMap { UInt8($0) }
        return octets.count == 4 ? octets : nil
    }

    private static func ipv6Groups(_ address: String) -> [UInt16]? {
        let halves = address.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func parse(_ part: Substring) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var groups: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard isDigits(group, radix: 16), group.count <= 4, let value = UInt16(group, radix: 16) else { return nil }
                groups.append(value)
            }
            return groups
        }
        guard let head = parse(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = parse(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
    }

    public var description: String { "EvidenceMinimizer(key: <redacted>)" }
}
