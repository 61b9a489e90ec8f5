/// A recursive-descent JSON parser over a byte buffer. Recursion depth is
/// bounded by `limits.maximumDepth`.
struct JSONTextParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: MinimizationLimits
    private var index = 0
    private var nodes = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: MinimizationLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() throws(MinimizationError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw malformed("unexpected \(describeByte()) after the JSON value") }
        return value
    }

    private func malformed(_ message: String) -> MinimizationError {
        MinimizationError(code: .malformedJSON, message: "\(message) at byte offset \(index)")
    }

    private func describeByte() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "character \"\(Character(Unicode.Scalar(byte)))\"" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(MinimizationError) -> JSONValue {
        nodes += 1
        guard nodes <= limits.maximumNodeCount else { throw .tooManyNodes(limit: limits.maximumNodeCount) }
        guard index < bytes.count else { throw malformed("expected a value but found end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < limits.maximumDepth else { throw tooDeep() }
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < limits.maximumDepth else { throw tooDeep() }
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw malformed("expected a value but found \(describeByte())")
        }
    }

    private func tooDeep() -> MinimizationError {
        MinimizationError(
            code: .tooDeep,
            message: "arrays and objects nest deeper than \(limits.maximumDepth) levels at byte offset \(index)")
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(MinimizationError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw malformed("truncated literal") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw malformed("expected a value but found \(describeByte())") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(MinimizationError) -> JSONValue {
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw malformed("expected a member name in quotes but found \(describeByte())")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw malformed("expected \":\" but found \(describeByte())")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            if members.updateValue(value, forKey: key) != nil {
                throw MinimizationError(
                    code: .malformedJSON, message: "the key \(key.debugDescription) is repeated at byte offset \(keyOffset)")
            }
            skipWhitespace()
            guard index < bytes.count else { throw malformed("expected \",\" or \"}\" but found end of input") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw malformed("expected \",\" or \"}\" but found \(describeByte())")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(MinimizationError) -> JSONValue {
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw malformed("expected \",\" or \"]\" but found end of input") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw malformed("expected \",\" or \"]\" but found \(describeByte())")
            }
        }
    }

    private mutating func parseString() throws(MinimizationError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let result = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                guard let result else {
                    index = start
                    throw malformed("invalid UTF-8 in a string")
                }
                index += 1
                return result
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw malformed("unescaped control character in a string") }
            index += 1
        }
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let result = String(validating: buffer, as: UTF8.self) else {
                    index = start
                    throw malformed("invalid UTF-8 in a string")
                }
                index += 1
                return result
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &buffer)
            default:
                guard byte >= 0x20 else { throw malformed("unescaped control character in a string") }
                buffer.append(byte)
                index += 1
            }
        }
        throw malformed("unterminated string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(MinimizationError) {
        guard index < bytes.count else { throw malformed("unterminated string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var code = try parseHex4()
            if (0xD800...0xDBFF).contains(code) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw malformed("a high surrogate escape not followed by a low one") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw malformed("a high surrogate escape not followed by a low one") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw malformed("a lone low surrogate escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw malformed("an invalid \\u escape") }
            buffer.append(contentsOf: UTF8.encode(scalar) ?? UTF8.EncodedScalar())
        default:
            index -= 1
            throw malformed("an invalid escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    private mutating func parseHex4() throws(MinimizationError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw malformed("a truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw malformed("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(MinimizationError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw malformed("a number needs digits") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw malformed("a number with a leading zero") }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw malformed("a fraction needs digits") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw malformed("an exponent needs digits") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            index = start
            throw malformed("the number \(text) is out of range")
        }
        return value
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}
