// RBAC decisions measured on Casbin's own benchmark scenarios
// (casbin/casbin model_b_test.go), so Scripts/compare-rbac.py can put
// ConsentKit next to Casbin Go and pycasbin from the same run. Targets (RBAC
// issue): `check` ≤ 100 ns median on RBAC large from a compiled snapshot,
// flat in the number of rules and allocation-free; compiling RBAC large
// ≤ 1 s; a full reload under load without a failed or torn check.
//
// Every policy is built as Casbin's benchmark builds it, written as Casbin
// policy lines and imported with CasbinImporter, so both sides decide the
// same rules. Each area registers its benchmarks from its own file;
// compare-rbac.py finds them by name: rename them there too.

import Benchmark

let benchmarks: @Sendable () -> Void = {
    checkBenchmarks()
    compileBenchmarks()
    reloadBenchmarks()
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
