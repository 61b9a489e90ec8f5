// `PolicySnapshot.check` on each model_b_test.go scenario: the request Casbin
// checks there, against the compiled snapshot of the imported policy. For
// RBAC small, medium and large that request is denied, which makes Casbin
// consider every rule; the snapshot's cost should not move with the size.

import Benchmark
import RBAC

func checkBenchmarks() {
    // A thousand checks per measurement amortize the clock; the figures are per check.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    let scenarios: [(String, @Sendable () -> Result<CasbinScenario, any Error>)] = [
        ("Casbin ACL check", { CasbinScenarios.acl }),
        ("Casbin RBAC check", { CasbinScenarios.rbac }),
        ("Casbin RBAC small check", { CasbinScenarios.small }),
        ("Casbin RBAC medium check", { CasbinScenarios.medium }),
        ("Casbin RBAC large check", { CasbinScenarios.large }),
        ("Casbin RBAC sizes large check", { CasbinScenarios.sizesLarge }),
        ("Casbin RBAC with resource roles check", { CasbinScenarios.resourceRoles }),
        ("Casbin RBAC with domains check", { CasbinScenarios.domains }),
        ("Casbin RBAC with deny check", { CasbinScenarios.deny }),
    ]
    for (name, scenario) in scenarios {
        Benchmark(name, configuration: configuration) { benchmark in
            guard let scenario = benchmark.prepared(scenario()) else { return }
            let snapshot = scenario.snapshot
            // model_b_test.go checks one request, or (sizes) cycles through 17.
            let requests = scenario.requests
            // A wrapping index rather than `%`: a division would cost more than some checks.
            var next = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let request = requests[next]
                next = next + 1 == requests.count ? 0 : next + 1
                blackHole(snapshot.check(request.principal, request.action, request.resource, tenant: request.tenant))
            }
            benchmark.stopMeasurement()
        }
    }
}
