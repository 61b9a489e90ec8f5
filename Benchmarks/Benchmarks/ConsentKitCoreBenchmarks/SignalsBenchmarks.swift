// IAB signals (issue 6): decoding and encoding TC strings and GPP strings, and
// the vendor/purpose question a server asks on every request. Strings are
// official IAB test fixtures (Tests/ConsentKitCoreTests/Vectors/{tcf,gpp}).

import Benchmark
import ConsentKitCore

/// Vector 23 (iabtcf-es ReportedIssues.test.ts): TCF 2.2, range-encoded vendor
/// sections, a 1,524-bit disclosed-vendors bit field and a publisher-TC segment.
private let rangesAndDisclosed =
    "CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.IL6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.YIAAAAAAAAAA"

/// Vector 16 (iabgpp-es TcfEuV2.test.ts "decode 4"): bit-field vendor sections and
/// 434 disclosed vendors up to ID 791, like a consent-to-all cookie.
private let bitFields =
    "COv_eg6Ov_eg6AOADBENAaCgAP_AAH_AACiQAVEUQQoAIQAqIoghAAQgAA.YAAAAAAAAAAAAAAAAAA.IGLtV_T9fb2vj-_Z99_tkeYwf95y3p-wzhheMs-8NyZeH_B4Wv2MyvBX4JiQKGRgksjLBAQdtHGlcTQgBwIlViTLMYk2MjzNKJrJEilsbO2dYGD9Pn8HT3ZCY70-vv__7v3ff_3g"

/// iabgpp-es GppModel.test.ts: a GPP string with a US National section and GPC.
private let gppWithUSNat = "DBABLA~CVVVkkkkkpFY.YA"

private func decoded(_ string: String) -> TCString {
    do {
        return try TCString(decoding: string)
    } catch {
        fatalError("benchmark TC string does not decode: \(error)")
    }
}

func signalsBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    Benchmark("TC string decode, ranges + disclosed + publisher TC (335 chars)", configuration: configuration) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try TCString(decoding: rangesAndDisclosed))
        }
    }

    Benchmark("TC string decode, bit fields + 434 disclosed (215 chars)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try TCString(decoding: bitFields))
        }
    }

    let value = decoded(rangesAndDisclosed)
    Benchmark("TC string encode, ranges + disclosed + publisher TC", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(value.encoded())
        }
    }

    // The per-request question on an already decoded value: no allocation.
    let bitFieldValue = decoded(bitFields)
    Benchmark("TCF isVendorAllowed on a decoded string", configuration: configuration) { benchmark in
        for number in benchmark.scaledIterations {
            blackHole(
                bitFieldValue.isVendorAllowed(
                    vendor: 1 + number % 800, purpose: 1 + number % 10, registration: .flexibleLegitimateInterest))
        }
    }

    Benchmark("GPP decode + usnat signal", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try GPPString(decoding: gppWithUSNat).usNat()?.signal)
        }
    }
}
