import ConsentKitCore
import Testing

/// Bad input never crashes: every truncation of every vector, random character
/// replacements and random strings either decode to a value or throw the typed
/// error (typed throws make any other error impossible). Whatever decodes must
/// re-encode to a fixed point.
@Suite("Signal decoders never crash")
struct SignalFuzzTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    static let noise: [Character] = alphabet + [".", "=", "~", "+", "/", " ", "%", "\u{0}", "é", "\u{1F600}"]

    /// Decodes `input`; when it decodes, checks that the canonical encoding is a fixed point.
    @discardableResult
    static func probeTC(_ input: String) -> Bool {
        do {
            let value = try TCString(decoding: input)
            let encoded = value.encoded()
            let again = try TCString(decoding: encoded)
            #expect(again.encoded() == encoded, "\(input)")
            return true
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @discardableResult
    static func probeGPP(_ input: String) -> Bool {
        do {
            let value = try GPPString(decoding: input)
            #expect(try GPPString(decoding: value.encoded()) == value, "\(input)")
            _ = try? value.usNat()
            _ = try? value.tcfEuV2()
            return true
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @discardableResult
    static func probeUSNat(_ input: String) -> Bool {
        do {
            let value = try USNatSection(decoding: input)
            #expect(try USNatSection(decoding: value.encoded()) == value, "\(input)")
            return true
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @Test("every truncation of every TC string vector")
    func truncations() {
        var decoded = 0
        var rejected = 0
        for vector in SignalVectors.tcf {
            let characters = Array(vector.tcString)
            for length in 0...characters.count {
                if Self.probeTC(String(characters[0..<length])) { decoded += 1 } else { rejected += 1 }
            }
        }
        #expect(decoded > 0 && rejected > 0)
    }

    @Test("random character replacements in TC string vectors", arguments: 0..<4)
    func replacements(batch: Int) {
        var rng = SignalsRandom(seed: 0xF1A9_0000 + UInt64(batch))
        for vector in SignalVectors.tcf {
            for _ in 0..<150 {
                var characters = Array(vector.tcString)
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let index = Int.random(in: 0..<characters.count, using: &rng)
                    characters[index] =
                        Bool.random(using: &rng)
                        ? Self.alphabet.randomElement(using: &rng) ?? "A"
                        : Self.noise.randomElement(using: &rng) ?? "."
                }
                Self.probeTC(String(characters))
            }
        }
    }

    @Test("random strings", arguments: 0..<4)
    func randomStrings(batch: Int) {
        var rng = SignalsRandom(seed: 0x5EED_0000 + UInt64(batch))
        for _ in 0..<1_500 {
            let length = Int.random(in: 0...400, using: &rng)
            let pool = Bool.random(using: &rng) ? Self.alphabet : Self.noise
            var text = String((0..<length).map { _ in pool.randomElement(using: &rng) ?? "A" })
            // Half start like a TC string (version 2) or a GPP header, to reach deeper fields.
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: text = "C" + text
            case 1: text = "DBA" + text
            default: break
            }
            Self.probeTC(text)
            Self.probeGPP(text)
            Self.probeUSNat(text)
        }
    }

    @Test("every truncation and random replacements of GPP and usnat vectors")
    func gppMutations() throws {
        let file = try #require(SignalVectors.gpp)
        var rng = SignalsRandom(seed: 0x6_0000)
        let inputs = file.gppStrings.map(\.gpp) + file.usnatSections.map(\.section)
        for input in inputs {
            let characters = Array(input)
            for length in 0...characters.count {
                Self.probeGPP(String(characters[0..<length]))
                Self.probeUSNat(String(characters[0..<length]))
            }
            for _ in 0..<200 {
                var mutated = characters
                let index = Int.random(in: 0..<mutated.count, using: &rng)
                mutated[index] = Self.noise.randomElement(using: &rng) ?? "A"
                Self.probeGPP(String(mutated))
                Self.probeUSNat(String(mutated))
            }
        }
    }

    @Test("hostile sizes stay bounded")
    func hostileSizes() {
        // 4,095 restrictions, each restricting vendors 1...65,535: memory stays proportional to the input.
        var bits = TCFTestBits.core()
        bits.bitFieldSection(maxVendorID: 0, ids: [])
        bits.bitFieldSection(maxVendorID: 0, ids: [])
        bits.add(4_095, 12)
        for _ in 0..<4_095 {
            bits.add(1, 6)
            bits.add(0, 2)
            bits.rangeEntries([(1, 65_535)])
        }
        let input = bits.base64
        #expect(input.utf8.count < TCString.maximumEncodedLength)
        let value = try? TCString(decoding: input)
        #expect(value?.publisherRestrictions.count == 4_095)
        #expect(value?.isVendorAllowed(vendor: 65_535, purpose: 1).reason == .notAllowedByPublisher)
        // A GPP header claiming a huge range of sections is rejected before it is expanded.
        var header = TCFTestBits()
        header.add(3, 6)
        header.add(1, 6)
        header.add(1, 12)
        header.add(1, 1)
        header.bits += [true, true]  // Fibonacci 1: start at section 1
        header.bits += Array(repeating: false, count: 29) + [true, true]  // length 1,346,269
        do {
            _ = try GPPString(decoding: header.base64 + "~x")
            Issue.record("accepted a header listing over a million sections")
        } catch {
            #expect(error.code == .sectionCountMismatch)
        }
    }
}
