/// The value of a preference: text, a list of texts, a number or a yes/no.
///
/// Encoded as plain JSON — `"weekly"`, `["shoes", "bags"]`, `3`, `true` — so
/// stored documents stay readable; decoding anything else (an object, `null`,
/// a list holding a non-string) fails with a `DecodingError` naming the path.
public enum PreferenceValue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// A short text, such as `weekly` or `de-CH`.
    case text(String)
    /// A list of short texts, such as topics or channels; order is kept.
    case list([String])
    /// A finite number, such as a budget or a count.
    case number(Double)
    /// A yes/no, such as "show me sizes in EU units".
    case bool(Bool)

    /// The shape of a value, used by ``PreferenceSchema`` to type keys.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// ``PreferenceValue/text(_:)``.
        case text
        /// ``PreferenceValue/list(_:)``.
        case list
        /// ``PreferenceValue/number(_:)``.
        case number
        /// ``PreferenceValue/bool(_:)``.
        case bool

        /// A short human-readable form.
        public var description: String { rawValue }
    }

    /// The longest text (or list item) accepted, in UTF-8 bytes.
    public static let maximumTextByteCount = 1_024
    /// The most items a list may hold.
    public static let maximumListCount = 100

    /// This value's shape.
    public var kind: Kind {
        switch self {
        case .text: .text
        case .list: .list
        case .number: .number
        case .bool: .bool
        }
    }

    /// Checks the value's limits: texts and list items at most
    /// ``maximumTextByteCount`` bytes without control characters, lists at most
    /// ``maximumListCount`` items, numbers finite.
    /// - Throws: ``PreferenceError`` `.invalidValue` naming `key` and the problem.
    public func validate(for key: PreferenceKey) throws(PreferenceError) {
        switch self {
        case .text(let text):
            try Self.validate(text, key: key, position: nil)
        case .list(let items):
            guard items.count <= Self.maximumListCount else {
                throw .invalidValue(key, "the list has \(items.count) items, the limit is \(Self.maximumListCount)")
            }
            for (index, item) in items.enumerated() { try Self.validate(item, key: key, position: index) }
        case .number(let number):
            guard number.isFinite else { throw .invalidValue(key, "the number \(number) is not finite") }
        case .bool:
            break
        }
    }

    private static func validate(_ text: String, key: PreferenceKey, position: Int?) throws(PreferenceError) {
        let place = position.map { "item \($0)" } ?? "the text"
        guard text.utf8.count <= maximumTextByteCount else {
            throw .invalidValue(key, "\(place) is \(text.utf8.count) UTF-8 bytes, the limit is \(maximumTextByteCount)")
        }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw .invalidValue(key, "\(place) contains control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
    }

    /// Decodes a string, a boolean, a number or a list of strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let items = try? container.decode([String].self) {
            self = .list(items)
        } else {
            throw DecodingError.typeMismatch(
                PreferenceValue.self,
                DecodingError.Context(
                    codingPath: container.codingPath,
                    debugDescription: "expected a string, a list of strings, a number or a boolean"))
        }
    }

    /// Encodes the plain JSON value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        case .number(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        }
    }

    /// A short human-readable form.
    public var description: String {
        switch self {
        case .text(let text): text.debugDescription
        case .list(let items): "[" + items.map(\.debugDescription).joined(separator: ", ") + "]"
        case .number(let number): String(number)
        case .bool(let flag): String(flag)
        }
    }
}
