// A full policy reload under load: while a second thread checks requests
// non-stop, an AccessController serving RBAC large compiles RBAC large with
// one more rule and swaps it in. Measured: the reload's wall clock; counted:
// the checks made meanwhile, and those that failed or saw a torn policy
// (target: none).
//
// The checker reads the snapshot in force, then checks against it a request
// both policies allow and one only the variant allows; the snapshot's version
// says which policy it must be. It also checks through the controller itself,
// which reads the snapshot on every call.

import Benchmark
import ConsentKitCore
import Foundation
import RBAC
import Synchronization

/// What the checker thread shares with the benchmark.
private final class CheckerCounters: Sendable {
    let stop = Atomic<Bool>(false)
    let checks = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let finished = DispatchSemaphore(value: 0)
}

func reloadBenchmarks() {
    let checksDuringReload = BenchmarkMetric.custom(
        "Checks during the reload", polarity: .prefersLarger, useScalingFactor: false)
    let failedChecks = BenchmarkMetric.custom("Failed or torn checks", polarity: .prefersSmaller, useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, checksDuringReload, failedChecks],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(20),
        maxIterations: 12
    )

    Benchmark("Casbin RBAC large reload under load", configuration: configuration) { benchmark in
        guard let base = benchmark.prepared(CasbinScenarios.large),
            let variant = benchmark.prepared(CasbinScenarios.largeVariant),
            let user = try? PrincipalID("user50001"), let read = try? AccessAction("read")
        else { return }
        // Version 0 serves the base policy; the reload makes version 1, the variant.
        let controller = AccessController(snapshot: base.snapshot)
        let counters = CheckerCounters()

        // A thread of its own: a task would compete with the benchmark for
        // the cooperative pool, which has one thread per core.
        Thread.detachNewThread {
            var failures = 0
            while !counters.stop.load(ordering: .relaxed) {
                let snapshot = controller.snapshot
                let isVariant = snapshot.version % 2 == 1
                for _ in 0..<500 {
                    if !snapshot.check(user, read, "data500") { failures += 1 }
                    if snapshot.check(user, read, "data999") != isVariant { failures += 1 }
                }
                if !controller.check(user, read, "data500") { failures += 1 }
                counters.checks.add(1_001, ordering: .relaxed)
            }
            counters.failures.store(failures, ordering: .relaxed)
            counters.finished.signal()
        }
        // Let the checker get going before the reload starts.
        while counters.checks.load(ordering: .relaxed) == 0 { Thread.sleep(forTimeInterval: 0.001) }

        let before = counters.checks.load(ordering: .relaxed)
        benchmark.startMeasurement()
        try controller.apply(variant.policy)
        benchmark.stopMeasurement()
        let during = counters.checks.load(ordering: .relaxed) - before

        counters.stop.store(true, ordering: .relaxed)
        counters.finished.wait()
        benchmark.measurement(checksDuringReload, during)
        benchmark.measurement(failedChecks, counters.failures.load(ordering: .relaxed))
        if counters.failures.load(ordering: .relaxed) > 0 {
            benchmark.error("\(counters.failures.load(ordering: .relaxed)) checks failed or saw a torn policy")
        }
    }
}
