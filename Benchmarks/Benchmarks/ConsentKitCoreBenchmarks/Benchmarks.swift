// ConsentKitCore on a request's hot path and in the background: consent
// decisions and ledger reads, IAB signal decoding, audit appends and proofs,
// consent receipts, minimization.
// Each area registers its benchmarks from its own file.

import Benchmark

let benchmarks: @Sendable () -> Void = {
    ledgerBenchmarks()
    signalsBenchmarks()
    auditBenchmarks()
    receiptBenchmarks()
    minimizationBenchmarks()
}
