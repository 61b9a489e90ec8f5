// The tamper-evident audit log: appends in memory, and proofs in a log of
// a million entries. Targets (issue 4): append ≥ 200 k entries/s in memory;
// inclusion proof generation and verification in a 1 M-entry log ≤ 20 µs each.

import Benchmark
import ConsentKitCore

/// A million leaves, built once (about a second) by whichever proof
/// benchmark runs first, shared by the rest.
private let millionLeafTree: MerkleTree = {
    var tree = MerkleTree()
    tree.reserveCapacity(1 << 20)
    for number in 0..<1_000_000 {
        _ = withUnsafeBytes(of: UInt64(number).bigEndian) { tree.append(leafData: $0) }
    }
    return tree
}()

/// A typical entry: a consent grant by a service, pseudonymized subject,
/// purpose, two details (122 bytes encoded).
private func sampleEntry(_ number: Int) -> AuditEntry {
    do {
        return try AuditEntry(
            kind: .consent, actor: "checkout-service",
            subject: SubjectPseudonym(bytes: [UInt8](repeating: UInt8(truncatingIfNeeded: number), count: 32)),
            purpose: PurposeID("newsletter"), action: "grant", outcome: .success,
            details: ["notice": "v3", "channel": "web"], timestampMilliseconds: 1_767_225_600_000 + Int64(number))
    } catch {
        fatalError("benchmark entry is invalid: \(error)")
    }
}

/// Indices spread over the whole tree, fixed so runs compare.
private func spreadIndices(count: Int, below size: UInt64) -> [UInt64] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        // SplitMix64: cheap, deterministic, well spread.
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % size
    }
}

func auditBenchmarks() {
    let appendConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 2_000
    )
    let proofConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    // The log keeps growing across iterations, as a real one does; each
    // append returns the head's compact range, and the root is not hashed
    // unless read (the next benchmark reads it).
    Benchmark("Audit append, in memory", configuration: appendConfiguration) { benchmark, log in
        let entry = sampleEntry(1)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await log.append(entry).index)
        }
        benchmark.stopMeasurement()
    } setup: {
        AuditLog()
    }

    Benchmark("Audit append and read its tree head, in memory", configuration: appendConfiguration) { benchmark, log in
        let entry = sampleEntry(2)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await log.append(entry).treeHead.rootHash)
        }
        benchmark.stopMeasurement()
    } setup: {
        AuditLog()
    }

    Benchmark("Audit append, build and encode the entry, in memory", configuration: appendConfiguration) {
        benchmark, log in
        var number = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            number &+= 1
            blackHole(try await log.append(sampleEntry(number)).index)
        }
        benchmark.stopMeasurement()
    } setup: {
        AuditLog()
    }

    Benchmark(
        "Audit append, batches of 1,000, in memory",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one, maxDuration: .seconds(2),
            maxIterations: 2_000)
    ) { benchmark, setup in
        let (log, batch) = setup
        benchmark.startMeasurement()
        blackHole(try await log.append(contentsOf: batch).treeHead.rootHash)
        benchmark.stopMeasurement()
    } setup: {
        (AuditLog(), (0..<1_000).map(sampleEntry))
    }

    Benchmark("Merkle inclusion proof, 1 M leaves", configuration: proofConfiguration) { (benchmark: Benchmark, indices: [UInt64]) in
        let tree = millionLeafTree
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            blackHole(try tree.inclusionProof(forLeafAt: indices[iteration]))
        }
        benchmark.stopMeasurement()
    } setup: {
        _ = millionLeafTree.size
        return spreadIndices(count: 1_000, below: 1_000_000)
    }

    Benchmark("Merkle inclusion verify, 1 M leaves", configuration: proofConfiguration) {
        (benchmark: Benchmark, setup: ([InclusionProof], [MerkleHash], MerkleHash)) in
        let (proofs, leaves, root) = setup
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            try proofs[iteration].verify(leafHash: leaves[iteration], rootHash: root)
        }
        benchmark.stopMeasurement()
    } setup: {
        let tree = millionLeafTree
        let indices = spreadIndices(count: 1_000, below: tree.size)
        let proofs = try indices.map { try tree.inclusionProof(forLeafAt: $0) }
        let leaves = try indices.map { try tree.leafHash(at: $0) }
        return (proofs, leaves, tree.rootHash)
    }

    Benchmark("Merkle consistency proof, 1 M leaves", configuration: proofConfiguration) { (benchmark: Benchmark, sizes: [UInt64]) in
        let tree = millionLeafTree
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            blackHole(try tree.consistencyProof(fromSize: sizes[iteration]))
        }
        benchmark.stopMeasurement()
    } setup: {
        spreadIndices(count: 1_000, below: 999_999).map { $0 + 1 }
    }

    Benchmark("Merkle consistency verify, 1 M leaves", configuration: proofConfiguration) {
        (benchmark: Benchmark, setup: ([ConsistencyProof], [MerkleHash], MerkleHash)) in
        let (proofs, oldRoots, newRoot) = setup
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            try proofs[iteration].verify(oldRoot: oldRoots[iteration], newRoot: newRoot)
        }
        benchmark.stopMeasurement()
    } setup: {
        let tree = millionLeafTree
        let sizes = spreadIndices(count: 1_000, below: 999_999).map { $0 + 1 }
        let proofs = try sizes.map { try tree.consistencyProof(fromSize: $0) }
        let oldRoots = try sizes.map { try tree.rootHash(atSize: $0) }
        return (proofs, oldRoots, tree.rootHash)
    }
}
