/// Random bytes from the operating system's cryptographically secure generator.
///
/// Backed by `SystemRandomNumberGenerator`, which reads `getrandom(2)` on Linux
/// and `arc4random_buf(3)` on Apple platforms: suitable for keys, nonces and tokens.
package enum SecureRandom {
    /// Returns `count` fresh random bytes.
    package static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "SecureRandom.bytes(count:) needs a non-negative count")
        var generator = SystemRandomNumberGenerator()
        var result = [UInt8](repeating: 0, count: count)
        fill(&result, using: &generator)
        return result
    }

    /// Overwrites every byte of `buffer` with fresh random bytes.
    package static func fill(_ buffer: inout [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        fill(&buffer, using: &generator)
    }

    /// A uniformly distributed random 64-bit value.
    package static func uint64() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }

    private static func fill(_ buffer: inout [UInt8], using generator: inout SystemRandomNumberGenerator) {
        buffer.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                var word = generator.next() as UInt64
                let take = min(8, raw.count - offset)
                withUnsafeBytes(of: &word) { wordBytes in
                    for i in 0..<take { raw[offset + i] = wordBytes[i] }
                }
                offset += take
            }
        }
    }
}
