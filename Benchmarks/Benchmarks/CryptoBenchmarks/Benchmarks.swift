// Throughput of the internal crypto core, reached through the Benchmarks SPI.
// Peer figures (OpenSSL) come from Scripts/compare-crypto.py in the same run.

import Benchmark
@_spi(Benchmarks) import ConsentKitCore

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 10_000_000
    )

    let mebibyte = [UInt8](repeating: 0xA5, count: 1 << 20)
    let kibibyte = [UInt8](repeating: 0x5A, count: 1 << 10)
    let sixtyFour = [UInt8](repeating: 0x61, count: 64)
    let thirtyTwo = [UInt8](repeating: 0x33, count: 32)
    let key32 = (0..<32).map { UInt8($0) }
    let nonce12 = [UInt8](repeating: 0x07, count: 12)

    Benchmark("SHA-256 64 B") { benchmark in
        sixtyFour.withUnsafeBytes { input in
            for _ in benchmark.scaledIterations {
                blackHole(CryptoBenchmarkSupport.sha256(input))
            }
        }
    }

    Benchmark("SHA-256 1 MiB", configuration: .init(maxDuration: .seconds(3), maxIterations: 2_000)) { benchmark in
        mebibyte.withUnsafeBytes { input in
            for _ in benchmark.scaledIterations {
                blackHole(CryptoBenchmarkSupport.sha256(input))
            }
        }
    }

    let hmacKey = CryptoBenchmarkSupport.HMACKey(key32)
    Benchmark("HMAC-SHA256 32 B, prepared key") { benchmark in
        thirtyTwo.withUnsafeBytes { message in
            for _ in benchmark.scaledIterations {
                blackHole(CryptoBenchmarkSupport.hmacSHA256(message, key: hmacKey))
            }
        }
    }

    Benchmark("HKDF-SHA256 32 B output") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try CryptoBenchmarkSupport.hkdfSHA256(
                    inputKeyMaterial: key32, salt: thirtyTwo, info: nonce12, outputByteCount: 32))
        }
    }

    Benchmark("ChaCha20 keystream 1 MiB", configuration: .init(maxDuration: .seconds(3), maxIterations: 5_000)) {
        benchmark in
        var output = [UInt8](repeating: 0, count: mebibyte.count)
        try mebibyte.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { output in
                try key32.withUnsafeBytes { key in
                    try nonce12.withUnsafeBytes { nonce in
                        for _ in benchmark.scaledIterations {
                            try CryptoBenchmarkSupport.chaCha20(input, into: output, key: key, nonce: nonce)
                        }
                        blackHole(output[0])
                    }
                }
            }
        }
    }

    Benchmark("ChaCha20-Poly1305 seal 1 KiB") { benchmark in
        var ciphertext = [UInt8](repeating: 0, count: kibibyte.count)
        var tag = [UInt8](repeating: 0, count: 16)
        try kibibyte.withUnsafeBytes { plaintext in
            try ciphertext.withUnsafeMutableBytes { ciphertext in
                try tag.withUnsafeMutableBytes { tag in
                    try key32.withUnsafeBytes { key in
                        try nonce12.withUnsafeBytes { nonce in
                            try thirtyTwo.withUnsafeBytes { aad in
                                for _ in benchmark.scaledIterations {
                                    try CryptoBenchmarkSupport.chaChaPolySeal(
                                        plaintext, into: ciphertext, tag: tag, key: key, nonce: nonce, aad: aad)
                                }
                                blackHole(tag[0])
                            }
                        }
                    }
                }
            }
        }
    }

    for keySize in [16, 32] {
        let cipher = try? CryptoBenchmarkSupport.AESCipher(key: Array(key32.prefix(keySize)))
        Benchmark("AES-\(keySize * 8) one block") { benchmark in
            guard let cipher else { return }
            var block: (UInt64, UInt64) = (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210)
            for _ in benchmark.scaledIterations {
                cipher.encryptBlock(&block)
            }
            blackHole(block.0)
        }

        Benchmark("AES-\(keySize * 8) 1 KiB of blocks (4 per pass)") { benchmark in
            guard let cipher else { return }
            var output = [UInt8](repeating: 0, count: kibibyte.count)
            try kibibyte.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { output in
                    for _ in benchmark.scaledIterations {
                        try cipher.encryptBlocks(input, into: output)
                    }
                }
            }
            blackHole(output[0])
        }
    }
}
