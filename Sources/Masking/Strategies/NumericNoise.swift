/// Adds keyed, deterministic, bounded noise to a number: the output is
/// within ``maximumAbsolute`` of the input and never equal to it.
///
/// The noise is drawn from HMAC-SHA256 under a subkey of the masking key
/// (HKDF label `consentkit.masking.noise.v1`) over the masking context and a
/// record key, like ``DateShift``: every read of the same record gets the
/// same noisy value, so repeated reads cannot be averaged away.
///
/// - ``Rounding/none``: the input plus a noise uniform in
///   `[-maximumAbsolute, +maximumAbsolute]` (to the precision of a `Double`;
///   a noise too small to change the input moves it by one ulp instead).
/// - ``Rounding/integer`` and ``Rounding/decimals(_:)``: one of the grid
///   values (whole numbers, or multiples of 10^-d) within `maximumAbsolute`
///   of the input, other than the input itself, chosen uniformly. The output
///   is therefore already rounded and still within bounds.
///
/// Draws map 64 hash bits onto the choices by modulo; the bias is below
/// `choices / 2^64`, negligible for any bound a policy would set.
public struct NumericNoise: Sendable, CustomStringConvertible {
    /// How the noisy output is rounded.
    public enum Rounding: Hashable, Sendable {
        /// Not rounded.
        case none
        /// To a whole number.
        case integer
        /// To `n` decimal places, `0...15`.
        case decimals(Int)
    }

    /// The HKDF label of the subkey.
    static let label = "consentkit.masking.noise.v1"

    /// The id of the key the noise derives from.
    public let keyID: MaskingKeyID
    /// The largest change, either way.
    public let maximumAbsolute: Double
    /// How the output is rounded.
    public let rounding: Rounding
    private let draw: KeyedDraw
    /// The rounding grid as 10^decimals (1 for integers), nil without rounding.
    private let gridScale: Double?

    /// Creates a noise strategy. Cost: one HKDF-SHA256.
    /// - Throws: ``MaskingError`` `.invalidPolicy` when `maximumAbsolute` is not
    ///   a positive finite number, when `decimals` is outside `0...15`, or when
    ///   `maximumAbsolute` is below the rounding step (1, or 10^-decimals): the
    ///   output could not then differ from the input.
    public init(key: MaskingKey, maximumAbsolute: Double, rounding: Rounding = .none) throws(MaskingError) {
        guard maximumAbsolute.isFinite, maximumAbsolute > 0 else {
            throw MaskingError(
                code: .invalidPolicy,
                message: "noise maximumAbsolute must be a positive finite number, got \(maximumAbsolute)")
        }
        switch rounding {
        case .none:
            gridScale = nil
        case .integer:
            gridScale = 1
        case .decimals(let decimals):
            guard (0...15).contains(decimals) else {
                throw MaskingError(
                    code: .invalidPolicy, message: "noise rounding decimals must be 0...15, got \(decimals)")
            }
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            gridScale = scale
        }
        if let gridScale, maximumAbsolute * gridScale < 1 {
            throw MaskingError(
                code: .invalidPolicy,
                message: "noise maximumAbsolute \(maximumAbsolute) is below the rounding step 1/\(gridScale)")
        }
        self.keyID = key.id
        self.maximumAbsolute = maximumAbsolute
        self.rounding = rounding
        self.draw = KeyedDraw(key: key, label: Self.label)
    }

    /// `value` plus the record's noise.
    ///
    /// Cost: one HMAC-SHA256.
    /// - Throws: ``MaskingError``
    ///   - `.invalidFormat` for a NaN or infinite `value`;
    ///   - `.tooLarge` when `value` is so large that no other number (or no
    ///     other grid value) lies within the bound, or the noisy value would
    ///     overflow; or when `recordKey` is over
    ///     ``MaskingLimits/maximumValueByteCount`` bytes.
    public func apply(to value: Double, recordKey: String, context: MaskingContext) throws(MaskingError) -> Double {
        guard value.isFinite else {
            throw MaskingError(code: .invalidFormat, message: "noise needs a finite number, got \(value)")
        }
        try MaskingLimits.check(recordKey, "noise record key")
        let (first, second) = draw.words(recordKey: recordKey, context: context, includingField: true)
        if let gridScale {
            return try onGrid(value, scale: gridScale, draw: first)
        }
        return try continuous(value, unit: first, sign: second)
    }

    private func continuous(_ value: Double, unit: UInt64, sign: UInt64) throws(MaskingError) -> Double {
        // 53 random bits → (0, 1]: the noise magnitude is never exactly 0.
        let fraction = Double((unit >> 11) + 1) * 0x1p-53
        var up = sign & 1 == 1
        let magnitude = maximumAbsolute * fraction
        var result = up ? value + magnitude : value - magnitude
        if !result.isFinite {
            // Next to the largest Double, move the other way.
            up.toggle()
            result = up ? value + magnitude : value - magnitude
        }
        if result == value {
            // The noise is below half an ulp of the input: move by one ulp, if the bound allows.
            result = up ? value.nextUp : value.nextDown
            if !result.isFinite { result = up ? value.nextDown : value.nextUp }
            guard abs(result - value) <= maximumAbsolute else {
                throw MaskingError(
                    code: .tooLarge, message: "no Double within ±\(maximumAbsolute) of the value differs from it")
            }
        }
        return result
    }

    private func onGrid(_ value: Double, scale: Double, draw: UInt64) throws(MaskingError) -> Double {
        let scaled = value * scale
        let reach = maximumAbsolute * scale
        guard abs(scaled) + reach < 0x1p52 else {
            throw MaskingError(
                code: .tooLarge, message: "the value is too large for noise rounded to steps of 1/\(scale)")
        }
        let lowest = Int((scaled - reach).rounded(.up))
        let highest = Int((scaled + reach).rounded(.down))
        // The grid value that is the input, or within rounding error of it
        // (`3 * 0.1` for 0.3), is not a choice: it would hand the input back.
        let nearest = Int(scaled.rounded())
        let isInput = abs(scaled - Double(nearest)) <= 4 * max(abs(scaled), 1).ulp || Double(nearest) / scale == value
        let excluded: Int? = lowest <= nearest && nearest <= highest && isInput ? nearest : nil
        let choices = highest - lowest + 1 - (excluded == nil ? 0 : 1)
        guard choices > 0 else {
            throw MaskingError(
                code: .tooLarge, message: "no grid value within ±\(maximumAbsolute) differs from the value")
        }
        var pick = lowest + Int(draw % UInt64(choices))
        if let excluded, pick >= excluded { pick += 1 }
        // Dividing by an exact power of ten gives the nearest Double to pick / 10^d.
        return Double(pick) / scale
    }

    /// `NumericNoise(key: id, ±max, rounding)`; never key material.
    public var description: String {
        "NumericNoise(key: \(keyID), ±\(maximumAbsolute), rounding: \(rounding))"
    }
}
