/// Decodes any `Decodable` type from a ``JSONValue``, without writing and
/// re-reading JSON text; the inverse of ``JSONValueEncoder``.
///
/// Typical use: minimize a request with a ``MinimizationPlan``, then decode
/// what was kept into the narrow type the purpose works with.
///
/// Conventions, matching ``JSONValueEncoder``:
/// - `Date` reads an ISO 8601 string (with or without fractional seconds and
///   with any UTC offset) or a number of seconds since 1970;
/// - `Data` reads a base64 string; `URL` a string `URL(string:)` accepts;
/// - integers read numbers that are whole and in range: `300` into an `Int8`
///   fails with `DecodingError.dataCorrupted` instead of wrapping or rounding;
/// - a missing member fails with `keyNotFound`, a `null` where a value is
///   needed with `valueNotFound`, another JSON type with `typeMismatch`;
///   `decodeIfPresent` reads both a missing member and `null` as `nil`.
///
/// Every error carries the coding path of the offending value.
public struct JSONValueDecoder: Sendable {
    /// Values handed to the decoded types as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder.
    public init() {}

    /// Decodes a `T` from `value`.
    /// - Throws: `DecodingError` naming the coding path of the first value
    ///   that does not fit, or whatever `T.init(from:)` throws.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        let decoder = JSONValueDecoding(value: value, userInfo: userInfo, parent: nil, component: .none)
        return try decoder.decodeValue(T.self, from: value, at: .none)
    }
}
