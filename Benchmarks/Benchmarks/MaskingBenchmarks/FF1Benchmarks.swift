// FF1 (NIST SP 800-38G) on a 16-digit card number with AES-128 and a 17-byte
// tweak. compare-masking.py times the PyPI `fpe` package on the same key,
// tweak and input (its FF1 takes AES-128 keys only).

import Benchmark
import Masking

/// The key, tweak and input shared with the peer in compare-masking.py.
enum FF1BenchmarkInput {
    static let key = (0..<16).map { UInt8($0) }
    static let tweak = Array("acme/payment.card".utf8)
    static let card = "4111111111111111"
    /// What the `fpe` peer (which reproduces the NIST samples) returns for
    /// the same key, tweak and card: both sides must compute the same thing.
    static let peerCiphertext = "5055593488655961"
}

func ff1Benchmarks() {
    let tweak = FF1BenchmarkInput.tweak
    let card = FF1BenchmarkInput.card
    let setup = Result { () throws -> FF1 in
        let ff1 = try FF1(key: FF1BenchmarkInput.key, alphabet: .digits)
        let ciphertext = try ff1.encrypt(card, tweak: tweak)
        guard ciphertext == FF1BenchmarkInput.peerCiphertext else {
            throw BenchmarkSetupError("FF1 gives \(ciphertext), the fpe peer \(FF1BenchmarkInput.peerCiphertext)")
        }
        return ff1
    }

    Benchmark("FF1 encrypt, 16 digits, AES-128", configuration: maskingConfiguration) { benchmark in
        guard let ff1 = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try ff1.encrypt(card, tweak: tweak))
        }
    }

    let numerals = card.compactMap { $0.wholeNumberValue }
    Benchmark("FF1 encrypt, 16 numerals (no text conversion), AES-128", configuration: maskingConfiguration) {
        benchmark in
        guard let ff1 = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try ff1.encrypt(numerals: numerals, tweak: tweak))
        }
    }
}

/// A setup check that failed, reported through `Benchmark.error`.
struct BenchmarkSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
