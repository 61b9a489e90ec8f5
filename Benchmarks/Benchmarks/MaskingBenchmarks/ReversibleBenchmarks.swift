// The reversible keyed strategies as a plan calls them: FF1 through
// `FormatPreservingEncryption` (key derived from a `MaskingKey`, the context
// as tweak) and AES-SIV through `DeterministicEncryption`. No peer; these
// show what the strategy adds over the bare FF1 of FF1Benchmarks.swift.

import Benchmark
import ConsentKitCore
import Masking

func reversibleBenchmarks() {
    struct Setup {
        let digits: FormatPreservingEncryption
        let creditCard: FormatPreservingEncryption
        let siv: DeterministicEncryption
        let context: MaskingContext
    }
    let setup = Result { () throws -> Setup in
        let key = try MaskingKey(id: MaskingKeyID("k1"), bytes: (0..<32).map { UInt8($0) })
        return Setup(
            digits: try FormatPreservingEncryption(key: key, format: .digits),
            creditCard: try FormatPreservingEncryption(key: key, format: .creditCard),
            siv: DeterministicEncryption(keyring: try MaskingKeyring(current: key)),
            context: MaskingContext(field: try FieldPath("payment.card"), tenant: try TenantID("acme")))
    }
    let digits = "4111111111111111"
    let card = "4111 1111 1111 1111"
    // 32 UTF-8 bytes.
    let value = "jane.doe.1987@mail.example.co.uk"

    Benchmark("FPE .digits, 16 digits, context tweak", configuration: maskingConfiguration) { benchmark in
        guard let setup = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try setup.digits.encrypt(digits, context: setup.context))
        }
    }

    Benchmark("FPE .creditCard, 16-digit card with spaces, context tweak", configuration: maskingConfiguration) {
        benchmark in
        guard let setup = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try setup.creditCard.encrypt(card, context: setup.context))
        }
    }

    Benchmark("AES-SIV deterministic encryption, 32-byte value", configuration: maskingConfiguration) { benchmark in
        guard let setup = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try setup.siv.encrypt(value, context: setup.context))
        }
    }
}
