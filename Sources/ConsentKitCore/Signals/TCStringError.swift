/// An IAB TCF v2 TC string could not be decoded.
///
/// The code is opaque so new kinds can be added without breaking callers:
/// compare `error.code` with the static codes. `segment` and `bitOffset` say
/// where the problem is (bit 0 is the first bit of that dot-separated segment,
/// so character `bitOffset / 6` of the segment holds it), `field` names the
/// TCF field that was being read, and `message` explains it for a human.
public struct TCStringError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case empty, tooLong, invalidCharacter, invalidPadding, truncated, unsupportedVersion
            case invalidValue, vendorIDOutOfRange, invalidRange, rangesOutOfOrder, rangesOverlap
            case trailingData, unknownSegment, duplicateSegment
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The string, or one of its dot-separated segments, was empty.
        public static let empty = Code(.empty)
        /// The string was longer than ``TCString/maximumEncodedLength``; nothing was decoded.
        public static let tooLong = Code(.tooLong)
        /// A character outside the web-safe base64 alphabet (`A–Z a–z 0–9 - _`, plus `.` between segments).
        public static let invalidCharacter = Code(.invalidCharacter)
        /// `=` padding that does not complete a group of four characters.
        public static let invalidPadding = Code(.invalidPadding)
        /// The bits ran out in the middle of a field.
        public static let truncated = Code(.truncated)
        /// The core segment's version is not 2 (TCF v1 strings start with `B`).
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A field held a value the specification does not define, such as a
        /// language letter past `Z`, vendor ID 0 or restriction type 3.
        public static let invalidValue = Code(.invalidValue)
        /// A range entry named a vendor above the section's `MaxVendorId`.
        public static let vendorIDOutOfRange = Code(.vendorIDOutOfRange)
        /// A range entry ended before it started.
        public static let invalidRange = Code(.invalidRange)
        /// A range entry started below the previous entry.
        public static let rangesOutOfOrder = Code(.rangesOutOfOrder)
        /// A range entry repeated vendors of the previous entry.
        public static let rangesOverlap = Code(.rangesOverlap)
        /// Set bits followed the last field of a segment (zero padding is accepted).
        public static let trailingData = Code(.trailingData)
        /// A segment had a type that is not disclosed vendors (1), allowed vendors (2) or publisher TC (3).
        public static let unknownSegment = Code(.unknownSegment)
        /// The same segment type appeared twice.
        public static let duplicateSegment = Code(.duplicateSegment)

        /// The code's name, for example `truncated`.
        public var description: String { String(describing: base) }
    }

    /// The kind of problem.
    public let code: Code
    /// The index of the dot-separated segment (0 is the core segment).
    public let segment: Int
    /// The bit offset within the segment where the problem starts, when one applies.
    public let bitOffset: Int?
    /// The TCF field being read, in the specification's spelling, for example `"VendorConsents.MaxVendorId"`.
    public let field: String?
    /// A human-readable explanation naming the offending input.
    public let message: String

    /// Creates an error; the decoder uses the internal factories.
    public init(code: Code, segment: Int, bitOffset: Int?, field: String?, message: String) {
        self.code = code
        self.segment = segment
        self.bitOffset = bitOffset
        self.field = field
        self.message = message
    }

    /// "invalid TC string: <message> (segment, bit, field)".
    public var description: String {
        var location = "segment \(segment)"
        if let bitOffset { location += ", bit \(bitOffset)" }
        if let field { location += ", field \(field)" }
        return "invalid TC string: \(message) (\(location))"
    }
}

extension TCStringError {
    static func truncated(_ overrun: BitReader.Overrun, segment: Int, field: StaticString) -> TCStringError {
        TCStringError(
            code: .truncated, segment: segment, bitOffset: overrun.bitOffset, field: "\(field)",
            message: "\(field) needs \(overrun.requested) bits but only \(overrun.available) remain")
    }

    static func invalidValue(
        _ value: some BinaryInteger, segment: Int, bitOffset: Int, field: StaticString, expected: String
    ) -> TCStringError {
        TCStringError(
            code: .invalidValue, segment: segment, bitOffset: bitOffset, field: "\(field)",
            message: "\(field) is \(value), expected \(expected)")
    }
}
