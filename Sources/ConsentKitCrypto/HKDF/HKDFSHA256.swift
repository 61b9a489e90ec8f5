/// HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from input
/// keying material, then expand it into as many bytes as needed.
package enum HKDFSHA256 {
    /// The most output one expansion can produce: 255 blocks of 32 bytes (RFC 5869 §2.3).
    package static let maximumOutputByteCount = 255 * SHA256Digest.byteCount

    /// HKDF-Extract: `PRK = HMAC(salt, IKM)`. An empty salt means 32 zero bytes,
    /// which HMAC's zero padding makes identical to the empty key.
    package static func extract<Salt: Sequence<UInt8>, Material: Sequence<UInt8>>(
        salt: Salt,
        inputKeyMaterial: Material
    ) -> SHA256Digest {
        HMACSHA256.authenticationCode(for: inputKeyMaterial, using: HMACSHA256Key(salt))
    }

    /// HKDF-Expand: `outputByteCount` bytes of `T(1) ‖ T(2) ‖ …`.
    /// - Throws: `CryptoError` `.outputTooLong` above ``maximumOutputByteCount``,
    ///   `.invalidParameter` for a negative count.
    package static func expand<PRK: Sequence<UInt8>, Info: Sequence<UInt8>>(
        pseudoRandomKey: PRK,
        info: Info,
        outputByteCount: Int
    ) throws -> [UInt8] {
        guard outputByteCount >= 0 else {
            throw CryptoError.invalidParameter("HKDF output length must not be negative, got \(outputByteCount)")
        }
        guard outputByteCount <= maximumOutputByteCount else {
            throw CryptoError.outputTooLong(outputByteCount, maximum: maximumOutputByteCount, algorithm: "HKDF-SHA256")
        }
        let key = HMACSHA256Key(pseudoRandomKey)
        var output: [UInt8] = []
        output.reserveCapacity(outputByteCount)
        info.withContiguousBytes { info in
            var previous: SHA256Digest?
            var counter: UInt8 = 1
            while output.count < outputByteCount {
                var mac = HMACSHA256(key: key)
                if let previous { previous.withUnsafeBytes { mac.update($0) } }
                mac.update(info)
                withUnsafeBytes(of: counter) { mac.update($0) }
                let block = mac.finalize()
                block.withUnsafeBytes { output.append(contentsOf: $0.prefix(outputByteCount - output.count)) }
                previous = block
                counter &+= 1
            }
        }
        return output
    }

    /// Extract then expand in one call.
    /// - Throws: as ``expand(pseudoRandomKey:info:outputByteCount:)``.
    package static func deriveKey<Material: Sequence<UInt8>, Salt: Sequence<UInt8>, Info: Sequence<UInt8>>(
        inputKeyMaterial: Material,
        salt: Salt,
        info: Info,
        outputByteCount: Int
    ) throws -> SymmetricKey {
        let prk = extract(salt: salt, inputKeyMaterial: inputKeyMaterial)
        return SymmetricKey(bytes: try prk.withUnsafeBytes {
            try expand(pseudoRandomKey: $0, info: info, outputByteCount: outputByteCount)
        })
    }
}
