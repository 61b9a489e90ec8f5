/// Integers written as decimal ASCII straight into a byte buffer, for labels
/// and dates built without string interpolation or intermediate strings.
enum DecimalText {
    /// How many bytes ``write(_:decimals:minimumDigits:to:at:)`` writes for
    /// the same arguments.
    static func count(of value: Int, decimals: Int = 0, minimumDigits: Int = 1) -> Int {
        digitCount(of: value, decimals: decimals, minimumDigits: minimumDigits) + (decimals > 0 ? 1 : 0)
            + (value < 0 ? 1 : 0)
    }

    /// Writes `value` at `index`, returning the index after it: a `-` when
    /// negative, then at least `minimumDigits` digits (zero-padded on the
    /// left), with a decimal point before the last `decimals` of them when
    /// `decimals` is positive (`(-5, decimals: 1)` → `-0.5`).
    /// `buffer` must have room for ``count(of:decimals:minimumDigits:)`` bytes there.
    static func write(
        _ value: Int, decimals: Int = 0, minimumDigits: Int = 1, to buffer: UnsafeMutableBufferPointer<UInt8>,
        at index: Int
    ) -> Int {
        let end = index + count(of: value, decimals: decimals, minimumDigits: minimumDigits)
        let digits = digitCount(of: value, decimals: decimals, minimumDigits: minimumDigits)
        var magnitude = value.magnitude
        var position = end
        for written in 0..<digits {
            if decimals > 0 && written == decimals {
                position -= 1
                buffer[position] = UInt8(ascii: ".")
            }
            position -= 1
            buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        }
        if value < 0 { buffer[index] = UInt8(ascii: "-") }
        return end
    }

    /// Digits written: enough for the magnitude, at least `minimumDigits`,
    /// and at least one before the point.
    private static func digitCount(of value: Int, decimals: Int, minimumDigits: Int) -> Int {
        var digits = 1
        var magnitude = value.magnitude
        while magnitude >= 10 {
            magnitude /= 10
            digits += 1
        }
        return max(digits, minimumDigits, decimals > 0 ? decimals + 1 : 1)
    }
}
