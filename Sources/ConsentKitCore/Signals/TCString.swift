/// A decoded IAB TCF v2 "TC string" (Transparency & Consent string): the core
/// segment plus the optional disclosed-vendors, allowed-vendors and
/// publisher-TC segments.
///
/// Decode what a CMP sent with ``init(decoding:)``, ask questions with
/// ``isVendorAllowed(vendor:purpose:registration:)`` and
/// ``isSpecialFeatureOptedIn(_:)``, and map the answers to catalog purposes
/// with ``TCFPurposeMapping``. ``encoded()`` writes the canonical string.
///
/// The value holds exactly what the string says: bits that TCF 2.2 no longer
/// honours (legitimate interest for purposes 3–6) are kept as decoded and
/// ignored by the questions; see ``purposesLegitimateInterest``.
public struct TCString: Sendable, Hashable {
    /// The TC string format version this type reads and writes (the core segment's `Version` field).
    public static let formatVersion = 2

    /// The longest string, in UTF-8 bytes, that ``init(decoding:)`` accepts: 64 KiB.
    ///
    /// Real TC strings are a few hundred bytes; cookies cap at 4 KiB. Longer
    /// input is rejected before any decoding work.
    public static let maximumEncodedLength = 65_536

    /// The first TCF policy version of TCF 2.2, under which legitimate interest
    /// no longer counts for purposes 3–6.
    public static let firstTCF22PolicyVersion = 4

    /// `Created`, in deciseconds since 1970-01-01T00:00:00Z (36 bits). Since TCF 2.2
    /// CMPs write the day of the last update here and in ``lastUpdatedDeciseconds``.
    public let createdDeciseconds: Int64
    /// `LastUpdated`, in deciseconds since 1970-01-01T00:00:00Z (36 bits).
    public let lastUpdatedDeciseconds: Int64
    /// `CmpId`: the consent management platform that last updated the string (0...4095).
    public let cmpID: Int
    /// `CmpVersion` (0...4095).
    public let cmpVersion: Int
    /// `ConsentScreen`: the CMP's screen number where consent was given (0...63).
    public let consentScreen: Int
    /// `ConsentLanguage`: ISO 639-1 code of the CMP UI's language, two upper-case letters.
    public let consentLanguage: String
    /// `VendorListVersion`: the Global Vendor List version used (0...4095).
    public let vendorListVersion: Int
    /// `TcfPolicyVersion` (0...63): 2 for TCF 2.0/2.1, 4 and 5 for TCF 2.2.
    public let tcfPolicyVersion: Int
    /// `IsServiceSpecific`. Global-scope strings (`false`) are invalid since
    /// September 2021; the questions deny them.
    public let isServiceSpecific: Bool
    /// `UseNonStandardTexts`, the bit called `UseNonStandardStacks` before TCF 2.2:
    /// the CMP modified standard texts or illustrations.
    public let usesNonStandardTexts: Bool
    /// `SpecialFeatureOptIns`: special features (1...12) the user opted in to.
    public let specialFeatureOptIns: TCFIDSet
    /// `PurposesConsent`: purposes (1...24) the user consented to.
    public let purposesConsent: TCFIDSet
    /// `PurposesLITransparency`: purposes (1...24) whose legitimate-interest
    /// transparency was established and not objected to.
    ///
    /// As decoded. For strings of policy version 4 or later the questions ignore
    /// purposes 3–6 here, and ``encoded()`` writes them as 0.
    public let purposesLegitimateInterest: TCFIDSet
    /// `PurposeOneTreatment`: purpose 1 was not disclosed, because the
    /// publisher's jurisdiction (``publisherCountryCode``) does not require consent for it.
    public let purposeOneTreatment: Bool
    /// `PublisherCC`: ISO 3166-1 alpha-2 country of the publisher, two upper-case letters.
    public let publisherCountryCode: String
    /// `VendorConsents`: vendors the user consented to.
    public let vendorConsents: TCFVendorSet
    /// `VendorLegitimateInterests`: vendors whose legitimate interest was established and not objected to.
    public let vendorLegitimateInterests: TCFVendorSet
    /// `PubRestrictions`, in string order.
    public let publisherRestrictions: [TCFPublisherRestriction]
    /// The disclosed-vendors segment: vendors the CMP showed the user; `nil` when absent
    /// (it is mandatory since TCF 2.2).
    public let disclosedVendors: TCFVendorSet?
    /// The allowed-vendors segment (deprecated in TCF 2.2, kept for older strings); `nil` when absent.
    public let allowedVendors: TCFVendorSet?
    /// The publisher-TC segment; `nil` when absent.
    public let publisherTC: TCFPublisherTC?

    /// A TC string value, for encoding with ``encoded()``.
    ///
    /// Language and country codes are upper-cased.
    ///
    /// - Throws: ``ValidationError`` with code `.invalidFormat` naming the first field that
    ///   does not fit its TCF bit width: timestamps 0..<2³⁶, `cmpID`, `cmpVersion` and
    ///   `vendorListVersion` 0...4095, `consentScreen` and `tcfPolicyVersion` 0...63, codes of
    ///   two ASCII letters, special features up to 12, purposes up to 24, at most 4,095
    ///   publisher restrictions.
    public init(
        createdDeciseconds: Int64,
        lastUpdatedDeciseconds: Int64,
        cmpID: Int,
        cmpVersion: Int = 0,
        consentScreen: Int = 0,
        consentLanguage: String = "EN",
        vendorListVersion: Int,
        tcfPolicyVersion: Int = 5,
        isServiceSpecific: Bool = true,
        usesNonStandardTexts: Bool = false,
        specialFeatureOptIns: TCFIDSet = TCFIDSet(),
        purposesConsent: TCFIDSet = TCFIDSet(),
        purposesLegitimateInterest: TCFIDSet = TCFIDSet(),
        purposeOneTreatment: Bool = false,
        publisherCountryCode: String = "AA",
        vendorConsents: TCFVendorSet = TCFVendorSet(),
        vendorLegitimateInterests: TCFVendorSet = TCFVendorSet(),
        publisherRestrictions: [TCFPublisherRestriction] = [],
        disclosedVendors: TCFVendorSet? = nil,
        allowedVendors: TCFVendorSet? = nil,
        publisherTC: TCFPublisherTC? = nil
    ) throws(ValidationError) {
        func invalid(_ message: String) -> ValidationError {
            ValidationError(code: .invalidFormat, kind: "TCString", message: message)
        }
        func check(_ value: some BinaryInteger, bits: Int, _ name: String) throws(ValidationError) {
            guard value >= 0, Int64(value) < Int64(1) << bits else {
                throw invalid("\(name) \(value) does not fit in \(bits) bits")
            }
        }
        try check(createdDeciseconds, bits: 36, "createdDeciseconds")
        try check(lastUpdatedDeciseconds, bits: 36, "lastUpdatedDeciseconds")
        try check(cmpID, bits: 12, "cmpID")
        try check(cmpVersion, bits: 12, "cmpVersion")
        try check(consentScreen, bits: 6, "consentScreen")
        try check(vendorListVersion, bits: 12, "vendorListVersion")
        try check(tcfPolicyVersion, bits: 6, "tcfPolicyVersion")
        guard let language = Self.twoLetterCode(consentLanguage) else {
            throw invalid("consentLanguage \(consentLanguage.debugDescription) is not two ASCII letters")
        }
        guard let country = Self.twoLetterCode(publisherCountryCode) else {
            throw invalid("publisherCountryCode \(publisherCountryCode.debugDescription) is not two ASCII letters")
        }
        guard specialFeatureOptIns.highestID <= 12 else {
            throw invalid("specialFeatureOptIns contains \(specialFeatureOptIns.highestID), above 12")
        }
        guard purposesConsent.highestID <= 24 else {
            throw invalid("purposesConsent contains \(purposesConsent.highestID), above 24")
        }
        guard purposesLegitimateInterest.highestID <= 24 else {
            throw invalid("purposesLegitimateInterest contains \(purposesLegitimateInterest.highestID), above 24")
        }
        guard publisherRestrictions.count <= 4_095 else {
            throw invalid("\(publisherRestrictions.count) publisher restrictions exceed 4,095")
        }
        self.init(
            validatedCreated: createdDeciseconds, lastUpdated: lastUpdatedDeciseconds, cmpID: cmpID,
            cmpVersion: cmpVersion, consentScreen: consentScreen, consentLanguage: language,
            vendorListVersion: vendorListVersion, tcfPolicyVersion: tcfPolicyVersion,
            isServiceSpecific: isServiceSpecific, usesNonStandardTexts: usesNonStandardTexts,
            specialFeatureOptIns: specialFeatureOptIns, purposesConsent: purposesConsent,
            purposesLegitimateInterest: purposesLegitimateInterest, purposeOneTreatment: purposeOneTreatment,
            publisherCountryCode: country, vendorConsents: vendorConsents,
            vendorLegitimateInterests: vendorLegitimateInterests, publisherRestrictions: publisherRestrictions,
            disclosedVendors: disclosedVendors, allowedVendors: allowedVendors, publisherTC: publisherTC)
    }

    init(
        validatedCreated created: Int64, lastUpdated: Int64, cmpID: Int, cmpVersion: Int, consentScreen: Int,
        consentLanguage: String, vendorListVersion: Int, tcfPolicyVersion: Int, isServiceSpecific: Bool,
        usesNonStandardTexts: Bool, specialFeatureOptIns: TCFIDSet, purposesConsent: TCFIDSet,
        purposesLegitimateInterest: TCFIDSet, purposeOneTreatment: Bool, publisherCountryCode: String,
        vendorConsents: TCFVendorSet, vendorLegitimateInterests: TCFVendorSet,
        publisherRestrictions: [TCFPublisherRestriction], disclosedVendors: TCFVendorSet?,
        allowedVendors: TCFVendorSet?, publisherTC: TCFPublisherTC?
    ) {
        self.createdDeciseconds = created
        self.lastUpdatedDeciseconds = lastUpdated
        self.cmpID = cmpID
        self.cmpVersion = cmpVersion
        self.consentScreen = consentScreen
        self.consentLanguage = consentLanguage
        self.vendorListVersion = vendorListVersion
        self.tcfPolicyVersion = tcfPolicyVersion
        self.isServiceSpecific = isServiceSpecific
        self.usesNonStandardTexts = usesNonStandardTexts
        self.specialFeatureOptIns = specialFeatureOptIns
        self.purposesConsent = purposesConsent
        self.purposesLegitimateInterest = purposesLegitimateInterest
        self.purposeOneTreatment = purposeOneTreatment
        self.publisherCountryCode = publisherCountryCode
        self.vendorConsents = vendorConsents
        self.vendorLegitimateInterests = vendorLegitimateInterests
        self.publisherRestrictions = publisherRestrictions
        self.disclosedVendors = disclosedVendors
        self.allowedVendors = allowedVendors
        self.publisherTC = publisherTC
    }

    /// Whether the string was written under TCF 2.2 rules (policy version 4 or later).
    public var isTCF22: Bool { tcfPolicyVersion >= Self.firstTCF22PolicyVersion }

    /// `code` upper-cased when it is exactly two ASCII letters.
    private static func twoLetterCode(_ code: String) -> String? {
        let bytes = Array(code.utf8)
        guard bytes.count == 2 else { return nil }
        var upper: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): upper.append(byte - 32)
            default: return nil
            }
        }
        return String(decoding: upper, as: UTF8.self)
    }
}
