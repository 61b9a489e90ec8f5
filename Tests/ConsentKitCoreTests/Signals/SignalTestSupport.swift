import Foundation
import Testing

/// Loads the signal vector files from the test bundle and supplies a seeded
/// generator, so every randomized test is reproducible.
enum SignalVectors {
    struct FileMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "test vector file Vectors/\(path) is not in the test bundle" }
    }

    static func data(_ path: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "Vectors/\(path)", withExtension: nil) else {
            throw FileMissing(path: path)
        }
        return try Data(contentsOf: url)
    }

    /// The 24 TC string vectors, in file order, each knowing its index.
    static let tcf: [TCFVector] = {
        do {
            let vectors = try JSONDecoder().decode([TCFVector].self, from: data("tcf/iab-test-strings.json"))
            return vectors.enumerated().map { index, vector in
                var vector = vector
                vector.index = index
                return vector
            }
        } catch {
            print("cannot load TCF vectors: \(error)")
            return []
        }
    }()

    /// The raw `expected` objects of the TCF vectors, to prove every key is checked.
    static let tcfExpectedKeys: [[String]] = {
        guard let data = try? data("tcf/iab-test-strings.json"),
            let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return list.map { ($0["expected"] as? [String: Any]).map { Array($0.keys).sorted() } ?? [] }
    }()

    static let gpp: GPPVectorFile? = {
        do {
            return try JSONDecoder().decode(GPPVectorFile.self, from: data("gpp/iabgpp-es-test-strings.json"))
        } catch {
            print("cannot load GPP vectors: \(error)")
            return nil
        }
    }()
}

/// One entry of `tcf/iab-test-strings.json`.
struct TCFVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Restriction: Decodable, Sendable {
        let purposeId: Int
        let restrictionType: Int
        let vendorIds: [Int]
    }

    struct PublisherTC: Decodable, Sendable {
        let pubPurposesConsent: [Int]
        let pubPurposesLITransparency: [Int]
        let numCustomPurposes: Int
        let customPurposesConsent: [Int]
        let customPurposesLITransparency: [Int]
    }

    struct Expected: Decodable, Sendable {
        let cmpId: Int
        let cmpVersion: Int
        let consentScreen: Int
        let consentLanguage: String
        let vendorListVersion: Int
        let tcfPolicyVersion: Int
        let isServiceSpecific: Bool
        let useNonStandardTexts: Bool
        let useNonStandardStacks: Bool
        let purposeOneTreatment: Bool
        let specialFeatureOptins: [Int]
        let purposesConsent: [Int]
        let purposesLITransparency: [Int]
        let publisherCountryCode: String
        let vendorConsents: [Int]
        let vendorConsentsEncoding: String
        let vendorConsentsMaxId: Int
        let vendorLegitimateInterests: [Int]
        let vendorLIEncoding: String
        let vendorLIMaxId: Int
        let publisherRestrictions: [Restriction]
        let created: String
        let lastUpdated: String
        let created_ds: Int64
        let lastUpdated_ds: Int64
        let disclosedVendors: [Int]?
        let disclosedVendorsEncoding: String?
        let allowedVendors: [Int]?
        let allowedVendorsEncoding: String?
        let publisherTC: PublisherTC?
    }

    let tcString: String
    let expected: Expected
    let source: String
    let sourceCommit: String
    let sourceTest: String
    var index = -1

    private enum CodingKeys: String, CodingKey {
        case tcString, expected, source, sourceCommit, sourceTest
    }

    var testDescription: String { "vector \(index): \(source.split(separator: "/").last ?? "") — \(sourceTest)" }
}

/// `gpp/iabgpp-es-test-strings.json`.
struct GPPVectorFile: Decodable, Sendable {
    struct USNatFields: Decodable, Sendable {
        let Version: Int?
        let SharingNotice: Int?
        let SaleOptOutNotice: Int?
        let SharingOptOutNotice: Int?
        let TargetedAdvertisingOptOutNotice: Int?
        let SensitiveDataProcessingOptOutNotice: Int?
        let SensitiveDataLimitUseNotice: Int?
        let SaleOptOut: Int?
        let SharingOptOut: Int?
        let TargetedAdvertisingOptOut: Int?
        let SensitiveDataProcessing: [Int]?
        let KnownChildSensitiveDataConsents: [Int]?
        let PersonalDataConsents: Int?
        let MspaCoveredTransaction: Int?
        let MspaOptOutOptionMode: Int?
        let MspaServiceProviderMode: Int?
        /// Present as `null` when the section has no GPC subsection.
        let Gpc: Bool?
        let hasGpcKey: Bool

        enum CodingKeys: String, CodingKey {
            case Version, SharingNotice, SaleOptOutNotice, SharingOptOutNotice, TargetedAdvertisingOptOutNotice
            case SensitiveDataProcessingOptOutNotice, SensitiveDataLimitUseNotice, SaleOptOut, SharingOptOut
            case TargetedAdvertisingOptOut, SensitiveDataProcessing, KnownChildSensitiveDataConsents
            case PersonalDataConsents, MspaCoveredTransaction, MspaOptOutOptionMode, MspaServiceProviderMode, Gpc
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            Version = try container.decodeIfPresent(Int.self, forKey: .Version)
            SharingNotice = try container.decodeIfPresent(Int.self, forKey: .SharingNotice)
            SaleOptOutNotice = try container.decodeIfPresent(Int.self, forKey: .SaleOptOutNotice)
            SharingOptOutNotice = try container.decodeIfPresent(Int.self, forKey: .SharingOptOutNotice)
            TargetedAdvertisingOptOutNotice = try container.decodeIfPresent(
                Int.self, forKey: .TargetedAdvertisingOptOutNotice)
            SensitiveDataProcessingOptOutNotice = try container.decodeIfPresent(
                Int.self, forKey: .SensitiveDataProcessingOptOutNotice)
            SensitiveDataLimitUseNotice = try container.decodeIfPresent(Int.self, forKey: .SensitiveDataLimitUseNotice)
            SaleOptOut = try container.decodeIfPresent(Int.self, forKey: .SaleOptOut)
            SharingOptOut = try container.decodeIfPresent(Int.self, forKey: .SharingOptOut)
            TargetedAdvertisingOptOut = try container.decodeIfPresent(Int.self, forKey: .TargetedAdvertisingOptOut)
            SensitiveDataProcessing = try container.decodeIfPresent([Int].self, forKey: .SensitiveDataProcessing)
            KnownChildSensitiveDataConsents = try container.decodeIfPresent(
                [Int].self, forKey: .KnownChildSensitiveDataConsents)
            PersonalDataConsents = try container.decodeIfPresent(Int.self, forKey: .PersonalDataConsents)
            MspaCoveredTransaction = try container.decodeIfPresent(Int.self, forKey: .MspaCoveredTransaction)
            MspaOptOutOptionMode = try container.decodeIfPresent(Int.self, forKey: .MspaOptOutOptionMode)
            MspaServiceProviderMode = try container.decodeIfPresent(Int.self, forKey: .MspaServiceProviderMode)
            hasGpcKey = container.contains(.Gpc)
            Gpc = try container.decodeIfPresent(Bool.self, forKey: .Gpc)
        }
    }

    struct TCFFields: Decodable, Sendable {
        let Version: Int?
        let CmpId: Int?
        let CmpVersion: Int?
        let ConsentScreen: Int?
        let ConsentLanguage: String?
        let VendorListVersion: Int?
        let PolicyVersion: Int?
        let IsServiceSpecific: Bool?
        let UseNonStandardStacks: Bool?
        let PurposeOneTreatment: Bool?
        let PublisherCountryCode: String?
        let VendorConsents: [Int]?
        let VendorLegitimateInterests: [Int]?
        let VendorsDisclosed: [Int]?
        let Created_ds: Int64?
        let LastUpdated_ds: Int64?
    }

    struct Section: Decodable, Sendable, CustomTestStringConvertible {
        let section: String
        let sourceFile: String
        let sourceTest: String
        let expected: USNatFields
        var testDescription: String { "\(section) — \(sourceTest)" }
    }

    struct Expected: Decodable, Sendable {
        let sectionIds: [Int]
        let sections: [String: String]?
        let usnat: USNatFields?
        let tcfeuv2: TCFFields?
    }

    struct GPP: Decodable, Sendable, CustomTestStringConvertible {
        let gpp: String
        let sourceFile: String
        let sourceTest: String
        let upstreamPadsToCurrentLayout: Bool?
        let expected: Expected
        var testDescription: String { "\(gpp.prefix(40)) — \(sourceTest)" }
    }

    struct Invalid: Decodable, Sendable, CustomTestStringConvertible {
        let gpp: String?
        let section: String?
        let sourceFile: String
        let sourceTest: String
        let expectedCode: String
        var testDescription: String { "\((gpp ?? section ?? "").prefix(30)) — \(sourceTest)" }
    }

    struct Source: Decodable, Sendable {
        let repository: String
        let commit: String
        let license: String
    }

    let source: Source
    let usnatSections: [Section]
    let gppStrings: [GPP]
    let invalid: [Invalid]
}

/// SplitMix64: a tiny seeded generator so randomized tests replay exactly.
struct SignalsRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `YYYY-MM-DDTHH:MM:SS.dZ` for deciseconds since the epoch, computed with
/// the civil-from-days algorithm rather than Foundation, so the check is independent.
func isoDeciseconds(_ deciseconds: Int64) -> String {
    let tenths = deciseconds % 10
    let seconds = deciseconds / 10
    let days = seconds / 86_400
    let secondOfDay = seconds % 86_400
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):"
        + "\(two(secondOfDay % 60)).\(tenths)Z"
}
