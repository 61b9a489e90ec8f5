#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The `Decoder` behind ``JSONValueDecoder``: one instance per decoded value
/// that reads a container.
final class JSONValueDecoding: Decoder {
    let value: JSONValue
    private let options: [CodingUserInfoKey: any Sendable]
    private let parent: JSONValueDecoding?
    private let component: PathComponent

    init(value: JSONValue, userInfo: [CodingUserInfoKey: any Sendable], parent: JSONValueDecoding?, component: PathComponent) {
        self.value = value
        self.options = userInfo
        self.parent = parent
        self.component = component
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var current: JSONValueDecoding? = self
        while let decoder = current {
            if let key = decoder.component.key { path.append(key) }
            current = decoder.parent
        }
        return path.reversed()
    }

    func codingPath(appending component: PathComponent) -> [any CodingKey] {
        guard let key = component.key else { return codingPath }
        return codingPath + [key]
    }

    var userInfo: [CodingUserInfoKey: Any] { options }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw mismatch([String: JSONValue].self, found: value, at: .none)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw mismatch([JSONValue].self, found: value, at: .none)
        }
        return UnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(decoder: self)
    }

    // MARK: Conversions

    func mismatch(_ type: Any.Type, found: JSONValue, at component: PathComponent) -> DecodingError {
        if case .null = found {
            return DecodingError.valueNotFound(
                type, .init(codingPath: codingPath(appending: component), debugDescription: "Expected \(type) but found null."))
        }
        return DecodingError.typeMismatch(
            type,
            .init(codingPath: codingPath(appending: component), debugDescription: "Expected \(type) but found a \(found.typeName)."))
    }

    func corrupted(_ message: String, at component: PathComponent) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: codingPath(appending: component), debugDescription: message))
    }

    func bool(_ value: JSONValue, at component: PathComponent) throws -> Bool {
        guard case .bool(let result) = value else { throw mismatch(Bool.self, found: value, at: component) }
        return result
    }

    func string(_ value: JSONValue, at component: PathComponent) throws -> String {
        guard case .string(let result) = value else { throw mismatch(String.self, found: value, at: component) }
        return result
    }

    func double(_ value: JSONValue, at component: PathComponent) throws -> Double {
        guard case .number(let result) = value else { throw mismatch(Double.self, found: value, at: component) }
        return result
    }

    func float(_ value: JSONValue, at component: PathComponent) throws -> Float {
        let number = try double(value, at: component)
        let result = Float(number)
        guard result.isFinite || !number.isFinite else {
            throw corrupted("Number \(JSONValue.numberText(number)) does not fit in Float.", at: component)
        }
        return result
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, at component: PathComponent) throws -> I {
        guard case .number(let number) = value else { throw mismatch(I.self, found: value, at: component) }
        guard let result = I(exactly: number) else {
            throw corrupted("Number \(JSONValue.numberText(number)) does not fit in \(I.self).", at: component)
        }
        return result
    }

    /// Decodes a member or element, with the Foundation conventions.
    func decodeValue<T: Decodable>(_ type: T.Type, from value: JSONValue, at component: PathComponent) throws -> T {
        if T.self == JSONValue.self, let result = value as? T {
            return result
        }
        if T.self == Date.self {
            let date: Date
            switch value {
            case .string(let text):
                guard let parsed = JSONValueDateFormat.date(from: text) else {
                    throw corrupted("\(text.debugDescription) is not an ISO 8601 date-time.", at: component)
                }
                date = parsed
            case .number(let seconds):
                date = Date(timeIntervalSince1970: seconds)
            default:
                throw mismatch(Date.self, found: value, at: component)
            }
            if let result = date as? T { return result }
        }
        if T.self == Data.self {
            let text = try string(value, at: component)
            guard let data = Data(base64Encoded: text) else {
                throw corrupted("The string is not valid base64.", at: component)
            }
            if let result = data as? T { return result }
        }
        if T.self == URL.self {
            let text = try string(value, at: component)
            guard let url = URL(string: text) else {
                throw corrupted("\(text.debugDescription) is not a valid URL.", at: component)
            }
            if let result = url as? T { return result }
        }
        let decoder =
            component.isNone ? self : JSONValueDecoding(value: value, userInfo: options, parent: self, component: component)
        return try T(from: decoder)
    }
}

// MARK: - Containers

extension JSONValueDecoding {
    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: JSONValueDecoding
        let members: [String: JSONValue]

        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func member(_ key: Key) throws -> JSONValue {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key,
                    .init(codingPath: decoder.codingPath, debugDescription: "No value for key \(key.stringValue.debugDescription)."))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(member(key), at: .key(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            try decoder.string(member(key), at: .key(key))
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            try decoder.double(member(key), at: .key(key))
        }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.float(member(key), at: .key(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(type, member(key), at: .key(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(type, member(key), at: .key(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(type, member(key), at: .key(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
            try decoder.integer(type, member(key), at: .key(key))
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try decoder.decodeValue(type, from: member(key), at: .key(key))
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            let key = JSONValueCodingKey("super")
            return JSONValueDecoding(
                value: members[key.stringValue] ?? .null, userInfo: decoder.options, parent: decoder, component: .key(key))
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONValueDecoding(
                value: members[key.stringValue] ?? .null, userInfo: decoder.options, parent: decoder, component: .key(key))
        }

        private func child(_ key: Key) throws -> JSONValueDecoding {
            JSONValueDecoding(value: try member(key), userInfo: decoder.options, parent: decoder, component: .key(key))
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let decoder: JSONValueDecoding
        let elements: [JSONValue]
        private(set) var currentIndex = 0

        init(decoder: JSONValueDecoding, elements: [JSONValue]) {
            self.decoder = decoder
            self.elements = elements
        }

        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private mutating func next<T>(_ type: T.Type) throws -> (JSONValue, PathComponent) {
            guard currentIndex < elements.count else {
                throw DecodingError.valueNotFound(
                    type,
                    .init(
                        codingPath: decoder.codingPath(appending: .index(currentIndex)),
                        debugDescription: "Unkeyed container is at end."))
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], .index(currentIndex))
        }

        private mutating func read<T>(_ convert: (JSONValueDecoding, JSONValue, PathComponent) throws -> T) throws -> T {
            let (value, component) = try next(T.self)
            do {
                return try convert(decoder, value, component)
            } catch {
                // A failed read does not consume the element, as with JSONDecoder.
                currentIndex -= 1
                throw error
            }
        }

        mutating func decodeNil() throws -> Bool {
            let (value, _) = try next(JSONValue.self)
            if value.isNull { return true }
            currentIndex -= 1
            return false
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try read { try $0.bool($1, at: $2) } }
        mutating func decode(_ type: String.Type) throws -> String { try read { try $0.string($1, at: $2) } }
        mutating func decode(_ type: Double.Type) throws -> Double { try read { try $0.double($1, at: $2) } }
        mutating func decode(_ type: Float.Type) throws -> Float { try read { try $0.float($1, at: $2) } }
        mutating func decode(_ type: Int.Type) throws -> Int { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: Int128.Type) throws -> Int128 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try read { try $0.integer(type, $1, at: $2) } }
        mutating func decode(_ type: UInt128.Type) throws -> UInt128 {
            try read { try $0.integer(type, $1, at: $2) }
        }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try read { try $0.decodeValue(type, from: $1, at: $2) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try read { decoder, value, component in
                try JSONValueDecoding(value: value, userInfo: decoder.options, parent: decoder, component: component)
                    .container(keyedBy: type)
            }
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try read { decoder, value, component in
                try JSONValueDecoding(value: value, userInfo: decoder.options, parent: decoder, component: component)
                    .unkeyedContainer()
            }
        }

        mutating func superDecoder() throws -> any Decoder {
            try read { decoder, value, component in
                JSONValueDecoding(value: value, userInfo: decoder.options, parent: decoder, component: component)
            }
        }
    }

    struct SingleContainer: SingleValueDecodingContainer {
        let decoder: JSONValueDecoding

        var codingPath: [any CodingKey] { decoder.codingPath }
        private var value: JSONValue { decoder.value }

        func decodeNil() -> Bool { value.isNull }
        func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(value, at: .none) }
        func decode(_ type: String.Type) throws -> String { try decoder.string(value, at: .none) }
        func decode(_ type: Double.Type) throws -> Double { try decoder.double(value, at: .none) }
        func decode(_ type: Float.Type) throws -> Float { try decoder.float(value, at: .none) }
        func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type, value, at: .none) }
        func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: Int128.Type) throws -> Int128 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type, value, at: .none) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type, value, at: .none) }
        func decode(_ type: UInt128.Type) throws -> UInt128 { try decoder.integer(type, value, at: .none) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try decoder.decodeValue(type, from: value, at: .none)
        }
    }
}
