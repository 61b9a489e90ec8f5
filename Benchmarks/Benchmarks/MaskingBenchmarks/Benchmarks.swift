// Masking on the request path. FF1 target (masking issue): ≥ 200 k
// encryptions/s of a 16-digit number.

import Benchmark
import Masking

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )
    let key = (0..<16).map { UInt8($0) }
    let tweak = Array("acme/payment.card".utf8)
    let card = "4111111111111111"
    let ff1 = try? FF1(key: key, alphabet: .digits)

    Benchmark("FF1 encrypt, 16 digits, AES-128", configuration: configuration) { benchmark in
        guard let ff1 else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try ff1.encrypt(card, tweak: tweak))
        }
    }

    let numerals = card.compactMap { $0.wholeNumberValue }
    Benchmark("FF1 encrypt, 16 numerals (no text conversion), AES-128", configuration: configuration) { benchmark in
        guard let ff1 else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try ff1.encrypt(numerals: numerals, tweak: tweak))
        }
    }
}
