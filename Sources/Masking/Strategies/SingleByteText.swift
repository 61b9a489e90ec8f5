/// The byte-level fast path shared by the string masks.
///
/// In a string of ASCII bytes without a carriage return, every byte is one
/// grapheme cluster (the only multi-byte ASCII cluster is CR LF), so a mask
/// can count and replace bytes and get exactly what it would get walking
/// `Character`s, at a fraction of the cost. Anything else takes the
/// strategies' grapheme path.
enum SingleByteText {
    /// Calls `body` with the UTF-8 bytes of `value` when each of them is one
    /// grapheme cluster; nil otherwise, or when `body` returns nil.
    ///
    /// Cost: one scan of the bytes; no copy for a native string.
    @inline(__always)
    static func withBytes<Result>(
        of value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result?
    ) -> Result? {
        var value = value
        return value.withUTF8 { bytes in isSingleByte(bytes) ? body(bytes) : nil }
    }

    /// Whether every byte is ASCII and none is a carriage return.
    static func isSingleByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        // Eight bytes at a time: any high bit is a non-ASCII byte; a zero byte of
        // `word ^ CR…CR` (the classic has-zero-byte test, exact once all bytes are
        // ASCII) is a carriage return.
        while offset + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let carriageReturns = word ^ (ones &* 0x0D)
            if word & highBits != 0 || (carriageReturns &- ones) & ~carriageReturns & highBits != 0 {
                return false
            }
            offset += 8
        }
        var flags: UInt8 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            flags |= (byte & 0x80) | (byte == 0x0D ? 1 : 0)
            offset += 1
        }
        return flags == 0
    }

    /// The string of the UTF-8 bytes `body` writes into a buffer of `count`
    /// bytes, returning how many it wrote. A `count` of up to 15 gives an
    /// inline string (no allocation), so callers pass the exact size when
    /// they can.
    @inline(__always)
    static func makeString(count: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        String(unsafeUninitializedCapacity: count, initializingUTF8With: body)
    }

    /// Copies `bytes` into `output` at `index`, returning the index after them.
    @inline(__always)
    static func copy(
        _ bytes: Slice<UnsafeBufferPointer<UInt8>>, to output: UnsafeMutableBufferPointer<UInt8>, at index: Int
    ) -> Int {
        var written = index
        for byte in bytes {
            output[written] = byte
            written += 1
        }
        return written
    }
}
