/// Turns any `Encodable` value directly into a ``JSONValue``, without
/// writing and re-reading JSON text.
///
/// The result is what `JSONEncoder` would write, as a value: structs and
/// dictionaries become objects, arrays become arrays, `nil` optionals are
/// left out (`encodeIfPresent`) or become `null` (`encodeNil`).
/// Foundation types follow the common JSON conventions:
///
/// | type | JSON |
/// |---|---|
/// | `Date` | ISO 8601 string in UTC, `2026-01-01T09:30:00Z`, with milliseconds (`…00.125Z`) when the date has a fraction of a second (precision below a millisecond is truncated); or seconds since 1970 with ``DateEncodingStrategy/secondsSince1970`` |
/// | `Data` | base64 string |
/// | `URL` | its absolute string |
/// | integers | numbers, when a `Double` represents them exactly (all of `Int32`, and `Int64` up to ±2⁵³ and beyond where exact) |
///
/// ``JSONValueDecoder`` reads all of these back.
///
/// Cost: one small allocation per nested value (struct, array, dictionary)
/// plus the containers of the result, and one hash per object member; no
/// text, no `Data`, no `Any`.
public struct JSONValueEncoder: Sendable {
    /// How `Date` values are written.
    public enum DateEncodingStrategy: Hashable, Sendable {
        /// An ISO 8601 string in UTC, with milliseconds when not whole (the default).
        case iso8601
        /// A number: seconds since 1970-01-01T00:00:00Z.
        case secondsSince1970
    }

    /// How `Date` values are written; ``DateEncodingStrategy/iso8601`` by default.
    public var dateEncodingStrategy: DateEncodingStrategy = .iso8601
    /// The deepest nesting of arrays and objects allowed (the top-level
    /// object is depth 1); deeper values fail with `EncodingError.invalidValue`.
    /// This also stops self-referencing object graphs. 512 by default.
    public var maximumDepth: Int = 512
    /// Values handed to the encoded types as `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates an encoder with the default options.
    public init() {}

    /// Encodes `value` as a JSON value.
    /// - Throws: `EncodingError.invalidValue` for a non-finite floating-point
    ///   number, an integer a `Double` cannot represent exactly, nesting deeper
    ///   than ``maximumDepth``, or containers used against the `Encoder`
    ///   contract; and whatever `value.encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let context = JSONValueEncoding.Context(
            dateStrategy: dateEncodingStrategy, maximumDepth: maximumDepth, maximumNodeCount: .max,
            userInfo: userInfo, automaton: nil)
        return try JSONValueEncoding.encode(value, context: context)
    }
}
