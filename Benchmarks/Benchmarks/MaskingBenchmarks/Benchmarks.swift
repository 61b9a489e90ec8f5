// Masking on the request path. Targets (masking issue, one core): a 20-field
// record plan ≥ 500 k records/s, a keyed pseudonym of a 32-byte value
// ≥ 1.5 M/s, FF1 on 16-digit numbers ≥ 200 k encryptions/s.
//
// Each area registers its benchmarks from its own file. Keys, plans and
// inputs are built outside the measured closures; every result goes to
// `blackHole`. Peer figures (the PyPI `fpe` FF1, Presidio's anonymizer,
// OpenSSL HMAC-SHA256) come from Scripts/compare-masking.py in the same run,
// which finds these benchmarks by name: rename them there too.

import Benchmark

let benchmarks: @Sendable () -> Void = {
    ff1Benchmarks()
    pseudonymBenchmarks()
    spanBenchmarks()
    reversibleBenchmarks()
    recordBenchmarks()
}

/// Shared by every masking benchmark: the figures are per operation (one
/// encryption, one pseudonym, one record), counted in thousands per
/// measurement so the clock's overhead is amortized. compare-masking.py
/// multiplies the throughput by the same 1,000.
var maskingConfiguration: Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )
}

extension Benchmark {
    /// The value built before the measurement, or `nil` after reporting why
    /// it could not be built, so a broken setup fails the run instead of
    /// timing an empty loop.
    func prepared<Value>(_ setup: Result<Value, any Error>) -> Value? {
        switch setup {
        case .success(let value):
            return value
        case .failure(let failure):
            error("setup failed: \(failure)")
            return nil
        }
    }
}
