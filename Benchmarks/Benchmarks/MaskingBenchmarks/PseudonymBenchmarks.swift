// Keyed pseudonym (HMAC-SHA256, 16 bytes kept, base32, `k1:` key-id prefix)
// of a 32-byte value, through a pseudonymizer bound to its context once, as
// a plan does. Target: ≥ 1.5 M/s. compare-masking.py sets it beside OpenSSL's
// HMAC-SHA256 of 32 and 64 bytes, the primitive alone.

import Benchmark
import ConsentKitCore
import Masking

func pseudonymBenchmarks() {
    // 32 UTF-8 bytes.
    let value = "jane.doe.1987@mail.example.co.uk"
    let setup = Result { () throws -> BoundPseudonymizer in
        let key = try MaskingKey(id: MaskingKeyID("k1"), bytes: (0..<32).map { UInt8($0) })
        let pseudonymizer = try KeyedPseudonymizer(keyring: MaskingKeyring(current: key), byteCount: 16, encoding: .base32)
        let context = MaskingContext(
            field: try FieldPath("customer.email"), tenant: try TenantID("acme"), purpose: try PurposeID("analytics"))
        return pseudonymizer.bound(to: context)
    }

    Benchmark("Keyed pseudonym, 32-byte value", configuration: maskingConfiguration) { benchmark in
        guard let pseudonymizer = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try pseudonymizer.pseudonym(for: value))
        }
    }
}
