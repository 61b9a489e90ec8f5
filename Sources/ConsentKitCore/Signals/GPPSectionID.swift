/// A Global Privacy Platform section ID, as listed in the GPP header.
///
/// Any positive ID decodes; the ones registered by IAB Tech Lab's "Section
/// Information" have names and client-side API prefixes.
public struct GPPSectionID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric ID.
    public let rawValue: Int

    /// Wraps a numeric section ID.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 1, EU TCF v1 (deprecated).
    public static let tcfEuV1 = GPPSectionID(rawValue: 1)
    /// 2, EU TCF v2: the section is a TC string; decode it with ``GPPString/tcfEuV2()``.
    public static let tcfEuV2 = GPPSectionID(rawValue: 2)
    /// 3, the GPP header itself (never listed in a header).
    public static let header = GPPSectionID(rawValue: 3)
    /// 4, GPP signal integrity.
    public static let signalIntegrity = GPPSectionID(rawValue: 4)
    /// 5, Canadian TCF.
    public static let tcfCaV1 = GPPSectionID(rawValue: 5)
    /// 6, the US Privacy string (`1YNN`).
    public static let usPrivacy = GPPSectionID(rawValue: 6)
    /// 7, the MSPA US National section; decode it with ``GPPString/usNat()``.
    public static let usNat = GPPSectionID(rawValue: 7)
    /// 8, US California.
    public static let usCA = GPPSectionID(rawValue: 8)
    /// 9, US Virginia.
    public static let usVA = GPPSectionID(rawValue: 9)
    /// 10, US Colorado.
    public static let usCO = GPPSectionID(rawValue: 10)
    /// 11, US Utah.
    public static let usUT = GPPSectionID(rawValue: 11)
    /// 12, US Connecticut.
    public static let usCT = GPPSectionID(rawValue: 12)

    private static let apiPrefixes = [
        "tcfeuv1", "tcfeuv2", "header", "signalintegrity", "tcfcav1", "uspv1", "usnat", "usca", "usva", "usco", "usut",
        "usct", "usfl", "usmt", "usor", "ustx", "usde", "usia", "usne", "usnh", "usnj", "ustn", "usmn", "usmd", "usin",
        "usky", "usri",
    ]

    /// The client-side API prefix, such as `"usnat"`, for the IDs 1...27
    /// registered when this SDK was written; `nil` otherwise.
    public var apiPrefix: String? {
        (1...Self.apiPrefixes.count).contains(rawValue) ? Self.apiPrefixes[rawValue - 1] : nil
    }

    /// Orders by numeric ID.
    public static func < (lhs: GPPSectionID, rhs: GPPSectionID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// For example `7 (usnat)`.
    public var description: String { apiPrefix.map { "\(rawValue) (\($0))" } ?? "\(rawValue)" }
}
