// swift-tools-version: 6.1

import PackageDescription

let package = Package(
    name: "ConsentKit",
    // Mutex (Synchronization) sets the floor on Apple platforms.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "ConsentKitCore", targets: ["ConsentKitCore"]),
        .library(name: "Masking", targets: ["Masking"]),
        .library(name: "RBAC", targets: ["RBAC"]),
        .library(name: "Retention", targets: ["Retention"]),
        .library(name: "AggregateAnalytics", targets: ["AggregateAnalytics"]),
        .library(name: "ConsentKitTesting", targets: ["ConsentKitTesting"]),
        .executable(name: "consentkit-demo", targets: ["consentkit-demo"]),
    ],
    targets: [
        // Internal: no product, exposed to the other targets with `package` access.
        .target(name: "ConsentKitCrypto"),
        .target(name: "ConsentKitCore", dependencies: ["ConsentKitCrypto"]),
        .target(name: "Masking", dependencies: ["ConsentKitCore", "ConsentKitCrypto"]),
        .target(name: "RBAC", dependencies: ["ConsentKitCore"]),
        .target(name: "Retention", dependencies: ["ConsentKitCore", "ConsentKitCrypto"]),
        .target(name: "AggregateAnalytics", dependencies: ["ConsentKitCore"]),
        .target(name: "ConsentKitTesting", dependencies: ["ConsentKitCore", "Masking", "RBAC"]),
        .executableTarget(
            name: "consentkit-demo",
            dependencies: ["ConsentKitCore", "Masking", "RBAC", "Retention", "AggregateAnalytics"]
        ),

        .testTarget(
            name: "ConsentKitCryptoTests",
            dependencies: ["ConsentKitCrypto"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "ConsentKitCoreTests",
            dependencies: ["ConsentKitCore", "ConsentKitTesting"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "MaskingTests",
            dependencies: ["Masking", "ConsentKitCore", "ConsentKitTesting"],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "RBACTests",
            dependencies: ["RBAC", "ConsentKitCore", "ConsentKitTesting"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "RetentionTests", dependencies: ["Retention", "ConsentKitCore"]),
        .testTarget(name: "AggregateAnalyticsTests", dependencies: ["AggregateAnalytics", "ConsentKitCore"]),
        .testTarget(name: "ConsentKitTestingTests", dependencies: ["ConsentKitTesting", "ConsentKitCore", "Masking", "RBAC"]),
    ]
)

// Strict settings, applied once to every target.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    // SE-0335: existential types are spelled `any P`.
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    // SE-0444: a member is visible only where its module is imported.
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    // SE-0409: imports are internal unless marked otherwise, so no dependency leaks into the public API.
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
