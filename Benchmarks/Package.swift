// swift-tools-version: 6.1

import PackageDescription

// Benchmarks live in their own package so the SDK keeps zero dependencies.
// Run: `swift package --allow-writing-to-package-directory benchmark` from this folder.
let package = Package(
    name: "ConsentKitBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ConsentKit", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CryptoBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ConsentKitCore", package: "ConsentKit"),
            ],
            path: "Benchmarks/CryptoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "MaskingBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Masking", package: "ConsentKit"),
                .product(name: "ConsentKitCore", package: "ConsentKit"),
            ],
            path: "Benchmarks/MaskingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ConsentKitCoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ConsentKitCore", package: "ConsentKit"),
            ],
            path: "Benchmarks/ConsentKitCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RBACBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ConsentKitCore", package: "ConsentKit"),
                .product(name: "RBAC", package: "ConsentKit"),
            ],
            path: "Benchmarks/RBACBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
