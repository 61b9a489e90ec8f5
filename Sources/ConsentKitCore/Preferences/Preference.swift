#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One stored preference of a customer: what they said (or what was
/// observed or inferred), for which purpose, from where, and when.
///
/// A preference is bound to the purpose it serves: the
/// ``PreferenceCenter`` stores it only while that purpose is allowed and
/// hands it out only while it still is. Within one subject, the pair
/// (``purpose``, ``key``) is unique.
public struct Preference: Hashable, Sendable, Codable {
    /// What the preference is about, such as `topics`.
    public let key: PreferenceKey
    /// The value.
    public let value: PreferenceValue
    /// Where it came from: told, observed, inferred or bought.
    public let provenance: Provenance
    /// The purpose it serves, such as `newsletter`; usable only while that
    /// purpose is allowed for the subject.
    public let purpose: PurposeID
    /// When the preference was first recorded.
    public let recordedAt: Date
    /// When its value, provenance or source last changed (equal to
    /// ``recordedAt`` until then).
    public let updatedAt: Date
    /// Where it was captured, such as `web` or `call-center`.
    public let source: Channel

    /// Assembles a preference. The ``PreferenceCenter`` creates them; this
    /// initializer is also for storage adapters rebuilding stored values.
    /// - Throws: ``PreferenceError`` `.invalidValue` when the value breaks a
    ///   limit, `.invalidRequest` when `updatedAt` is before `recordedAt`.
    public init(
        key: PreferenceKey, value: PreferenceValue, provenance: Provenance, purpose: PurposeID, recordedAt: Date,
        updatedAt: Date, source: Channel
    ) throws(PreferenceError) {
        try value.validate(for: key)
        guard updatedAt >= recordedAt else {
            throw PreferenceError(
                code: .invalidRequest,
                message: "preference \"\(key)\" for \(purpose) is updated at \(updatedAt.timeIntervalSince1970), before it was recorded at \(recordedAt.timeIntervalSince1970)")
        }
        self.key = key
        self.value = value
        self.provenance = provenance
        self.purpose = purpose
        self.recordedAt = recordedAt
        self.updatedAt = updatedAt
        self.source = source
    }

    private enum CodingKeys: String, CodingKey {
        case key, value, provenance, purpose, recordedAt, updatedAt, source
    }

    /// Decodes and validates like ``init(key:value:provenance:purpose:recordedAt:updatedAt:source:)``;
    /// a value that breaks a limit is a `DecodingError.dataCorrupted` at `value`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                key: container.decode(PreferenceKey.self, forKey: .key),
                value: container.decode(PreferenceValue.self, forKey: .value),
                provenance: container.decode(Provenance.self, forKey: .provenance),
                purpose: container.decode(PurposeID.self, forKey: .purpose),
                recordedAt: container.decode(Date.self, forKey: .recordedAt),
                updatedAt: container.decode(Date.self, forKey: .updatedAt),
                source: container.decode(Channel.self, forKey: .source))
        } catch let error as PreferenceError {
            throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: error.description)
        }
    }

    /// The storage order every ``PreferenceStore`` returns: by purpose, then
    /// key, comparing UTF-8 bytes (a `COLLATE "C"` order in SQL).
    public static func storageOrder(_ lhs: Preference, _ rhs: Preference) -> Bool {
        if lhs.purpose != rhs.purpose {
            return lhs.purpose.rawValue.utf8.lexicographicallyPrecedes(rhs.purpose.rawValue.utf8)
        }
        return lhs.key.rawValue.utf8.lexicographicallyPrecedes(rhs.key.rawValue.utf8)
    }
}
