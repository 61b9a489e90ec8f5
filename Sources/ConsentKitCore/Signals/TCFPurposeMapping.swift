internal import ConsentKitCrypto

/// Maps IAB TCF purposes to the purposes of your ``PurposeID`` catalog, and
/// answers which catalog purposes a TC string allows for one vendor.
///
/// A catalog purpose may need several TCF purposes (personalized ads need TCF
/// purposes 3 and 4 under TCF 2.2): it is allowed only when **every** TCF
/// purpose it needs is allowed. Catalog purposes the mapping does not mention
/// are never allowed by it, so an unmapped purpose stays denied by default.
///
/// ```swift
/// let mapping = try TCFPurposeMapping([
///     1: try PurposeID("device.storage"),
///     3: try PurposeID("ads.personalized"), 4: try PurposeID("ads.personalized"),
///     8: try PurposeID("measurement"),
/// ])
/// let resolution = try mapping.resolve(cookieValue, vendor: 755)
/// resolution.allowed        // Set<PurposeID>
/// resolution.evidenceHash   // SHA-256 hex of the string as received
/// ```
public struct TCFPurposeMapping: Sendable, Hashable {
    /// For each catalog purpose, the TCF purposes (1...24) it needs.
    public let requirements: [PurposeID: TCFIDSet]
    /// Every TCF purpose some catalog purpose needs.
    public let tcfPurposes: TCFIDSet

    /// A mapping from TCF purpose numbers to catalog purposes. Several TCF
    /// purposes may map to the same catalog purpose; it then needs all of them.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` for a TCF purpose outside 1...24.
    public init(_ mapping: [Int: PurposeID]) throws(ValidationError) {
        var requirements: [PurposeID: TCFIDSet] = [:]
        for (tcfPurpose, purpose) in mapping {
            guard (1...24).contains(tcfPurpose) else {
                throw ValidationError(
                    code: .invalidFormat, kind: "TCFPurposeMapping",
                    message: "TCF purpose \(tcfPurpose) (for \(purpose)) is outside 1...24")
            }
            requirements[purpose, default: TCFIDSet()].insert(tcfPurpose)
        }
        self.init(validated: requirements)
    }

    /// A mapping that states, for each catalog purpose, the TCF purposes it needs.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` for an empty set or a
    ///   TCF purpose above 24.
    public init(requirements: [PurposeID: TCFIDSet]) throws(ValidationError) {
        for (purpose, needed) in requirements {
            guard !needed.isEmpty, needed.highestID <= 24 else {
                throw ValidationError(
                    code: .invalidFormat, kind: "TCFPurposeMapping",
                    message: "\(purpose) needs TCF purposes \(needed); give 1 to 24 purposes within 1...24")
            }
        }
        self.init(validated: requirements)
    }

    private init(validated requirements: [PurposeID: TCFIDSet]) {
        self.requirements = requirements
        var all = TCFIDSet()
        for needed in requirements.values { all = TCFIDSet(bitmask: all.bitmask | needed.bitmask) }
        tcfPurposes = all
    }

    /// The catalog purposes `tcString` allows for `vendor`.
    ///
    /// - Parameters:
    ///   - tcString: the decoded string.
    ///   - vendor: the vendor's Global Vendor List ID (your own, when you are the vendor).
    ///   - registrations: how the vendor declared each TCF purpose in the Global
    ///     Vendor List; a purpose not listed counts as `.consent`.
    /// - Complexity: one ``TCString/isVendorAllowed(vendor:purpose:registration:)``
    ///   per mapped TCF purpose, then one set insertion per allowed catalog purpose.
    public func allowedPurposes(
        in tcString: TCString, vendor: Int, registrations: [Int: TCFPurposeRegistration] = [:]
    ) -> Set<PurposeID> {
        let allowedTCF = allowedTCFPurposes(in: tcString, vendor: vendor, registrations: registrations)
        var allowed = Set<PurposeID>()
        for (purpose, needed) in requirements where needed.subtracting(allowedTCF).isEmpty {
            allowed.insert(purpose)
        }
        return allowed
    }

    /// Decodes `encoded`, answers for `vendor`, and hashes the string as evidence.
    ///
    /// - Parameters:
    ///   - encoded: the TC string exactly as received (after URL decoding);
    ///     its UTF-8 bytes are what ``Resolution/evidenceHash`` commits to.
    ///   - vendor: the vendor's Global Vendor List ID.
    ///   - registrations: as in ``allowedPurposes(in:vendor:registrations:)``.
    /// - Throws: ``TCStringError`` when the string does not decode.
    public func resolve(
        _ encoded: String, vendor: Int, registrations: [Int: TCFPurposeRegistration] = [:]
    ) throws(TCStringError) -> Resolution {
        let tcString = try TCString(decoding: encoded)
        var permissions: [Int: TCFPermission] = [:]
        for tcfPurpose in tcfPurposes {
            permissions[tcfPurpose] = tcString.isVendorAllowed(
                vendor: vendor, purpose: tcfPurpose, registration: registrations[tcfPurpose] ?? .consent)
        }
        var allowedTCF = TCFIDSet()
        for (tcfPurpose, permission) in permissions where permission.isAllowed { allowedTCF.insert(tcfPurpose) }
        var allowed = Set<PurposeID>()
        var denied = Set<PurposeID>()
        for (purpose, needed) in requirements {
            if needed.subtracting(allowedTCF).isEmpty {
                allowed.insert(purpose)
            } else {
                denied.insert(purpose)
            }
        }
        return Resolution(
            tcString: tcString, vendor: vendor, allowed: allowed, denied: denied, permissions: permissions,
            evidenceHash: Self.evidenceHash(of: encoded))
    }

    /// The SHA-256 of `encoded`'s UTF-8 bytes as 64 lower-case hex digits: the
    /// evidence a consent record keeps instead of the string itself.
    public static func evidenceHash(of encoded: String) -> String {
        SHA256.hash(encoded.utf8).hexString
    }

    private func allowedTCFPurposes(
        in tcString: TCString, vendor: Int, registrations: [Int: TCFPurposeRegistration]
    ) -> TCFIDSet {
        var allowed = TCFIDSet()
        for tcfPurpose in tcfPurposes
        where tcString.isVendorAllowed(
            vendor: vendor, purpose: tcfPurpose, registration: registrations[tcfPurpose] ?? .consent
        ).isAllowed {
            allowed.insert(tcfPurpose)
        }
        return allowed
    }

    /// What one TC string allows one vendor, in catalog terms, with the evidence.
    public struct Resolution: Sendable, Hashable {
        /// The decoded string.
        public let tcString: TCString
        /// The vendor asked about.
        public let vendor: Int
        /// Catalog purposes whose TCF purposes are all allowed.
        public let allowed: Set<PurposeID>
        /// Mapped catalog purposes that are not allowed.
        public let denied: Set<PurposeID>
        /// The answer for each TCF purpose the mapping uses, with its reason.
        public let permissions: [Int: TCFPermission]
        /// SHA-256 hex of the string as received; see ``TCFPurposeMapping/evidenceHash(of:)``.
        public let evidenceHash: String
    }
}
