public import ConsentKitCore

/// Replaces a precise value with a coarser one that is still useful for
/// analysis: a number with its bucket, an age with its band, a date with its
/// year or month, a postal code with its prefix.
///
/// Unkeyed and deterministic: the same value always generalizes the same way.
/// Parameters are checked by ``validate()`` (a policy compiler calls it once)
/// and again by ``apply(to:)``.
public enum Generalization: Hashable, Sendable {
    /// A number becomes the label of the bucket `[k·width, (k+1)·width)` that holds it.
    ///
    /// - An integer `width` gives an inclusive integer label: with width 10,
    ///   `34` and `39.5` give `"30-39"`, `-5` gives `"-10--1"`.
    /// - A fractional `width` with at most 6 decimal places gives a half-open
    ///   interval with that many decimals: with width 0.5, `1.7` gives
    ///   `"[1.5, 2.0)"`; with width 2.5, `3` gives `"[2.5, 5.0)"`.
    ///
    /// Bounds are computed in exact decimal arithmetic, so `0.3` with width
    /// 0.1 lands in `"[0.3, 0.4)"` whatever its binary rounding.
    case numberBucket(width: Double)

    /// An age in years becomes its band: with width 10, `34` gives `"30-39"`.
    /// A fractional age counts its whole years. With `topCode`, every age from
    /// `topCode` up gives `"<topCode>+"` (`"90+"`), and the band just below is
    /// cut short so bands never overlap (width 10, top code 85: `"80-84"`, `"85+"`).
    case ageBand(width: Int, topCode: Int? = nil)

    /// A `YYYY-MM-DD` date or an RFC 3339 timestamp becomes its year (`"1990"`),
    /// month (`"1990-05"`) or day (`"1990-05-17"`). A timestamp's date is read
    /// as written, in its own offset, not converted to UTC.
    case dateTruncation(DateGranularity)

    /// A postal code keeps its first `keep` characters; the rest are replaced
    /// with `maskCharacter` (`"94107"` → `"941**"`), or dropped when it is
    /// `nil` (`"941"`). Spaces and hyphens are kept in place and not counted
    /// (`"SW1A 1AA"`, keep 3 → `"SW1* ***"`). A code no longer than `keep` is
    /// masked entirely, so the output never equals the input.
    case postalCodePrefix(keep: Int, maskCharacter: Character? = "*")

    /// Checks the parameters.
    /// - Throws: ``MaskingError`` `.invalidPolicy` for a width that is not a
    ///   positive finite number with at most 6 decimal places (at most 2^52),
    ///   an age band width or top code below 1, or a negative prefix length.
    public func validate() throws(MaskingError) {
        switch self {
        case .numberBucket(let width):
            _ = try DecimalWidth(width)
        case .ageBand(let width, let topCode):
            guard width >= 1 else {
                throw MaskingError(code: .invalidPolicy, message: "age band width must be at least 1, got \(width)")
            }
            if let topCode, topCode < 1 {
                throw MaskingError(
                    code: .invalidPolicy, message: "age band top code must be at least 1, got \(topCode)")
            }
        case .dateTruncation:
            break
        case .postalCodePrefix(let keep, _):
            guard keep >= 0 else {
                throw MaskingError(
                    code: .invalidPolicy, message: "postal code prefix length must not be negative, got \(keep)")
            }
        }
    }

    /// The generalized form of `value`, always a `.string`.
    ///
    /// Cost: O(1) for numbers, one pass over a string.
    /// - Throws: ``MaskingError``
    ///   - `.invalidPolicy` when the parameters fail ``validate()``;
    ///   - `.typeMismatch` for a value of another JSON type (buckets and bands
    ///     need a number, dates and postal codes a string);
    ///   - `.invalidFormat` for a non-finite number, a negative age or a string
    ///     that is not a valid date or timestamp;
    ///   - `.tooLarge` for a number whose magnitude over the bucket's
    ///     precision exceeds 2^52 (its label could not be exact), an age of
    ///     2^52 or more without a top code, or a string over
    ///     ``MaskingLimits/maximumValueByteCount`` bytes.
    public func apply(to value: JSONValue) throws(MaskingError) -> JSONValue {
        switch self {
        case .numberBucket(let width):
            // Parsing the width is the whole of validate() for buckets; do it once.
            let width = try DecimalWidth(width)
            return .string(try width.label(for: Self.number(value, for: "a number bucket")))
        case .ageBand(let width, let topCode):
            try validate()
            return .string(try Self.ageBand(Self.number(value, for: "an age band"), width: width, topCode: topCode))
        case .dateTruncation(let granularity):
            let text = try Self.string(value, for: "a date truncation")
            // An already truncated date ("1987", "1987-03") stays as coarse as
            // it is: masking a masked record again must not fail or refine it.
            if let coarse = Self.truncatedDate(text, to: granularity) { return .string(coarse) }
            let date = try CalendarDate(parsing: text)
            switch granularity {
            case .year: return .string(date.yearText)
            case .month: return .string(date.monthText)
            case .day: return .string(date.dayText)
            }
        case .postalCodePrefix(let keep, let maskCharacter):
            try validate()
            return .string(
                Self.postalCode(
                    try Self.string(value, for: "a postal code prefix"), keep: keep, maskCharacter: maskCharacter))
        }
    }

    // MARK: - Implementation

    private static func number(_ value: JSONValue, for use: String) throws(MaskingError) -> Double {
        guard case .number(let number) = value else {
            throw MaskingError(code: .typeMismatch, message: "\(use) needs a number, got \(kind(of: value))")
        }
        guard number.isFinite else {
            throw MaskingError(code: .invalidFormat, message: "\(use) needs a finite number, got \(number)")
        }
        return number
    }

    private static func string(_ value: JSONValue, for use: String) throws(MaskingError) -> String {
        guard case .string(let string) = value else {
            throw MaskingError(code: .typeMismatch, message: "\(use) needs a string, got \(kind(of: value))")
        }
        try MaskingLimits.check(string, "\(use) input")
        return string
    }

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func ageBand(_ age: Double, width: Int, topCode: Int?) throws(MaskingError) -> String {
        guard age >= 0 else {
            throw MaskingError(
                code: .invalidFormat, message: "an age band needs an age of 0 or more, got a negative number")
        }
        if let topCode, age >= Double(topCode) {
            return SingleByteText.makeString(count: DecimalText.count(of: topCode) + 1) { output in
                let end = DecimalText.write(topCode, to: output, at: 0)
                output[end] = UInt8(ascii: "+")
                return end + 1
            }
        }
        guard age < DecimalWidth.exactLimit else {
            throw MaskingError(code: .tooLarge, message: "an age band needs an age below 2^52")
        }
        let years = Int(age.rounded(.down))
        let lower = years / width * width
        var upper = lower + (width - 1)
        if let topCode { upper = min(upper, topCode - 1) }
        return rangeLabel(lower, upper)
    }

    /// `"<lower>-<upper>"`, built without interpolation (a short label is stored inline).
    static func rangeLabel(_ lower: Int, _ upper: Int) -> String {
        SingleByteText.makeString(count: DecimalText.count(of: lower) + 1 + DecimalText.count(of: upper)) { output in
            var written = DecimalText.write(lower, to: output, at: 0)
            output[written] = UInt8(ascii: "-")
            written = DecimalText.write(upper, to: output, at: written + 1)
            return written
        }
    }

    private static func postalCode(_ code: String, keep: Int, maskCharacter: Character?) -> String {
        if let fast = SingleByteText.withBytes(of: code, { postalCode($0, keep: keep, maskCharacter: maskCharacter) }) {
            return fast
        }
        let significant = code.reduce(0) { $0 + (postalSeparators.contains($1) ? 0 : 1) }
        let reveal = significant > keep ? keep : 0
        var result = ""
        var position = 0
        for character in code {
            let isSeparator = postalSeparators.contains(character)
            if let maskCharacter {
                result.append(isSeparator || position < reveal ? character : maskCharacter)
            } else {
                // Without a mask character the output is the prefix alone, ending on its last kept character.
                guard position < reveal else { break }
                result.append(character)
            }
            if !isSeparator { position += 1 }
        }
        return result
    }

    private static let postalSeparators: Set<Character> = [" ", "-"]

    /// The postal code mask of a code whose every byte is one character; nil
    /// for a mask character of more than 8 bytes.
    private static func postalCode(
        _ bytes: UnsafeBufferPointer<UInt8>, keep: Int, maskCharacter: Character?
    ) -> String? {
        func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") }
        var significant = 0
        for byte in bytes where !isSeparator(byte) { significant += 1 }
        let reveal = significant > keep ? keep : 0
        guard let maskCharacter else {
            // The prefix ends on its last kept character: stop at the first byte once `reveal` are kept.
            var end = 0
            var position = 0
            while end < bytes.count && position < reveal {
                if !isSeparator(bytes[end]) { position += 1 }
                end += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
        guard let maskBytes = MaskBytes(maskCharacter) else { return nil }
        let hidden = significant - reveal
        return SingleByteText.makeString(count: bytes.count + hidden * (maskBytes.count - 1)) { output in
            var written = 0
            var position = 0
            for byte in bytes {
                if isSeparator(byte) || position < reveal {
                    output[written] = byte
                    written += 1
                } else {
                    written = maskBytes.write(to: output, at: written)
                }
                if !isSeparator(byte) { position += 1 }
            }
            return written
        }
    }
}

/// A bucket width as an exact decimal, `units / 10^decimals`, so bucket bounds
/// are computed on integers and print without binary rounding noise.
private struct DecimalWidth {
    /// Magnitudes up to here are exact integers in a `Double`.
    static let exactLimit: Double = 4_503_599_627_370_496  // 2^52
    static let maximumDecimals = 6

    let units: Int
    let decimals: Int
    let scale: Double

    init(_ width: Double) throws(MaskingError) {
        guard width.isFinite, width > 0 else {
            throw MaskingError(
                code: .invalidPolicy, message: "number bucket width must be a positive finite number, got \(width)")
        }
        var scale = 1.0
        for decimals in 0...Self.maximumDecimals {
            let scaled = width * scale
            let rounded = scaled.rounded()
            // A few ulps absorb the binary error of `0.3 * 10`; a real fraction is far off.
            if rounded >= 1, rounded <= Self.exactLimit, abs(scaled - rounded) <= 4 * rounded.ulp {
                self.units = Int(rounded)
                self.decimals = decimals
                self.scale = scale
                return
            }
            scale *= 10
        }
        throw MaskingError(
            code: .invalidPolicy,
            message:
                "number bucket width \(width) needs at most \(Self.maximumDecimals) decimal places and at most 2^52 units"
        )
    }

    func label(for value: Double) throws(MaskingError) -> String {
        var scaled = value * scale
        guard abs(scaled) <= Self.exactLimit else {
            throw MaskingError(
                code: .tooLarge, message: "a number bucket needs a magnitude below 2^52 at its width's precision")
        }
        let nearest = scaled.rounded()
        // Undo the binary error of scaling (1.7 * 10 = 17.000000000000004): within a
        // few ulps of a whole number of units counts as on it.
        if decimals > 0, abs(scaled - nearest) <= 4 * max(abs(scaled), 1).ulp { scaled = nearest }
        // floor(floor(s) / m) == floor(s / m) for a positive integer m, so integer division is exact.
        let whole = Int(scaled.rounded(.down))
        let index = whole >= 0 ? whole / units : -((-whole + units - 1) / units)
        let lower = index * units
        let upper = lower + units
        if decimals == 0 { return Generalization.rangeLabel(lower, upper - 1) }
        let count =
            DecimalText.count(of: lower, decimals: decimals) + DecimalText.count(of: upper, decimals: decimals) + 4
        return SingleByteText.makeString(count: count) { output in
            output[0] = UInt8(ascii: "[")
            var written = DecimalText.write(lower, decimals: decimals, to: output, at: 1)
            output[written] = UInt8(ascii: ",")
            output[written + 1] = UInt8(ascii: " ")
            written = DecimalText.write(upper, decimals: decimals, to: output, at: written + 2)
            output[written] = UInt8(ascii: ")")
            return written + 1
        }
    }
}

extension Generalization {
    /// `text` when it is a year (`YYYY`) or a month (`YYYY-MM`), truncated to
    /// `granularity` but never refined; nil for anything else.
    static func truncatedDate(_ text: String, to granularity: DateGranularity) -> String? {
        // The byte count is stored: a full date is turned away without reading it.
        let count = text.utf8.count
        guard count == 4 || count == 7 else { return nil }
        var text = text
        let isCoarse = text.withUTF8 { bytes in
            func isDigits(_ range: Range<Int>) -> Bool {
                range.allSatisfy { bytes[$0] &- UInt8(ascii: "0") < 10 }
            }
            guard isDigits(0..<4) else { return false }
            guard count == 7 else { return true }
            guard bytes[4] == UInt8(ascii: "-"), isDigits(5..<7) else { return false }
            let month = Int(bytes[5] - UInt8(ascii: "0")) * 10 + Int(bytes[6] - UInt8(ascii: "0"))
            return (1...12).contains(month)
        }
        guard isCoarse else { return nil }
        return count == 7 && granularity == .year ? String(text.prefix(4)) : text
    }
}
