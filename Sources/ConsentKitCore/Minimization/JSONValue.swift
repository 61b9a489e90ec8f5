/// A JSON document as a Swift value: what a request body, a stored record or
/// any `Codable` value looks like once ConsentKit works on it.
///
/// Shared Core vocabulary: minimization keeps and drops its fields, masking
/// rewrites them. Build one from bytes with `JSONValue(parsing:limits:)`, from any
/// `Encodable` with ``JSONValueEncoder``, or with literals:
///
/// ```swift
/// let signUp: JSONValue = [
///     "name": "Ada Lovelace",
///     "email": "ada@example.com",
///     "birthday": "1815-12-10",
///     "phone": nil,
///     "topics": ["maths", "engines"],
/// ]
/// ```
///
/// Numbers are IEEE 754 doubles, as in JavaScript and I-JSON (RFC 7493):
/// integers are exact up to ±2⁵³, and ``JSONValueEncoder`` refuses integers it
/// could not represent exactly rather than round them. Numbers are finite:
/// JSON has no NaN or infinity. Objects are unordered, like JSON objects;
/// ``jsonString`` writes their keys sorted so equal values print equally.
///
/// `JSONValue` is `Codable` as plain JSON: `JSONEncoder().encode(value)`
/// writes the document itself, not a tagged enum.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number; finite.
    case number(Double)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; keys are unique.
    case object([String: JSONValue])
}

// MARK: - Reading

extension JSONValue {
    /// The object's member named `key`, or `nil` when this is not an object
    /// or has no such member. O(1).
    ///
    /// A member holding `null` is `.some(.null)`: compare with `.null`, since
    /// a bare `nil` literal means "no such member" here.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The array's element at `index`, or `nil` when this is not an array or
    /// `index` is out of bounds (never traps). O(1).
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The value at `path`, reading one object member per segment, or `nil`
    /// when a member is missing or a value on the way is not an object.
    /// A `*` segment is read as a literal key here, not as a wildcard.
    public subscript(path: FieldPath) -> JSONValue? {
        var current = self
        for segment in path.segments {
            guard case .object(let members) = current, let next = members[segment] else { return nil }
            current = next
        }
        return current
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The boolean, or `nil` when this is not a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, or `nil` when this is not a number.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The string, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, or `nil` when this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, or `nil` when this is not an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The JSON type name (`"null"`, `"boolean"`, `"number"`, `"string"`,
    /// `"array"`, `"object"`), for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` is `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// An integer, stored as a double (exact up to ±2⁵³).
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// An object. A key given twice keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Codable

extension JSONValue: Codable {
    /// Decodes whatever JSON value the decoder holds. With ``JSONValueDecoder``
    /// this is a copy; with other decoders it tries null, boolean, number,
    /// string, array and object in that order.
    /// - Throws: `DecodingError.dataCorrupted` when the value is none of these.
    public init(from decoder: any Decoder) throws {
        if let direct = decoder as? JSONValueDecoding {
            self = direct.value
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the plain JSON value (an object as a keyed container, an array
    /// as an unkeyed one).
    /// - Throws: `EncodingError.invalidValue` for a non-finite number, or what
    ///   the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            guard value.isFinite else {
                throw EncodingError.invalidValue(
                    value, .init(codingPath: encoder.codingPath, debugDescription: "JSON numbers are finite, not \(value)"))
            }
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements {
                try container.encode(element)
            }
        case .object(let members):
            var container = encoder.container(keyedBy: JSONValueCodingKey.self)
            for (key, value) in members {
                try container.encode(value, forKey: JSONValueCodingKey(key))
            }
        }
    }
}

// MARK: - Printing

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text, keys sorted; see ``jsonString``.
    public var description: String { jsonString }

    /// The value as compact JSON text with object keys sorted, so equal
    /// values print equally. Strings are escaped per RFC 8259 (`"`, `\`,
    /// control characters); everything else is written as UTF-8. Numbers
    /// that are whole and within ±2⁵³ print without a fraction (`3`, not
    /// `3.0`). O(size of the value).
    public var jsonString: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value): output += Self.numberText(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key, default: .null].write(to: &output)
            }
            output += "}"
        }
    }

    static func numberText(_ value: Double) -> String {
        if value.isFinite, value.rounded(.towardZero) == value, abs(value) <= 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
