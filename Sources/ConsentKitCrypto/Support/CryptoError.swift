/// An error thrown by the ConsentKit crypto core.
///
/// The code is opaque so new failure kinds can be added without breaking callers;
/// compare against the static factories' codes, for example
/// `error.code == .authenticationFailure`.
package struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidKeySize, invalidNonceSize, invalidTagSize, authenticationFailure
            case outputTooLong, inputTooLong, invalidParameter
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A key had a length the algorithm does not accept.
        package static let invalidKeySize = Code(.invalidKeySize)
        /// A nonce had a length the algorithm does not accept.
        package static let invalidNonceSize = Code(.invalidNonceSize)
        /// An authentication tag had the wrong length.
        package static let invalidTagSize = Code(.invalidTagSize)
        /// A MAC or AEAD tag did not verify; no plaintext was released.
        package static let authenticationFailure = Code(.authenticationFailure)
        /// More output was requested than the construction can produce.
        package static let outputTooLong = Code(.outputTooLong)
        /// The input exceeds what the construction can process safely.
        package static let inputTooLong = Code(.inputTooLong)
        /// Another parameter was out of range.
        package static let invalidParameter = Code(.invalidParameter)

        package var description: String { String(describing: base) }
    }

    /// The kind of failure.
    package let code: Code
    /// A human-readable explanation naming the offending input (never secret bytes).
    package let message: String

    package var description: String { "CryptoError.\(code): \(message)" }

    /// A key of `actual` bytes was given where `expected` describes the accepted sizes.
    package static func invalidKeySize(_ actual: Int, expected: String, algorithm: String) -> CryptoError {
        CryptoError(code: .invalidKeySize, message: "\(algorithm) key must be \(expected) bytes, got \(actual)")
    }

    /// A nonce of `actual` bytes was given where `expected` bytes are required.
    package static func invalidNonceSize(_ actual: Int, expected: Int, algorithm: String) -> CryptoError {
        CryptoError(code: .invalidNonceSize, message: "\(algorithm) nonce must be \(expected) bytes, got \(actual)")
    }

    /// A tag of `actual` bytes was given where `expected` bytes are required.
    package static func invalidTagSize(_ actual: Int, expected: Int, algorithm: String) -> CryptoError {
        CryptoError(code: .invalidTagSize, message: "\(algorithm) tag must be \(expected) bytes, got \(actual)")
    }

    /// Verification of a tag failed.
    package static func authenticationFailure(_ algorithm: String) -> CryptoError {
        CryptoError(code: .authenticationFailure, message: "\(algorithm) authentication failed; nothing was decrypted")
    }

    /// More output than allowed was requested.
    package static func outputTooLong(_ requested: Int, maximum: Int, algorithm: String) -> CryptoError {
        CryptoError(code: .outputTooLong, message: "\(algorithm) can produce at most \(maximum) bytes, \(requested) requested")
    }

    /// The input is longer than the construction allows.
    package static func inputTooLong(_ length: Int, maximum: UInt64, algorithm: String) -> CryptoError {
        CryptoError(code: .inputTooLong, message: "\(algorithm) accepts at most \(maximum) bytes, got \(length)")
    }

    /// A parameter was outside its valid range.
    package static func invalidParameter(_ message: String) -> CryptoError {
        CryptoError(code: .invalidParameter, message: message)
    }
}
