import ConsentKitCore
import Masking
import Testing

@Suite("Numeric noise")
struct NumericNoiseTests {
    static let key = DateShiftTests.makeKey("noise-k1", fill: 0x33)
    static let salary = DateShiftTests.makeContext("employee.salary", tenant: "acme")

    @Test(arguments: [0.5, 1.0, 10.0, 1_000.0, 1e-6])
    func staysWithinTheBoundAndNeverReturnsTheInput(_ maximum: Double) throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: maximum)
        var random = DateShiftTests.SplitMix64(seed: 7)
        var above = 0
        for index in 0..<2_000 {
            let value = Double(Int64(bitPattern: random.next()) % 1_000_000) / 100
            let noisy = try noise.apply(to: value, recordKey: "record-\(index)", context: Self.salary)
            #expect(noisy != value)
            #expect(abs(noisy - value) <= maximum * (1 + 1e-12) + value.ulp)
            if noisy > value { above += 1 }
        }
        #expect((800...1_200).contains(above), "noise goes both ways")
    }

    @Test(arguments: [
        (NumericNoise.Rounding.integer, 1.0, 3.0), (.integer, 1.0, 1.0), (.decimals(2), 0.01, 0.05),
        (.decimals(0), 1.0, 5.0),
        (.decimals(1), 0.1, 2.5),
    ])
    func roundedOutputsAreOnTheGridWithinTheBoundAndNeverTheInput(
        _ rounding: NumericNoise.Rounding, _ step: Double, _ maximum: Double
    ) throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: maximum, rounding: rounding)
        var random = DateShiftTests.SplitMix64(seed: 9)
        var outputs = Set<Double>()
        for index in 0..<2_000 {
            // Half the inputs on the grid, half off it.
            let raw = Double(Int64(bitPattern: random.next()) % 100_000) * step
            let value = index.isMultiple(of: 2) ? raw : raw + step * 0.37
            let noisy = try noise.apply(to: value, recordKey: "r\(index)", context: Self.salary)
            // Not the input, nor the input's own grid value give or take binary rounding.
            #expect(abs(noisy - value) > step * 0.1)
            #expect(abs(noisy - value) <= maximum + step * 1e-9)
            let units = noisy / step
            #expect(abs(units - units.rounded()) < 1e-6, "\(noisy) is a multiple of \(step)")
            outputs.insert(noisy)
        }
        #expect(outputs.count > 2)
    }

    @Test func integerNoiseOfOneMovesAWholeNumberByExactlyOne() throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 1, rounding: .integer)
        var moves = Set<Double>()
        for index in 0..<200 {
            let noisy = try noise.apply(to: 42, recordKey: "r\(index)", context: Self.salary)
            moves.insert(noisy - 42)
        }
        #expect(moves == [-1, 1])
    }

    @Test func isDeterministicAndBoundToRecordKeyAndContext() throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 5_000)
        let value = 72_500.0
        let once = try noise.apply(to: value, recordKey: "e1", context: Self.salary)
        #expect(try noise.apply(to: value, recordKey: "e1", context: Self.salary) == once)
        #expect(
            try NumericNoise(key: Self.key, maximumAbsolute: 5_000).apply(
                to: value, recordKey: "e1", context: Self.salary) == once)
        let others = [
            try noise.apply(to: value, recordKey: "e2", context: Self.salary),
            try noise.apply(
                to: value, recordKey: "e1", context: DateShiftTests.makeContext("employee.bonus", tenant: "acme")),
            try noise.apply(
                to: value, recordKey: "e1", context: DateShiftTests.makeContext("employee.salary", tenant: "globex")),
            try noise.apply(
                to: value, recordKey: "e1",
                context: DateShiftTests.makeContext("employee.salary", tenant: "acme", purpose: "payroll")),
            try NumericNoise(key: DateShiftTests.otherKey, maximumAbsolute: 5_000).apply(
                to: value, recordKey: "e1", context: Self.salary),
        ]
        #expect(Set(others + [once]).count == others.count + 1)
    }

    @Test func roundingDecimalsPrintCleanly() throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 0.05, rounding: .decimals(2))
        for index in 0..<100 {
            let noisy = try noise.apply(to: 19.99, recordKey: "p\(index)", context: Self.salary)
            // Nearest Double to a two-decimal number: prints with at most two decimals.
            let text = "\(noisy)"
            let decimals = text.split(separator: ".").last.map(\.count) ?? 0
            #expect(decimals <= 2, "\(text)")
        }
    }

    @Test(arguments: [0.0, -1.0, .nan, .infinity, -.infinity])
    func nonPositiveOrNonFiniteBoundsAreRefused(_ maximum: Double) {
        let error = #expect(throws: MaskingError.self) { try NumericNoise(key: Self.key, maximumAbsolute: maximum) }
        #expect(error?.code == .invalidPolicy)
    }

    @Test(arguments: [
        (NumericNoise.Rounding.integer, 0.5), (.decimals(2), 0.001), (.decimals(-1), 10.0), (.decimals(16), 1.0),
    ])
    func boundsBelowTheRoundingStepAreRefused(_ rounding: NumericNoise.Rounding, _ maximum: Double) {
        let error = #expect(throws: MaskingError.self) {
            try NumericNoise(key: Self.key, maximumAbsolute: maximum, rounding: rounding)
        }
        #expect(error?.code == .invalidPolicy)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteInputsAreInvalidFormat(_ value: Double) throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 1)
        let error = #expect(throws: MaskingError.self) {
            try noise.apply(to: value, recordKey: "r", context: Self.salary)
        }
        #expect(error?.code == .invalidFormat)
    }

    @Test func inputsTooLargeForTheBoundAreRefusedNotReturned() throws {
        // No Double but 1e20 itself lies within ±1 of 1e20.
        let plain = try NumericNoise(key: Self.key, maximumAbsolute: 1)
        let error = #expect(throws: MaskingError.self) {
            try plain.apply(to: 1e20, recordKey: "r", context: Self.salary)
        }
        #expect(error?.code == .tooLarge)
        let rounded = try NumericNoise(key: Self.key, maximumAbsolute: 1, rounding: .integer)
        let roundedError = #expect(throws: MaskingError.self) {
            try rounded.apply(to: 1e17, recordKey: "r", context: Self.salary)
        }
        #expect(roundedError?.code == .tooLarge)
        // Near the largest Double the noise moves inward instead of overflowing.
        let wide = try NumericNoise(key: Self.key, maximumAbsolute: 1e300)
        for index in 0..<50 {
            let noisy = try wide.apply(to: .greatestFiniteMagnitude, recordKey: "r\(index)", context: Self.salary)
            #expect(noisy.isFinite && noisy < .greatestFiniteMagnitude)
        }
    }

    @Test func tinyNoiseStillMovesTheInput() throws {
        // The noise is far below the input's ulp: the output moves by one ulp.
        // 1e12 has an ulp of 2^-13 ≈ 1.2e-4: a fifth of the draws fall below half of it.
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 3e-4)
        var oneUlp = 0
        for index in 0..<200 {
            let noisy = try noise.apply(to: 1e12, recordKey: "r\(index)", context: Self.salary)
            #expect(noisy != 1e12)
            #expect(abs(noisy - 1e12) <= 3e-4 + 1e12.ulp)
            if abs(noisy - 1e12) == 1e12.ulp { oneUlp += 1 }
        }
        #expect(oneUlp > 0)
    }

    @Test func oversizedRecordKeysAreRefused() throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 1)
        let huge = String(repeating: "k", count: MaskingLimits.maximumValueByteCount + 1)
        let error = #expect(throws: MaskingError.self) { try noise.apply(to: 1, recordKey: huge, context: Self.salary) }
        #expect(error?.code == .tooLarge)
    }

    @Test func descriptionNamesTheKeyButNotItsMaterial() throws {
        let noise = try NumericNoise(key: Self.key, maximumAbsolute: 2.5, rounding: .integer)
        #expect(String(describing: noise) == "NumericNoise(key: noise-k1, ±2.5, rounding: integer)")
    }
}
