/// A GPP string, or one of its sections, could not be decoded.
///
/// The code is opaque so new kinds can be added; compare `error.code` with the
/// static codes. `section` is the index in the `~`-separated list (0 is the
/// header; `nil` when a section was decoded on its own), `subsection` the index
/// in that section's `.`-separated list, and `bitOffset` counts from the start
/// of that subsection.
public struct GPPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case empty, tooLong, invalidCharacter, truncated, unsupportedType, unsupportedVersion
            case invalidValue, sectionCountMismatch, emptySection, trailingData, unknownSubsection
            case duplicateSubsection
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The string or a required part of it was empty.
        public static let empty = Code(.empty)
        /// The string was longer than ``GPPString/maximumEncodedLength``; nothing was decoded.
        public static let tooLong = Code(.tooLong)
        /// A character outside the web-safe base64 alphabet.
        public static let invalidCharacter = Code(.invalidCharacter)
        /// The bits ran out in the middle of a field.
        public static let truncated = Code(.truncated)
        /// The header's type is not 3 (a string starting with `C` is a TC string, not GPP).
        public static let unsupportedType = Code(.unsupportedType)
        /// The header or section version is not one this SDK reads.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A field held a value the specification does not define (such as 3 in a 2-bit choice).
        public static let invalidValue = Code(.invalidValue)
        /// The header lists a different number of sections than the string carries.
        public static let sectionCountMismatch = Code(.sectionCountMismatch)
        /// A section between two `~` was empty.
        public static let emptySection = Code(.emptySection)
        /// Set bits followed the last field (zero padding is accepted).
        public static let trailingData = Code(.trailingData)
        /// A subsection type this SDK does not know.
        public static let unknownSubsection = Code(.unknownSubsection)
        /// The same subsection appeared twice.
        public static let duplicateSubsection = Code(.duplicateSubsection)

        /// The code's name, for example `truncated`.
        public var description: String { String(describing: base) }
    }

    /// The kind of problem.
    public let code: Code
    /// The index of the `~`-separated section (0 is the header), or `nil` for a section decoded on its own.
    public let section: Int?
    /// The index of the `.`-separated subsection within the section (0 is its core).
    public let subsection: Int
    /// The bit offset within the subsection where the problem starts, when one applies.
    public let bitOffset: Int?
    /// The field being read, in the specification's spelling.
    public let field: String?
    /// A human-readable explanation naming the offending input.
    public let message: String

    /// Creates an error; the decoders use the internal factories.
    public init(code: Code, section: Int?, subsection: Int, bitOffset: Int?, field: String?, message: String) {
        self.code = code
        self.section = section
        self.subsection = subsection
        self.bitOffset = bitOffset
        self.field = field
        self.message = message
    }

    /// "invalid GPP string: <message> (section, subsection, bit, field)".
    public var description: String {
        var location: [String] = []
        if let section { location.append("section \(section)") }
        location.append("subsection \(subsection)")
        if let bitOffset { location.append("bit \(bitOffset)") }
        if let field { location.append("field \(field)") }
        return "invalid GPP string: \(message) (\(location.joined(separator: ", ")))"
    }

    /// The same error placed in section `index` of a GPP string.
    func inSection(_ index: Int) -> GPPError {
        GPPError(
            code: code, section: index, subsection: subsection, bitOffset: bitOffset, field: field, message: message)
    }
}

extension GPPError {
    static func truncated(_ overrun: BitReader.Overrun, subsection: Int, field: StaticString) -> GPPError {
        GPPError(
            code: .truncated, section: nil, subsection: subsection, bitOffset: overrun.bitOffset, field: "\(field)",
            message: "\(field) needs \(overrun.requested) bits but only \(overrun.available) remain")
    }

    /// The base64 problem of a subsection as a ``GPPError``.
    static func base64(_ problem: WebSafeBase64.Problem, subsection: Int) -> GPPError {
        switch problem {
        case .invalidCharacter(let offset, let byte):
            GPPError(
                code: .invalidCharacter, section: nil, subsection: subsection, bitOffset: offset * 6, field: nil,
                message: "byte 0x\(String(byte, radix: 16)) at character \(offset) is not web-safe base64")
        case .invalidPadding(let offset):
            GPPError(
                code: .invalidCharacter, section: nil, subsection: subsection, bitOffset: offset * 6, field: nil,
                message: "'=' at character \(offset): GPP strings carry no padding")
        }
    }

    static func trailing(_ bits: BitReader, subsection: Int) -> GPPError? {
        guard let offset = bits.firstSetBitInRemainder() else { return nil }
        return GPPError(
            code: .trailingData, section: nil, subsection: subsection, bitOffset: offset, field: nil,
            message: "bit \(offset) is set after the last field at bit \(bits.position)")
    }
}

extension BitReader {
    /// Reads a `width`-bit field as an `Int`, naming it in the error.
    @inline(__always)
    mutating func int(_ width: Int, subsection: Int, _ field: StaticString) throws(GPPError) -> Int {
        do {
            return Int(truncatingIfNeeded: try read(width))
        } catch {
            throw GPPError.truncated(error, subsection: subsection, field: field)
        }
    }

    /// Reads a one-bit flag, naming it in the error.
    @inline(__always)
    mutating func bit(subsection: Int, _ field: StaticString) throws(GPPError) -> Bool {
        do {
            return try readBit()
        } catch {
            throw GPPError.truncated(error, subsection: subsection, field: field)
        }
    }

    /// Reads a Fibonacci-coded positive integer (Zeckendorf bits, lowest term
    /// first, ended by the second of two consecutive 1 bits). Code words longer
    /// than 32 bits (values from 3,524,578) are rejected.
    mutating func fibonacci(subsection: Int, _ field: StaticString) throws(GPPError) -> Int {
        let start = position
        var value = 0
        var current = 1
        var previous = 1
        var lastBit = false
        for _ in 0..<32 {
            let bit = try self.bit(subsection: subsection, field)
            if bit, lastBit { return value }
            if bit { value += current }
            lastBit = bit
            (previous, current) = (current, current + previous)
        }
        throw GPPError(
            code: .invalidValue, section: nil, subsection: subsection, bitOffset: start, field: "\(field)",
            message: "\(field) is a Fibonacci code word longer than 32 bits")
    }
}

extension BitWriter {
    /// Appends `value` (≥ 1) as a Fibonacci code word.
    mutating func writeFibonacci(_ value: Int) {
        var terms = [1, 2]
        while let last = terms.last, let beforeLast = terms.dropLast().last, last + beforeLast <= value {
            terms.append(last + beforeLast)
        }
        var bits = [Bool](repeating: false, count: terms.count)
        var remainder = value
        for index in stride(from: terms.count - 1, through: 0, by: -1) where terms[index] <= remainder {
            bits[index] = true
            remainder -= terms[index]
        }
        while bits.count > 1, bits.last == false { bits.removeLast() }
        for bit in bits { write(bit) }
        write(true)
    }
}
