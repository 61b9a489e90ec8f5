// Building the RBAC large snapshot (model_b_test.go BenchmarkRBACModelLarge's
// 110,000 rules: 10,000 role rules, 100,000 user assignments) from scratch:
// compiling an RBACPolicy, and importing the Casbin policy lines before it.
// Target: compilation ≤ 1 s.

import Benchmark
import RBAC

func compileBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 20
    )

    Benchmark("Casbin RBAC large compile", configuration: configuration) { benchmark in
        guard let scenario = benchmark.prepared(CasbinScenarios.large) else { return }
        let policy = scenario.policy
        benchmark.startMeasurement()
        blackHole(try PolicySnapshot(compiling: policy))
        benchmark.stopMeasurement()
    }

    Benchmark("Casbin RBAC large import", configuration: configuration) { benchmark in
        guard let scenario = benchmark.prepared(CasbinScenarios.large) else { return }
        let csv = scenario.csv
        let model = scenario.model
        benchmark.startMeasurement()
        blackHole(try CasbinImporter.policy(fromCSV: csv, model: model))
        benchmark.stopMeasurement()
    }
}
