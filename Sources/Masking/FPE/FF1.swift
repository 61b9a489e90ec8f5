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
/// domain.
///
/// Cost: the AES blocks of the CBC-MAC over the header and tweak, then ten
/// Feistel rounds. When radix^⌈length/2⌉ fits in 64 bits (up to 38 digits, 24
/// characters in radix 36, 14 in radix 256) each round is one AES
/// block and a 64-bit modular reduction, and a call allocates only its
/// numeral buffer and the output; longer inputs use schoolbook arithmetic in
/// the radix. Prints no key material.
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
    /// radix^k for every k whose power fits in a `UInt64`: the halves that
    /// the 64-bit Feistel path can hold.
    private let powers: [UInt64]

    /// Prepares FF1 with an AES key of 16, 24 or 32 bytes.
    /// - Throws: ``MaskingError`` `.invalidKey` for any other key length.
    public init(key: [UInt8], alphabet: FF1Alphabet) throws(MaskingError) {
        do {
            try self.init(cipher: AESBlockCipher(key: SymmetricKey(bytes: key)), alphabet: alphabet)
        } catch {
            throw MaskingError(code: .invalidKey, message: "FF1 needs an AES key of 16, 24 or 32 bytes, got \(key.count)")
        }
    }

    /// Prepares FF1 over an already expanded AES cipher.
    init(cipher: AESBlockCipher, alphabet: FF1Alphabet) {
        self.cipher = cipher
        self.alphabet = alphabet
        let radix = alphabet.radix
        var length = 1
        var domain = radix
        while domain < Self.minimumDomainSize {
            domain *= radix
            length += 1
        }
        minimumLength = max(2, length)
        var powers: [UInt64] = [1]
        while true {
            let (next, overflow) = powers[powers.count - 1].multipliedReportingOverflow(by: UInt64(radix))
            if overflow { break }
            powers.append(next)
        }
        self.powers = powers
    }

    /// Encrypts `text` (characters of the alphabet) under `tweak`.
    /// - Throws: ``MaskingError`` for characters outside the alphabet, a length
    ///   below ``minimumLength`` or above ``maximumLength``, or an oversized tweak.
    public func encrypt(_ text: String, tweak: [UInt8] = []) throws(MaskingError) -> String {
        try transform(text, tweak: tweak, decrypting: false)
    }

    /// Decrypts what ``encrypt(_:tweak:)`` produced under the same tweak.
    /// - Throws: as ``encrypt(_:tweak:)``.
    public func decrypt(_ text: String, tweak: [UInt8] = []) throws(MaskingError) -> String {
        try transform(text, tweak: tweak, decrypting: true)
    }

    /// FF1.Encrypt (SP 800-38G Algorithm 7) on numerals in `0..<radix`.
    /// - Throws: as ``encrypt(_:tweak:)``; `.invalidCharacter` for a numeral out of range.
    public func encrypt(numerals: [Int], tweak: [UInt8] = []) throws(MaskingError) -> [Int] {
        try transform(numerals: numerals, tweak: tweak, decrypting: false)
    }

    /// FF1.Decrypt (SP 800-38G Algorithm 8) on numerals in `0..<radix`.
    /// - Throws: as ``encrypt(numerals:tweak:)``.
    public func decrypt(numerals: [Int], tweak: [UInt8] = []) throws(MaskingError) -> [Int] {
        try transform(numerals: numerals, tweak: tweak, decrypting: true)
    }

    public var description: String { "FF1(AES-\(cipher.keyBitCount), radix \(alphabet.radix))" }

    // MARK: Entry points

    private func transform(_ text: String, tweak: [UInt8], decrypting: Bool) throws(MaskingError) -> String {
        var numerals = try alphabet.compactNumerals(of: text)
        try transform(&numerals, tweak: tweak, decrypting: decrypting)
        return numerals.withUnsafeBufferPointer { alphabet.text(ofCompact: $0) }
    }

    private func transform(numerals: [Int], tweak: [UInt8], decrypting: Bool) throws(MaskingError) -> [Int] {
        let radix = alphabet.radix
        if let bad = numerals.firstIndex(where: { !(0..<radix).contains($0) }) {
            throw MaskingError(
                code: .invalidCharacter, message: "numeral \(numerals[bad]) at position \(bad) is outside 0..<\(radix)")
        }
        var compact = numerals.map { UInt16(truncatingIfNeeded: $0) }
        try transform(&compact, tweak: tweak, decrypting: decrypting)
        return compact.map { Int($0) }
    }

    /// Encrypts or decrypts `numerals` (each already in `0..<radix`) in place.
    /// - Throws: ``MaskingError`` `.invalidLength` or `.invalidTweak`; nothing is changed then.
    func transform(_ numerals: inout [UInt16], tweak: [UInt8], decrypting: Bool) throws(MaskingError) {
        let n = numerals.count
        try checkLimits(length: n, tweakByteCount: tweak.count)
        if n - n / 2 < powers.count {
            numerals.withUnsafeMutableBufferPointer { numerals in
                tweak.withUnsafeBytes { tweak in
                    runWithWords(numerals, tweak: tweak, decrypting: decrypting)
                }
            }
        } else {
            let result = runWithDigits(numerals.map { Int($0) }, tweak: tweak, decrypting: decrypting)
            for index in 0..<n { numerals[index] = UInt16(truncatingIfNeeded: result[index]) }
        }
    }

    /// FF1 through the schoolbook path whatever the length: the reference
    /// the 64-bit path is checked against in tests. Same contract as
    /// ``encrypt(numerals:tweak:)`` / ``decrypt(numerals:tweak:)``.
    package func referenceTransform(numerals: [Int], tweak: [UInt8], decrypting: Bool) throws(MaskingError) -> [Int] {
        try checkLimits(length: numerals.count, tweakByteCount: tweak.count)
        if let bad = numerals.firstIndex(where: { !(0..<alphabet.radix).contains($0) }) {
            throw MaskingError(code: .invalidCharacter, message: "numeral \(numerals[bad]) at position \(bad) is out of range")
        }
        return runWithDigits(numerals, tweak: tweak, decrypting: decrypting)
    }

    private func checkLimits(length n: Int, tweakByteCount: Int) throws(MaskingError) {
        guard n >= minimumLength, n <= Self.maximumLength else {
            throw MaskingError(
                code: .invalidLength,
                message:
                    "FF1 over radix \(alphabet.radix) needs \(minimumLength) to \(Self.maximumLength) characters (radix^length ≥ 1,000,000), got \(n)"
            )
        }
        guard tweakByteCount <= Self.maximumTweakByteCount else {
            throw MaskingError(
                code: .invalidTweak, message: "the tweak has \(tweakByteCount) bytes, the limit is \(Self.maximumTweakByteCount)")
        }
    }

    // MARK: Shared setup (SP 800-38G Algorithm 7, steps 1-5 and 6.i)

    /// Byte count b of NUM_radix of a v-digit half: the bytes of radix^v − 1,
    /// which equals ⌈⌈v·log2(radix)⌉/8⌉ without floating point.
    private static func halfByteCount(radix: Int, v: Int) -> Int {
        bytes(of: [Int](repeating: radix - 1, count: v), radix: radix, minimumCount: 0).count
    }

    /// The CBC-MAC state after P and every block of Q that depends on the
    /// tweak alone, and the tweak bytes that share Q's last block with the
    /// round number and NUM(B) (zero-padded, in place). Requires b + 1 ≤ 16.
    private func tweakPrefix(
        n: Int, u: Int, b: Int, tweak: UnsafeRawBufferPointer
    ) -> (chained: AESBlock, tail: AESBlock) {
        let t = tweak.count
        let radix = UInt64(alphabet.radix)
        // P = [1]¹ [2]¹ [1]¹ [radix]³ [10]¹ [u mod 256]¹ [n]⁴ [t]⁴, big-endian.
        let pHigh: UInt64 = 1 << 56 | 2 << 48 | 1 << 40 | (radix & 0xFF_FFFF) << 16 | 10 << 8 | UInt64(u & 0xFF)
        let pLow = UInt64(UInt32(truncatingIfNeeded: n)) << 32 | UInt64(UInt32(truncatingIfNeeded: t))
        var chained = AESBlock(low: pHigh.byteSwapped, high: pLow.byteSwapped)
        cipher.encryptBlock(&chained)
        // Q = T ‖ 0^pad ‖ [i]¹ ‖ [NUM(B)]^b with pad making |Q| a multiple of 16.
        let pad = ((-t - b - 1) % 16 + 16) % 16
        let qCount = t + pad + 1 + b
        var offset = 0
        while offset < qCount - 16 {
            chained ^= Self.tweakBlock(tweak, at: offset)
            cipher.encryptBlock(&chained)
            offset += 16
        }
        return (chained, Self.tweakBlock(tweak, at: qCount - 16))
    }

    /// The 16 bytes of the tweak from `offset`, zero past its end.
    private static func tweakBlock(_ tweak: UnsafeRawBufferPointer, at offset: Int) -> AESBlock {
        if offset + 16 <= tweak.count { return AESBlock(loadingFrom: tweak, atByteOffset: offset) }
        var buffer: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &buffer) { buffer in
            if offset < tweak.count {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: tweak[offset...]))
            }
            return AESBlock(loadingFrom: UnsafeRawBufferPointer(buffer), atByteOffset: 0)
        }
    }

    // MARK: The Feistel rounds on 64-bit halves

    /// FF1 with both halves held as integers NUM_radix(A), NUM_radix(B) < 2^64:
    /// a round is one AES block, one reduction of y and one modular add.
    /// STR and NUM are applied only at the ends. Same results as the
    /// schoolbook path, bit for bit.
    private func runWithWords(_ x: UnsafeMutableBufferPointer<UInt16>, tweak: UnsafeRawBufferPointer, decrypting: Bool) {
        let radix = UInt64(alphabet.radix)
        let n = x.count
        let u = n / 2
        let v = n - u
        let modulusU = powers[u]
        let modulusV = powers[v]
        var a: UInt64 = 0
        var b: UInt64 = 0
        for index in 0..<u { a = a &* radix &+ UInt64(x[index]) }
        for index in u..<n { b = b &* radix &+ UInt64(x[index]) }

        // b ≤ 8 bytes here, so d = 4⌈b/4⌉ + 4 is 8 or 12: one block of R suffices.
        let byteCount = (64 - (modulusV - 1).leadingZeroBitCount + 7) / 8
        let d = 4 * ((byteCount + 3) / 4) + 4
        let (chained, tail) = tweakPrefix(n: n, u: u, b: byteCount, tweak: tweak)
        let base = chained ^ tail

        for step in 0..<10 {
            let i = decrypting ? 9 - step : step
            let modulus = i % 2 == 0 ? modulusU : modulusV
            // Q's last block: … ‖ [i]¹ ‖ [NUM(B)]^b (decryption feeds A).
            let number = decrypting ? a : b
            var low = number
            var high: UInt64 = 0
            if byteCount < 8 { low |= UInt64(i) << UInt64(8 * byteCount) } else { high = UInt64(i) }
            var r = base ^ AESBlock(low: high.byteSwapped, high: low.byteSwapped)
            cipher.encryptBlock(&r)

            // y = NUM(S[0..<d]); S's first block is R itself.
            let first = r.low.byteSwapped
            let y: UInt64
            if d == 8 {
                y = first % modulus
            } else {
                let next = UInt64(UInt32(truncatingIfNeeded: r.high).byteSwapped)
                let top = first >> 32
                let reducedTop = top < modulus ? top : top % modulus
                y = modulus.dividingFullWidth((reducedTop, first << 32 | next)).remainder
            }

            if decrypting {
                // C = (NUM(B) − y) mod radix^m; B ← A; A ← C.
                let c = b >= y ? b - y : b &+ (modulus - y)
                b = a
                a = c
            } else {
                // C = (NUM(A) + y) mod radix^m; A ← B; B ← C.
                let (sum, overflow) = a.addingReportingOverflow(y)
                let c = overflow || sum >= modulus ? sum &- modulus : sum
                a = b
                b = c
            }
        }
        Self.writeDigits(of: a, radix: radix, into: x, range: 0..<u)
        Self.writeDigits(of: b, radix: radix, into: x, range: u..<n)
    }

    /// STR^m_radix(value) into `x[range]`, most significant numeral first.
    @inline(__always)
    private static func writeDigits(of value: UInt64, radix: UInt64, into x: UnsafeMutableBufferPointer<UInt16>, range: Range<Int>) {
        var value = value
        var index = range.upperBound
        // Radix 10 is by far the most common: a constant divisor lets the
        // compiler multiply instead of divide.
        if radix == 10 {
            while index > range.lowerBound {
                index -= 1
                x[index] = UInt16(truncatingIfNeeded: value % 10)
                value /= 10
            }
        } else {
            while index > range.lowerBound {
                index -= 1
                let (quotient, remainder) = value.quotientAndRemainder(dividingBy: radix)
                x[index] = UInt16(truncatingIfNeeded: remainder)
                value = quotient
            }
        }
    }

    // MARK: The Feistel rounds in schoolbook arithmetic

    private func runWithDigits(_ x: [Int], tweak: [UInt8], decrypting: Bool) -> [Int] {
        let radix = alphabet.radix
        let n = x.count
        let u = n / 2
        let v = n - u
        let b = Self.halfByteCount(radix: radix, v: v)
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
