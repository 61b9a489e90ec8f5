/// Where customers' preferences are kept: one versioned set per subject.
///
/// ## Contract for adapters
/// - ``replacePreferences(of:with:expectedVersion:)`` is a compare-and-set:
///   it succeeds only if the subject's stored version equals
///   `expectedVersion` at the moment of writing (for example `UPDATE ...
///   WHERE version = $expected` in a transaction, or an insert guarded by a
///   unique key for version 0). It then stores exactly the given set,
///   replacing the previous one whole, and the version becomes
///   `expectedVersion + 1`. Otherwise it throws ``StorageError`` `.conflict`
///   and changes nothing. Several app instances may write concurrently: no
///   acknowledged write may be lost.
/// - A set holding the same (purpose, key) twice, or a negative
///   `expectedVersion`, throws `.invalidRequest` and changes nothing.
/// - ``preferences(of:)`` returns the latest acknowledged set
///   (read-your-writes) in ``Preference/storageOrder(_:_:)`` — purpose, then
///   key, by UTF-8 bytes — with every field exactly as written, dates to the
///   exact `Date` value.
/// - ``deletePreferences(of:)`` really deletes (GDPR erasure): afterwards the
///   subject reads as ``PreferenceSnapshot/empty`` and a new set starts at
///   version 1.
/// - Identifiers are compared byte for byte: no case folding, no Unicode
///   normalization.
///
/// `ConsentKitTesting.PreferenceStoreConformance` checks all of this.
public protocol PreferenceStore: Sendable {
    /// The subject's preferences and their version; ``PreferenceSnapshot/empty`` when none.
    func preferences(of subject: SubjectID) async throws -> PreferenceSnapshot

    /// Replaces the subject's whole set of preferences if its version is still
    /// `expectedVersion`; returns the new version, `expectedVersion + 1`.
    /// - Throws: ``StorageError`` `.conflict` when another write came first,
    ///   `.invalidRequest` for a duplicate (purpose, key) or a negative version.
    func replacePreferences(of subject: SubjectID, with preferences: [Preference], expectedVersion: Int) async throws -> Int

    /// Deletes every preference of the subject and its version; returns how
    /// many preferences were deleted.
    func deletePreferences(of subject: SubjectID) async throws -> Int
}

extension PreferenceStore {
    /// Checks a set for the `.invalidRequest` cases of the contract, for adapters to call first.
    /// - Throws: ``StorageError`` `.invalidRequest` naming the duplicate or the version.
    public func validateReplacement(_ preferences: [Preference], expectedVersion: Int, subject: SubjectID) throws {
        guard expectedVersion >= 0 else {
            throw StorageError(code: .invalidRequest, message: "expected version \(expectedVersion) of \(subject)'s preferences is negative")
        }
        var seen = Set<PreferenceSlot>()
        for preference in preferences where !seen.insert(PreferenceSlot(preference)).inserted {
            throw StorageError(
                code: .invalidRequest,
                message: "preference \"\(preference.key)\" for purpose \(preference.purpose) appears twice in the set for \(subject)")
        }
    }
}

/// The (purpose, key) pair that identifies a preference within one subject.
struct PreferenceSlot: Hashable {
    let purpose: PurposeID
    let key: PreferenceKey

    init(_ preference: Preference) {
        purpose = preference.purpose
        key = preference.key
    }

    init(purpose: PurposeID, key: PreferenceKey) {
        self.purpose = purpose
        self.key = key
    }
}
