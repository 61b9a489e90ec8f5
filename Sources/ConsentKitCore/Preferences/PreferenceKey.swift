/// The name of a preference, such as `topics`, `channels`, `frequency` or `language`.
///
/// Keys are short machine names: 1 to 64 bytes of lower-case ASCII letters,
/// digits, `-`, `_` and `.`, starting with a letter, so they make safe
/// column names, JSON keys and log fields in every backend.
public struct PreferenceKey: ValidatedIdentifier {
    /// The longest key accepted, in bytes.
    public static let maximumByteCount = 64

    /// The key as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` `.empty`, `.tooLong`, `.controlCharacter`,
    ///   `.invalidCharacter` (anything but `a-z 0-9 - _ .`) or `.invalidFormat`
    ///   (not starting with a letter).
    public init(_ rawValue: String) throws(ValidationError) {
        let value = try IdentifierValidation.validate(rawValue, kind: "PreferenceKey")
        guard value.utf8.count <= Self.maximumByteCount else {
            throw ValidationError(
                code: .tooLong, kind: "PreferenceKey",
                message: "the value is \(value.utf8.count) UTF-8 bytes, the limit is \(Self.maximumByteCount)")
        }
        for (offset, byte) in value.utf8.enumerated() where !Self.isKeyByte(byte) {
            throw ValidationError(
                code: .invalidCharacter, kind: "PreferenceKey",
                message: "byte 0x\(String(byte, radix: 16)) at offset \(offset) in \(value.debugDescription) is not one of a-z 0-9 - _ .")
        }
        guard let first = value.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            throw ValidationError(
                code: .invalidFormat, kind: "PreferenceKey", message: "\(value.debugDescription) must start with a letter a-z")
        }
        self.rawValue = value
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// `topics`: the subjects the customer wants to hear about (a list).
    public static let topics = PreferenceKey(unchecked: "topics")
    /// `channels`: how the customer wants to be reached, such as `email` or `sms` (a list).
    public static let channels = PreferenceKey(unchecked: "channels")
    /// `frequency`: how often, such as `weekly` (text).
    public static let frequency = PreferenceKey(unchecked: "frequency")
    /// `language`: the language to address the customer in, a BCP 47 tag (text).
    public static let language = PreferenceKey(unchecked: "language")
}
