import ConsentKitCrypto

extension FormatPreservingEncryption {
    /// The class of an ASCII letter or digit, and its radix.
    private enum CharacterClass: UInt8 {
        case digit = 0x44  // "D"
        case upper = 0x55  // "U"
        case lower = 0x4C  // "L"

        init?(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): self = .digit
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): self = .upper
            case UInt8(ascii: "a")...UInt8(ascii: "z"): self = .lower
            default: return nil
            }
        }

        var radix: UInt64 { self == .digit ? 10 : 26 }
        var base: UInt8 {
            switch self {
            case .digit: UInt8(ascii: "0")
            case .upper: UInt8(ascii: "A")
            case .lower: UInt8(ascii: "a")
            }
        }
    }

    /// ``FPEFormat/alphanumeric``: the letters and digits, read as one number
    /// in a mixed radix (10 at digit positions, 26 at letter positions), are
    /// permuted within their domain D by FF1 over radix 2 on ⌈log2 D⌉ bits
    /// with cycle walking (re-encrypting until the result falls below D; on
    /// average fewer than two rounds since D > 2^(bits−1)). Every class
    /// keeps its positions and the case layout is bound into the tweak, so
    /// `"Ab1"` and `"aB1"` encrypt independently.
    ///
    /// Letters and digits share one permutation rather than one FF1 each, so
    /// a class with only a few characters is not left in a tiny domain of
    /// its own: the domain rule applies to D as a whole.
    func transformAlphanumeric(_ value: String, context: MaskingContext, decrypting: Bool) throws(MaskingError) -> String {
        var utf8 = Array(value.utf8)
        var positions: [Int] = []
        var classes: [CharacterClass] = []
        for (index, byte) in utf8.enumerated() {
            guard let characterClass = CharacterClass(byte) else { continue }
            positions.append(index)
            classes.append(characterClass)
        }
        guard classes.count <= Self.maximumAlphanumericCount else {
            throw MaskingError(
                code: .invalidLength,
                message: "the alphanumeric format encrypts at most \(Self.maximumAlphanumericCount) letters and digits, got \(classes.count)")
        }
        let letters = classes.count(where: { $0 != .digit })
        let digits = classes.count - letters

        // D = Π radix, and N = the letters and digits as a mixed-radix number.
        var domain = AlphanumericNumber(one: classes.count)
        var number = AlphanumericNumber(zero: classes.count)
        for (position, characterClass) in zip(positions, classes) {
            domain.multiply(by: characterClass.radix, adding: 0)
            number.multiply(by: characterClass.radix, adding: UInt64(utf8[position] &- characterClass.base))
        }
        guard !domain.isLess(than: AlphanumericNumber(FF1.minimumDomainSize)) else {
            throw MaskingError(
                code: .invalidLength,
                message:
                    "the alphanumeric format needs at least 1,000,000 possible values (6 digits, 5 letters, or a mix such as 3 letters and 2 digits), got \(letters) letters and \(digits) digits"
            )
        }

        let bitCount = domain.predecessorBitCount
        let tweak = Self.alphanumericTweak(for: context, classes: classes)
        var bits = number.bits(count: bitCount)
        repeat {
            try ff1.transform(&bits, tweak: tweak, decrypting: decrypting)
            number = AlphanumericNumber(bits: bits, limbCount: domain.limbCount)
        } while !number.isLess(than: domain)

        for (position, characterClass) in zip(positions, classes).reversed() {
            let digit = number.divide(by: characterClass.radix)
            utf8[position] = characterClass.base &+ UInt8(truncatingIfNeeded: digit)
        }
        // Only ASCII letters and digits were replaced, by ASCII letters and
        // digits of the same class: still valid UTF-8 with the same boundaries.
        return String(decoding: utf8, as: UTF8.self)
    }

    /// SHA-256 of a label, the context's canonical bytes (length-prefixed)
    /// and the class of every letter and digit in order.
    private static func alphanumericTweak(for context: MaskingContext, classes: [CharacterClass]) -> [UInt8] {
        var hash = SHA256()
        hash.update(Array("consentkit.masking.ff1.alphanumeric.v1".utf8))
        let canonical = context.canonicalBytes
        let count = UInt32(truncatingIfNeeded: canonical.count)
        hash.update([UInt8(count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)])
        hash.update(canonical)
        hash.update(classes.map(\.rawValue))
        return hash.finalize().bytes
    }
}

/// A non-negative integer in little-endian 64-bit limbs with a fixed limb
/// count: just the operations the mixed-radix conversion needs.
private struct AlphanumericNumber {
    private(set) var limbs: [UInt64]

    var limbCount: Int { limbs.count }

    /// Enough limbs for the product of `factorCount` radices ≤ 26 (< 5 bits each).
    private static func limbCount(forFactors factorCount: Int) -> Int {
        (5 * factorCount) / 64 + 2
    }

    init(zero factorCount: Int) {
        limbs = [UInt64](repeating: 0, count: Self.limbCount(forFactors: factorCount))
    }

    init(one factorCount: Int) {
        self.init(zero: factorCount)
        limbs[0] = 1
    }

    init(_ value: Int) {
        limbs = [UInt64(value)]
    }

    /// The number whose big-endian bits are `bits` (each 0 or 1).
    init(bits: [UInt16], limbCount: Int) {
        limbs = [UInt64](repeating: 0, count: max(limbCount, (bits.count + 63) / 64))
        for (offset, bit) in bits.reversed().enumerated() where bit != 0 {
            limbs[offset / 64] |= 1 << UInt64(offset % 64)
        }
    }

    /// self ← self × factor + addend.
    mutating func multiply(by factor: UInt64, adding addend: UInt64) {
        var carry = addend
        for index in limbs.indices {
            let (high, low) = limbs[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
    }

    /// self ← self / divisor; returns the remainder.
    mutating func divide(by divisor: UInt64) -> UInt64 {
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let (quotient, rest) = divisor.dividingFullWidth((remainder, limbs[index]))
            limbs[index] = quotient
            remainder = rest
        }
        return remainder
    }

    /// Whether self < other, whatever their limb counts.
    func isLess(than other: AlphanumericNumber) -> Bool {
        let count = max(limbs.count, other.limbs.count)
        for index in (0..<count).reversed() {
            let mine = index < limbs.count ? limbs[index] : 0
            let theirs = index < other.limbs.count ? other.limbs[index] : 0
            if mine != theirs { return mine < theirs }
        }
        return false
    }

    /// The bit length of self − 1: the bits needed for every value below self.
    var predecessorBitCount: Int {
        var predecessor = self
        for index in predecessor.limbs.indices {
            let (difference, borrow) = predecessor.limbs[index].subtractingReportingOverflow(1)
            predecessor.limbs[index] = difference
            if !borrow { break }
        }
        for index in predecessor.limbs.indices.reversed() where predecessor.limbs[index] != 0 {
            return 64 * index + (64 - predecessor.limbs[index].leadingZeroBitCount)
        }
        return 0
    }

    /// The lowest `count` bits, most significant first.
    func bits(count: Int) -> [UInt16] {
        (0..<count).reversed().map { offset in
            let limb = offset / 64 < limbs.count ? limbs[offset / 64] : 0
            return UInt16(truncatingIfNeeded: (limb >> UInt64(offset % 64)) & 1)
        }
    }
}
