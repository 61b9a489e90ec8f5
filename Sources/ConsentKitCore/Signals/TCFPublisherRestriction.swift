/// A publisher restriction from a TC string's core segment: for one purpose,
/// the listed vendors may not process at all, or must use a given legal basis.
///
/// Restrictions override a vendor's Global Vendor List declarations; see
/// ``TCString/isVendorAllowed(vendor:purpose:registration:)`` for how they combine.
public struct TCFPublisherRestriction: Sendable, Hashable, CustomStringConvertible {
    /// What the publisher requires (the 2-bit `RestrictionType`; value 3 is undefined and rejected).
    public enum RestrictionType: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// 0: the purpose is flatly not allowed for these vendors.
        case notAllowed = 0
        /// 1: these vendors must rely on consent (matters for vendors flexible on a legitimate-interest purpose).
        case requireConsent = 1
        /// 2: these vendors must rely on legitimate interest (matters for vendors flexible on a consent purpose).
        case requireLegitimateInterest = 2

        /// The type's meaning, for example `require consent`.
        public var description: String {
            switch self {
            case .notAllowed: "not allowed"
            case .requireConsent: "require consent"
            case .requireLegitimateInterest: "require legitimate interest"
            }
        }
    }

    /// The largest number of range entries one restriction can carry (a 12-bit count).
    public static let maximumRangeEntries = 4_095

    /// The TCF purpose (1...63, a 6-bit field) the restriction applies to.
    public let purpose: Int
    /// What the publisher requires.
    public let restrictionType: RestrictionType
    /// The restricted vendors. Their `maxVendorID` is the highest restricted ID:
    /// restrictions carry no `MaxVendorId` of their own.
    public let vendors: TCFVendorSet

    /// A restriction of `vendors` for `purpose`.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` when `purpose` is outside 1...63
    ///   or the vendors need more than 4,095 range entries.
    public init(purpose: Int, restrictionType: RestrictionType, vendors: some Sequence<Int>) throws(ValidationError) {
        let set = try TCFVendorSet(vendors)
        try self.init(purpose: purpose, restrictionType: restrictionType, vendorSet: set)
    }

    /// A restriction of the vendors in `vendorSet` (its `maxVendorID` is ignored) for `purpose`.
    /// - Throws: ``ValidationError`` as ``init(purpose:restrictionType:vendors:)``.
    public init(purpose: Int, restrictionType: RestrictionType, vendorSet: TCFVendorSet) throws(ValidationError) {
        guard (1...63).contains(purpose) else {
            throw ValidationError(
                code: .invalidFormat, kind: "TCFPublisherRestriction", message: "purpose \(purpose) is outside 1...63")
        }
        let runCount = vendorSet.runCount
        guard runCount <= Self.maximumRangeEntries else {
            throw ValidationError(
                code: .invalidFormat, kind: "TCFPublisherRestriction",
                message: "\(runCount) range entries exceed \(Self.maximumRangeEntries)")
        }
        self.init(validatedPurpose: purpose, restrictionType: restrictionType, vendors: vendorSet)
    }

    init(validatedPurpose purpose: Int, restrictionType: RestrictionType, vendors: TCFVendorSet) {
        self.purpose = purpose
        self.restrictionType = restrictionType
        self.vendors = vendors.with(maxVendorID: vendors.highestID)
    }

    /// For example `purpose 2 require consent: 1 vendors [730], max 730`.
    public var description: String { "purpose \(purpose) \(restrictionType): \(vendors)" }
}
