#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The identity of one consent event, used to make recording idempotent: a
/// client that retries with the same id gets the original event back instead
/// of a duplicate.
public struct ConsentEventID: ValidatedIdentifier {
    /// The identifier as given.
    public let rawValue: String

    /// Validates and wraps `rawValue`.
    /// - Throws: ``ValidationError`` with code `.empty`, `.tooLong` or `.controlCharacter`.
    public init(_ rawValue: String) throws(ValidationError) {
        self.rawValue = try IdentifierValidation.validate(rawValue, kind: "ConsentEventID")
    }

    /// A fresh random identifier (a UUID).
    public static func random() -> ConsentEventID {
        ConsentEventID(unchecked: UUID().uuidString.lowercased())
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }
}
