/// The publisher-TC segment of a TC string: the publisher's own transparency
/// and consent for the standard purposes and for its custom purposes.
///
/// Vendors should not rely on this segment unless they have agreed so with
/// the publisher; ``TCString/isVendorAllowed(vendor:purpose:registration:)``
/// does not read it.
public struct TCFPublisherTC: Sendable, Hashable {
    /// `PubPurposesConsent`: standard purposes (1...24) the user consented to for the publisher.
    public let purposesConsent: TCFIDSet
    /// `PubPurposesLITransparency`: standard purposes (1...24) with the publisher's
    /// legitimate interest established and not objected to.
    public let purposesLegitimateInterest: TCFIDSet
    /// `NumCustomPurposes`: the publisher's custom purposes are numbered 1 to this (0...63).
    public let numberOfCustomPurposes: Int
    /// `CustomPurposesConsent`: custom purposes the user consented to.
    public let customPurposesConsent: TCFIDSet
    /// `CustomPurposesLITransparency`: custom purposes with legitimate interest established and not objected to.
    public let customPurposesLegitimateInterest: TCFIDSet

    /// A publisher-TC segment.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` when a standard purpose is
    ///   above 24, `numberOfCustomPurposes` is outside 0...63, or a custom purpose is above it.
    public init(
        purposesConsent: TCFIDSet = TCFIDSet(),
        purposesLegitimateInterest: TCFIDSet = TCFIDSet(),
        numberOfCustomPurposes: Int = 0,
        customPurposesConsent: TCFIDSet = TCFIDSet(),
        customPurposesLegitimateInterest: TCFIDSet = TCFIDSet()
    ) throws(ValidationError) {
        func check(_ set: TCFIDSet, limit: Int, _ name: String) throws(ValidationError) {
            guard set.highestID <= limit else {
                throw ValidationError(
                    code: .invalidFormat, kind: "TCFPublisherTC",
                    message: "\(name) contains \(set.highestID), above \(limit)")
            }
        }
        guard (0...63).contains(numberOfCustomPurposes) else {
            throw ValidationError(
                code: .invalidFormat, kind: "TCFPublisherTC",
                message: "numberOfCustomPurposes \(numberOfCustomPurposes) is outside 0...63")
        }
        try check(purposesConsent, limit: 24, "purposesConsent")
        try check(purposesLegitimateInterest, limit: 24, "purposesLegitimateInterest")
        try check(customPurposesConsent, limit: numberOfCustomPurposes, "customPurposesConsent")
        try check(customPurposesLegitimateInterest, limit: numberOfCustomPurposes, "customPurposesLegitimateInterest")
        self.init(
            validatedPurposesConsent: purposesConsent, purposesLegitimateInterest: purposesLegitimateInterest,
            numberOfCustomPurposes: numberOfCustomPurposes, customPurposesConsent: customPurposesConsent,
            customPurposesLegitimateInterest: customPurposesLegitimateInterest)
    }

    init(
        validatedPurposesConsent purposesConsent: TCFIDSet, purposesLegitimateInterest: TCFIDSet,
        numberOfCustomPurposes: Int, customPurposesConsent: TCFIDSet, customPurposesLegitimateInterest: TCFIDSet
    ) {
        self.purposesConsent = purposesConsent
        self.purposesLegitimateInterest = purposesLegitimateInterest
        self.numberOfCustomPurposes = numberOfCustomPurposes
        self.customPurposesConsent = customPurposesConsent
        self.customPurposesLegitimateInterest = customPurposesLegitimateInterest
    }
}
