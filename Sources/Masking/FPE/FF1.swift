import ConsentKitCrypto

/// NIST SP 800-38G (Rev. 1) FF1 format-preserving encryption over the
/// built-in constant-time AES-128/192/256.
///
/// A card number encrypts to another 16-digit string, an account id to
/// another id of the same length and alphabet, and only the key holder can
/// reverse it. The tweak binds the output to a context (field, tenant,
/// purpose): the same value gets unrelated ciphertexts under different tweaks.
///
/// ```swift
/// let ff1 = try FF1(key: key, alphabet: .digits)
/// let masked = try ff1.encrypt("4111111111111111", tweak: Array("payment.card".utf8))
/// let original = try ff1.decrypt(masked, tweak: Array("payment.card".utf8))
/// ```
///
/// Domain rule (SP 800-38G Rev. 1 §5.2): radix^length must reach 1,000,000,
/// so short inputs are refused rather than encrypted into a tiny, guessable
/// domain. Cost: ten AES-based rounds of two to three block encryptions
/// each, plus small-number arithmetic in the alphabet's radix; no big-integer
/// library. Prints no key material.
public struct FF1: Sendable, CustomStringConvertible {
    /// The smallest domain FF1 may encrypt over (SP 800-38G Rev. 1).
    public static let minimumDomainSize = 1_000_000
    /// The longest input accepted, in characters.
    public static let maximumLength = 4_096
    /// The longest tweak accepted, in bytes.
    public static let maximumTweakByteCount = 1_024

    /// The alphabet inputs and outputs are written in.
    public let alphabet: FF1Alphabet
    /// The shortest input the domain rule allows for this alphabet.
    public let minimumLength: Int
    private let cipher: AESBlockCipher

    /// Prepares FF1 with an AES key of 16, 24 or 32 bytes.
    /// - Throws: ``MaskingError`` `.invalidKey` for any other key length.
    public init(key: [UInt8], alphabet: FF1Alphabet) throws(MaskingError) {
        do {
            cipher = try AESBlockCipher(key: SymmetricKey(bytes: key))
        } catch {
            throw MaskingError(code: .invalidKey, message: "FF1 needs an AES key of 16, 24 or 32 bytes, got \(key.count)")
        }
        self.alphabet = alphabet
        var length = 1
        var domain = alphabet.radix
        while domain < Self.minimumDomainSize {
            domain *= alphabet.radix
            length += 1
        }
        minimumLength = max(2, length)
    }

    /// Encrypts `text` (characters of the alphabet) under `tweak`.
    /// - Throws: ``MaskingError`` for characters outside the alphabet, a length
    ///   below ``minimumLength`` or above ``maximumLength``, or an oversized tweak.
    public func encrypt(_ text: String, tweak: [UInt8] = []) throws(MaskingError) -> String {
        alphabet.text(of: try encrypt(numerals: alphabet.numerals(of: text), tweak: tweak))
    }

    /// Decrypts what ``encrypt(_:tweak:)`` produced under the same tweak.
    /// - Throws: as ``encrypt(_:tweak:)``.
    public func decrypt(_ text: String, tweak: [UInt8] = []) throws(MaskingError) -> String {
        alphabet.text(of: try decrypt(numerals: alphabet.numerals(of: text), tweak: tweak))
    }

    /// FF1.Encrypt (SP 800-38G Algorithm 7) on numerals in `0..<radix`.
    /// - Throws: as ``encrypt(_:tweak:)``; `.invalidCharacter` for a numeral out of range.
    public func encrypt(numerals: [Int], tweak: [UInt8] = []) throws(MaskingError) -> [Int] {
        try run(numerals, tweak: tweak, decrypting: false)
    }

    /// FF1.Decrypt (SP 800-38G Algorithm 8) on numerals in `0..<radix`.
    /// - Throws: as ``encrypt(numerals:tweak:)``.
    public func decrypt(numerals: [Int], tweak: [UInt8] = []) throws(MaskingError) -> [Int] {
        try run(numerals, tweak: tweak, decrypting: true)
    }

    public var description: String { "FF1(AES-\(cipher.keyBitCount), radix \(alphabet.radix))" }

    // MARK: The Feistel rounds

    private func run(_ x: [Int], tweak: [UInt8], decrypting: Bool) throws(MaskingError) -> [Int] {
        let radix = alphabet.radix
        let n = x.count
        guard n >= minimumLength, n <= Self.maximumLength else {
            throw MaskingError(
                code: .invalidLength,
                message: "FF1 over radix \(radix) needs \(minimumLength) to \(Self.maximumLength) characters (radix^length ≥ 1,000,000), got \(n)")
        }
        guard tweak.count <= Self.maximumTweakByteCount else {
            throw MaskingError(
                code: .invalidTweak, message: "the tweak has \(tweak.count) bytes, the limit is \(Self.maximumTweakByteCount)")
        }
        if let bad = x.firstIndex(where: { !(0..<radix).contains($0) }) {
            throw MaskingError(
                code: .invalidCharacter, message: "numeral \(x[bad]) at position \(bad) is outside 0..<\(radix)")
        }

        let u = n / 2
        let v = n - u
        // b: bytes needed for radix^v − 1, computed exactly rather than through log2.
        let b = Self.bytes(of: [Int](repeating: radix - 1, count: v), radix: radix, minimumCount: 0).count
        let d = 4 * ((b + 3) / 4) + 4
        let t = tweak.count

        // P (SP 800-38G step 5), and its encryption: the first CBC-MAC block of every round.
        var p = [UInt8](repeating: 0, count: 16)
        p[0] = 1
        p[1] = 2
        p[2] = 1
        p[3] = UInt8(truncatingIfNeeded: radix >> 16)
        p[4] = UInt8(truncatingIfNeeded: radix >> 8)
        p[5] = UInt8(truncatingIfNeeded: radix)
        p[6] = 10
        p[7] = UInt8(truncatingIfNeeded: u)
        for k in 0..<4 {
            p[8 + k] = UInt8(truncatingIfNeeded: n >> (24 - 8 * k))
            p[12 + k] = UInt8(truncatingIfNeeded: t >> (24 - 8 * k))
        }
        var encryptedP = Self.block(p, at: 0)
        cipher.encryptBlock(&encryptedP)

        let padding = ((-t - b - 1) % 16 + 16) % 16
        // Q = T ‖ 0^padding ‖ [i] ‖ [NUM_radix(B)]^b. Every block of Q but the
        // last depends on the tweak alone, so its CBC-MAC chain is computed
        // once per call: a round then costs one AES block (plus one per extra
        // 16 bytes of S) instead of re-hashing the tweak ten times.
        var paddedTweak = tweak
        paddedTweak.append(contentsOf: repeatElement(0, count: padding))
        let tailTweakBytes = b + 1 <= 16 ? 15 - b : 0
        let fixedByteCount = b + 1 <= 16 ? paddedTweak.count - tailTweakBytes : 0
        var chained = encryptedP
        var offset = 0
        while offset < fixedByteCount {
            chained ^= Self.block(paddedTweak, at: offset)
            cipher.encryptBlock(&chained)
            offset += 16
        }
        let tweakTail = Array(paddedTweak[fixedByteCount...])

        // Buffers reused by every round, so a round allocates nothing.
        var a = Array(x[0..<u])
        var bHalf = Array(x[u..<n])
        var q = [UInt8](repeating: 0, count: tweakTail.count + 1 + b)
        for index in tweakTail.indices { q[index] = tweakTail[index] }
        var y = [UInt8](repeating: 0, count: d)
        var yDigits = [Int](repeating: 0, count: v)
        for step in 0..<10 {
            let i = decrypting ? 9 - step : step
            let m = i % 2 == 0 ? u : v
            // The variable part of Q (decryption uses A where encryption uses B).
            q[tweakTail.count] = UInt8(i)
            Self.writeBytes(of: decrypting ? a : bHalf, radix: radix, into: &q, from: tweakTail.count + 1)
            pseudorandomBytes(q, after: chained, into: &y)
            Self.reduce(y, radix: radix, into: &yDigits, digitCount: m)
            // Encryption: C = A + y, then A ← B, B ← C. Decryption: C = B − y,
            // then B ← A, A ← C. Both are an in-place update and a swap.
            if decrypting {
                Self.subtract(yDigits, from: &bHalf, radix: radix)
            } else {
                Self.add(yDigits, to: &a, radix: radix)
            }
            swap(&a, &bHalf)
        }
        return a + bHalf
    }

    /// S (steps 6.ii–6.iii): the CBC-MAC of P ‖ Q continued from `chained`
    /// (P and the tweak-only blocks of Q already absorbed) over the rest of Q,
    /// extended with encryptions of R ⊕ [j]^16 until `output` is full.
    private func pseudorandomBytes(_ q: [UInt8], after chained: AESBlock, into output: inout [UInt8]) {
        var r = chained
        var offset = 0
        while offset < q.count {
            r ^= Self.block(q, at: offset)
            cipher.encryptBlock(&r)
            offset += 16
        }
        var written = 0
        var block = r
        var j: UInt64 = 0
        output.withUnsafeMutableBytes { out in
            while written < out.count {
                if j > 0 {
                    block = r ^ AESBlock(low: 0, high: j.byteSwapped)
                    cipher.encryptBlock(&block)
                }
                // Byte k of an AESBlock is bits 8k… of `low` for k < 8, of `high` after.
                let take = min(16, out.count - written)
                for k in 0..<take {
                    let word = k < 8 ? block.low : block.high
                    out[written + k] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(k & 7)))
                }
                written += take
                j += 1
            }
        }
    }

    private static func block(_ bytes: [UInt8], at offset: Int) -> AESBlock {
        bytes.withUnsafeBytes { AESBlock(loadingFrom: $0, atByteOffset: offset) }
    }

    // MARK: Arithmetic in the alphabet's radix

    /// NUM_radix of big-endian `numerals` as big-endian bytes, at least
    /// `minimumCount` long (left-padded with zeros). Used once per call, to size b.
    static func bytes(of numerals: [Int], radix: Int, minimumCount: Int) -> [UInt8] {
        var result: [UInt8] = []  // little-endian while building
        for numeral in numerals {
            var carry = numeral
            for k in result.indices {
                let value = Int(result[k]) * radix + carry
                result[k] = UInt8(truncatingIfNeeded: value)
                carry = value >> 8
            }
            while carry > 0 {
                result.append(UInt8(truncatingIfNeeded: carry))
                carry >>= 8
            }
        }
        while result.count < minimumCount { result.append(0) }
        return result.reversed()
    }

    /// Writes NUM_radix(`numerals`) big-endian into `buffer[start...]`, which
    /// is exactly long enough for radix^v − 1.
    static func writeBytes(of numerals: [Int], radix: Int, into buffer: inout [UInt8], from start: Int) {
        for k in start..<buffer.count { buffer[k] = 0 }
        for numeral in numerals {
            var carry = numeral
            var k = buffer.count - 1
            while k >= start {
                let value = Int(buffer[k]) * radix + carry
                buffer[k] = UInt8(truncatingIfNeeded: value)
                carry = value >> 8
                k -= 1
            }
        }
    }

    /// y mod radix^digitCount as little-endian digits in `digits[0..<digitCount]`:
    /// big-endian bytes folded in; what carries past the top digit is what the
    /// modulus drops.
    static func reduce(_ bytes: [UInt8], radix: Int, into digits: inout [Int], digitCount: Int) {
        for k in 0..<digitCount { digits[k] = 0 }
        for byte in bytes {
            var carry = Int(byte)
            for k in 0..<digitCount {
                let value = digits[k] * 256 + carry
                digits[k] = value % radix
                carry = value / radix
            }
        }
    }

    /// numerals ← (NUM(numerals) + y) mod radix^count; `y` little-endian.
    static func add(_ y: [Int], to numerals: inout [Int], radix: Int) {
        var carry = 0
        for k in 0..<numerals.count {
            let index = numerals.count - 1 - k
            let value = numerals[index] + y[k] + carry
            numerals[index] = value % radix
            carry = value / radix
        }
    }

    /// numerals ← (NUM(numerals) − y) mod radix^count; `y` little-endian.
    static func subtract(_ y: [Int], from numerals: inout [Int], radix: Int) {
        var borrow = 0
        for k in 0..<numerals.count {
            let index = numerals.count - 1 - k
            var value = numerals[index] - y[k] - borrow
            borrow = 0
            if value < 0 {
                value += radix
                borrow = 1
            }
            numerals[index] = value
        }
    }
}
