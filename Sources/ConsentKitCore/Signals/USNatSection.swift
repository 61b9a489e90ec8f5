/// The GPP US National section (`usnat`, section ID 7) of the IAB Privacy
/// Multi-State Privacy Agreement (MSPA): notices given, opt-outs of sale,
/// sharing and targeted advertising, sensitive-data and known-child consents,
/// MSPA modes, and the optional Global Privacy Control subsection.
///
/// What a server applies is ``signal``: one opt-out answer per activity that
/// folds in GPC the way a GPC header would be honoured.
///
/// Two layouts exist. The original one (section version 1) carries 12
/// sensitive-data categories and 2 known-child consents; the current one
/// (version 2, October 2024) carries 16 and 3. Like the IAB reference
/// implementation (iabgpp-es), the decoder tells them apart by the core
/// subsection's length (60 bits, or 66 after padding, is the original layout),
/// because the reference encoder wrote version-1 strings in the longer layout
/// for a while. ``version`` is reported as written.
public struct USNatSection: Sendable, Hashable {
    /// Whether a notice was given (2-bit field; 3 is rejected).
    public enum Notice: UInt8, Sendable, Hashable, CaseIterable {
        /// 0: not applicable; the business does not do what the notice is about.
        case notApplicable = 0
        /// 1: the notice was provided.
        case provided = 1
        /// 2: the notice was not provided.
        case notProvided = 2
    }

    /// Whether the consumer opted out (2-bit field; 3 is rejected).
    public enum OptOut: UInt8, Sendable, Hashable, CaseIterable {
        /// 0: not applicable; the matching notice was not applicable or not provided.
        case notApplicable = 0
        /// 1: the consumer opted out.
        case optedOut = 1
        /// 2: the consumer did not opt out.
        case didNotOptOut = 2
    }

    /// Whether the consumer consented (2-bit field; 3 is rejected).
    public enum Consent: UInt8, Sendable, Hashable, CaseIterable {
        /// 0: not applicable; the business does not process this kind of data.
        case notApplicable = 0
        /// 1: no consent.
        case noConsent = 1
        /// 2: consent.
        case consent = 2
    }

    /// An MSPA yes/no flag (2-bit field; 3 is rejected).
    public enum Flag: UInt8, Sendable, Hashable, CaseIterable {
        /// 0: not applicable.
        case notApplicable = 0
        /// 1: yes.
        case yes = 1
        /// 2: no.
        case no = 2
    }

    /// The section specification version written in the string (1 or 2).
    public let version: Int
    /// `SharingNotice`: notice of processing personal information.
    public let sharingNotice: Notice
    /// `SaleOptOutNotice`: notice of the right to opt out of sale.
    public let saleOptOutNotice: Notice
    /// `SharingOptOutNotice`: notice of the right to opt out of sharing (California).
    public let sharingOptOutNotice: Notice
    /// `TargetedAdvertisingOptOutNotice`.
    public let targetedAdvertisingOptOutNotice: Notice
    /// `SensitiveDataProcessingOptOutNotice`.
    public let sensitiveDataProcessingOptOutNotice: Notice
    /// `SensitiveDataLimitUseNotice`.
    public let sensitiveDataLimitUseNotice: Notice
    /// `SaleOptOut`: the consumer's choice about sale of personal information.
    public let saleOptOut: OptOut
    /// `SharingOptOut`: the consumer's choice about sharing (cross-context behavioural advertising).
    public let sharingOptOut: OptOut
    /// `TargetedAdvertisingOptOut`.
    public let targetedAdvertisingOptOut: OptOut
    /// `SensitiveDataProcessing`: consent per sensitive-data category, 12 (original
    /// layout) or 16 entries. Index 0 is category 1: racial or ethnic origin;
    /// 2 religious or philosophical beliefs; 3 health; 4 sex life or sexual orientation;
    /// 5 citizenship or immigration status; 6 genetic data; 7 biometric data;
    /// 8 precise geolocation; 9 government ID numbers; 10 account or card
    /// credentials; 11 union membership; 12 mail, email and text contents;
    /// 13 consumer health data; 14 status as a crime victim; 15 national origin;
    /// 16 transgender or non-binary status.
    public let sensitiveDataProcessing: [Consent]
    /// `KnownChildSensitiveDataConsents`: 2 (original layout) or 3 entries: ages 13–16,
    /// under 13, and (current layout) 16–17.
    public let knownChildSensitiveDataConsents: [Consent]
    /// `PersonalDataConsents`: consent to processing beyond the secondary-use limitations.
    public let personalDataConsents: Consent
    /// `MspaCoveredTransaction`: the transaction is covered by the MSPA (1 yes, 2 no).
    public let mspaCoveredTransaction: Flag
    /// `MspaOptOutOptionMode`.
    public let mspaOptOutOptionMode: Flag
    /// `MspaServiceProviderMode`.
    public let mspaServiceProviderMode: Flag
    /// The GPC subsection's `Gpc` bit, or `nil` when the subsection is absent.
    public let gpc: Bool?

    /// A US National section, for ``encoded()``.
    ///
    /// The arrays choose the layout: 12 sensitive-data and 2 known-child entries
    /// for the original one, 16 and 3 for the current one.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` for other lengths or a
    ///   version outside 0...63.
    public init(
        version: Int = 2,
        sharingNotice: Notice = .notApplicable,
        saleOptOutNotice: Notice = .notApplicable,
        sharingOptOutNotice: Notice = .notApplicable,
        targetedAdvertisingOptOutNotice: Notice = .notApplicable,
        sensitiveDataProcessingOptOutNotice: Notice = .notApplicable,
        sensitiveDataLimitUseNotice: Notice = .notApplicable,
        saleOptOut: OptOut = .notApplicable,
        sharingOptOut: OptOut = .notApplicable,
        targetedAdvertisingOptOut: OptOut = .notApplicable,
        sensitiveDataProcessing: [Consent] = Array(repeating: .notApplicable, count: 16),
        knownChildSensitiveDataConsents: [Consent] = Array(repeating: .notApplicable, count: 3),
        personalDataConsents: Consent = .notApplicable,
        mspaCoveredTransaction: Flag = .yes,
        mspaOptOutOptionMode: Flag = .notApplicable,
        mspaServiceProviderMode: Flag = .notApplicable,
        gpc: Bool? = false
    ) throws(ValidationError) {
        let layout = (sensitiveDataProcessing.count, knownChildSensitiveDataConsents.count)
        guard layout == (12, 2) || layout == (16, 3) else {
            throw ValidationError(
                code: .invalidFormat, kind: "USNatSection",
                message: "\(layout.0) sensitive-data and \(layout.1) known-child entries; use 12 and 2, or 16 and 3")
        }
        guard (0...63).contains(version) else {
            throw ValidationError(
                code: .invalidFormat, kind: "USNatSection", message: "version \(version) is outside 0...63")
        }
        self.version = version
        self.sharingNotice = sharingNotice
        self.saleOptOutNotice = saleOptOutNotice
        self.sharingOptOutNotice = sharingOptOutNotice
        self.targetedAdvertisingOptOutNotice = targetedAdvertisingOptOutNotice
        self.sensitiveDataProcessingOptOutNotice = sensitiveDataProcessingOptOutNotice
        self.sensitiveDataLimitUseNotice = sensitiveDataLimitUseNotice
        self.saleOptOut = saleOptOut
        self.sharingOptOut = sharingOptOut
        self.targetedAdvertisingOptOut = targetedAdvertisingOptOut
        self.sensitiveDataProcessing = sensitiveDataProcessing
        self.knownChildSensitiveDataConsents = knownChildSensitiveDataConsents
        self.personalDataConsents = personalDataConsents
        self.mspaCoveredTransaction = mspaCoveredTransaction
        self.mspaOptOutOptionMode = mspaOptOutOptionMode
        self.mspaServiceProviderMode = mspaServiceProviderMode
        self.gpc = gpc
    }

    /// The opt-outs a server should apply, with GPC folded in.
    public var signal: USNatSignal {
        USNatSignal(
            saleOptOut: saleOptOut, sharingOptOut: sharingOptOut, targetedAdvertisingOptOut: targetedAdvertisingOptOut,
            gpc: gpc ?? false)
    }
}

extension USNatSection {
    /// Bits of the original layout's core subsection (12 sensitive-data, 2 known-child entries).
    static let originalLayoutBits = 60
    /// Bits of the current layout's core subsection (16 and 3).
    static let currentLayoutBits = 70

    /// Decodes a US National section as it appears between two `~` of a GPP
    /// string, for example `CVVVkkkkkpFY.YA`: the core subsection, optionally
    /// followed by `.` and the GPC subsection.
    ///
    /// - Throws: ``GPPError`` (with `section` `nil`): `.empty`, `.tooLong`, `.invalidCharacter`,
    ///   `.truncated`, `.invalidValue` (a 2-bit field holding 3), `.trailingData`,
    ///   `.unknownSubsection`, `.duplicateSubsection`. Never traps on any input.
    public init(decoding string: String) throws(GPPError) {
        let length = string.utf8.count
        guard length <= GPPString.maximumEncodedLength else {
            throw GPPError(
                code: .tooLong, section: nil, subsection: 0, bitOffset: nil, field: nil,
                message: "the section is \(length) bytes, the limit is \(GPPString.maximumEncodedLength)")
        }
        let parts = Array(string.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false))
        var core: USNatSection?
        var gpc: Bool?
        for (index, part) in parts.enumerated() {
            let characters = Array(part)
            let outcome: Result<Void, GPPError> = characters.withUnsafeBufferPointer { buffer in
                Result { () throws(GPPError) in
                    guard !buffer.isEmpty else {
                        throw GPPError(
                            code: .empty, section: nil, subsection: index, bitOffset: nil, field: nil,
                            message: "subsection \(index) is empty")
                    }
                    switch WebSafeBase64.dataCharacterCount(buffer) {
                    case .success(let count) where count == buffer.count: break
                    case .success(let count): throw GPPError.base64(.invalidPadding(offset: count), subsection: index)
                    case .failure(let problem): throw GPPError.base64(problem, subsection: index)
                    }
                    try WebSafeBase64.withBits(of: buffer) { (bits) throws(GPPError) in
                        if index == 0 {
                            core = try Self.decodeCore(&bits)
                        } else {
                            let typeOffset = bits.position
                            let type = try bits.int(2, subsection: index, "SubsectionType")
                            guard type == 1 else {
                                throw GPPError(
                                    code: type == 0 ? .duplicateSubsection : .unknownSubsection, section: nil,
                                    subsection: index, bitOffset: typeOffset, field: "SubsectionType",
                                    message: "subsection type \(type) is not 1 (GPC)")
                            }
                            guard gpc == nil else {
                                throw GPPError(
                                    code: .duplicateSubsection, section: nil, subsection: index, bitOffset: typeOffset,
                                    field: "SubsectionType", message: "a second GPC subsection")
                            }
                            gpc = try bits.bit(subsection: index, "Gpc")
                        }
                        if let trailing = GPPError.trailing(bits, subsection: index) { throw trailing }
                    }
                }
            }
            try outcome.get()
        }
        guard let core else {
            throw GPPError(
                code: .empty, section: nil, subsection: 0, bitOffset: nil, field: nil, message: "no core subsection")
        }
        self = core.withGPC(gpc)
    }

    private static func decodeCore(_ bits: inout BitReader) throws(GPPError) -> USNatSection {
        let original = bits.bitCount == originalLayoutBits || bits.bitCount == originalLayoutBits + 6
        let version = try bits.int(6, subsection: 0, "Version")
        let sharingNotice: Notice = try choice(&bits, "SharingNotice")
        let saleOptOutNotice: Notice = try choice(&bits, "SaleOptOutNotice")
        let sharingOptOutNotice: Notice = try choice(&bits, "SharingOptOutNotice")
        let targetedAdvertisingOptOutNotice: Notice = try choice(&bits, "TargetedAdvertisingOptOutNotice")
        let sensitiveDataProcessingOptOutNotice: Notice = try choice(&bits, "SensitiveDataProcessingOptOutNotice")
        let sensitiveDataLimitUseNotice: Notice = try choice(&bits, "SensitiveDataLimitUseNotice")
        let saleOptOut: OptOut = try choice(&bits, "SaleOptOut")
        let sharingOptOut: OptOut = try choice(&bits, "SharingOptOut")
        let targetedAdvertisingOptOut: OptOut = try choice(&bits, "TargetedAdvertisingOptOut")
        var sensitive: [Consent] = []
        sensitive.reserveCapacity(16)
        for _ in 0..<(original ? 12 : 16) {
            sensitive.append(try choice(&bits, "SensitiveDataProcessing"))
        }
        var child: [Consent] = []
        child.reserveCapacity(3)
        for _ in 0..<(original ? 2 : 3) {
            child.append(try choice(&bits, "KnownChildSensitiveDataConsents"))
        }
        let personalDataConsents: Consent = try choice(&bits, "PersonalDataConsents")
        let covered: Flag = try choice(&bits, "MspaCoveredTransaction")
        let optOutOptionMode: Flag = try choice(&bits, "MspaOptOutOptionMode")
        let serviceProviderMode: Flag = try choice(&bits, "MspaServiceProviderMode")
        return USNatSection(
            validatedVersion: version, sharingNotice: sharingNotice, saleOptOutNotice: saleOptOutNotice,
            sharingOptOutNotice: sharingOptOutNotice, targetedAdvertisingOptOutNotice: targetedAdvertisingOptOutNotice,
            sensitiveDataProcessingOptOutNotice: sensitiveDataProcessingOptOutNotice,
            sensitiveDataLimitUseNotice: sensitiveDataLimitUseNotice, saleOptOut: saleOptOut,
            sharingOptOut: sharingOptOut, targetedAdvertisingOptOut: targetedAdvertisingOptOut,
            sensitiveDataProcessing: sensitive, knownChildSensitiveDataConsents: child,
            personalDataConsents: personalDataConsents, mspaCoveredTransaction: covered,
            mspaOptOutOptionMode: optOutOptionMode, mspaServiceProviderMode: serviceProviderMode, gpc: nil)
    }

    /// A 2-bit field as one of the choice enums; 3 is an `.invalidValue`.
    private static func choice<Choice: RawRepresentable<UInt8>>(
        _ bits: inout BitReader, _ field: StaticString
    ) throws(GPPError) -> Choice {
        let offset = bits.position
        let raw = try bits.int(2, subsection: 0, field)
        guard let value = Choice(rawValue: UInt8(raw)) else {
            throw GPPError(
                code: .invalidValue, section: nil, subsection: 0, bitOffset: offset, field: "\(field)",
                message: "\(field) is \(raw), expected 0, 1 or 2")
        }
        return value
    }

    private init(
        validatedVersion version: Int, sharingNotice: Notice, saleOptOutNotice: Notice, sharingOptOutNotice: Notice,
        targetedAdvertisingOptOutNotice: Notice, sensitiveDataProcessingOptOutNotice: Notice,
        sensitiveDataLimitUseNotice: Notice, saleOptOut: OptOut, sharingOptOut: OptOut,
        targetedAdvertisingOptOut: OptOut, sensitiveDataProcessing: [Consent],
        knownChildSensitiveDataConsents: [Consent], personalDataConsents: Consent, mspaCoveredTransaction: Flag,
        mspaOptOutOptionMode: Flag, mspaServiceProviderMode: Flag, gpc: Bool?
    ) {
        self.version = version
        self.sharingNotice = sharingNotice
        self.saleOptOutNotice = saleOptOutNotice
        self.sharingOptOutNotice = sharingOptOutNotice
        self.targetedAdvertisingOptOutNotice = targetedAdvertisingOptOutNotice
        self.sensitiveDataProcessingOptOutNotice = sensitiveDataProcessingOptOutNotice
        self.sensitiveDataLimitUseNotice = sensitiveDataLimitUseNotice
        self.saleOptOut = saleOptOut
        self.sharingOptOut = sharingOptOut
        self.targetedAdvertisingOptOut = targetedAdvertisingOptOut
        self.sensitiveDataProcessing = sensitiveDataProcessing
        self.knownChildSensitiveDataConsents = knownChildSensitiveDataConsents
        self.personalDataConsents = personalDataConsents
        self.mspaCoveredTransaction = mspaCoveredTransaction
        self.mspaOptOutOptionMode = mspaOptOutOptionMode
        self.mspaServiceProviderMode = mspaServiceProviderMode
        self.gpc = gpc
    }

    private func withGPC(_ gpc: Bool?) -> USNatSection {
        USNatSection(
            validatedVersion: version, sharingNotice: sharingNotice, saleOptOutNotice: saleOptOutNotice,
            sharingOptOutNotice: sharingOptOutNotice, targetedAdvertisingOptOutNotice: targetedAdvertisingOptOutNotice,
            sensitiveDataProcessingOptOutNotice: sensitiveDataProcessingOptOutNotice,
            sensitiveDataLimitUseNotice: sensitiveDataLimitUseNotice, saleOptOut: saleOptOut,
            sharingOptOut: sharingOptOut, targetedAdvertisingOptOut: targetedAdvertisingOptOut,
            sensitiveDataProcessing: sensitiveDataProcessing,
            knownChildSensitiveDataConsents: knownChildSensitiveDataConsents,
            personalDataConsents: personalDataConsents, mspaCoveredTransaction: mspaCoveredTransaction,
            mspaOptOutOptionMode: mspaOptOutOptionMode, mspaServiceProviderMode: mspaServiceProviderMode, gpc: gpc)
    }

    /// The section as it goes between two `~` of a GPP string: the core
    /// subsection in the layout the arrays' lengths choose, then `.` and the GPC
    /// subsection when ``gpc`` is not `nil`. Padded like the reference encoder (to
    /// a whole byte, then a whole character), so the original layout takes 66 bits
    /// and `USNatSection(decoding: x.encoded()) == x`.
    public func encoded() -> String {
        var writer = BitWriter(reservingBits: 72)
        writer.write(version, width: 6)
        for notice in [
            sharingNotice, saleOptOutNotice, sharingOptOutNotice, targetedAdvertisingOptOutNotice,
            sensitiveDataProcessingOptOutNotice, sensitiveDataLimitUseNotice,
        ] {
            writer.write(Int(notice.rawValue), width: 2)
        }
        for optOut in [saleOptOut, sharingOptOut, targetedAdvertisingOptOut] {
            writer.write(Int(optOut.rawValue), width: 2)
        }
        for consent in sensitiveDataProcessing + knownChildSensitiveDataConsents + [personalDataConsents] {
            writer.write(Int(consent.rawValue), width: 2)
        }
        for flag in [mspaCoveredTransaction, mspaOptOutOptionMode, mspaServiceProviderMode] {
            writer.write(Int(flag.rawValue), width: 2)
        }
        var result = WebSafeBase64.encode(writer)
        if let gpc {
            var subsection = BitWriter()
            subsection.write(1, width: 2)
            subsection.write(gpc)
            result += "." + WebSafeBase64.encode(subsection)
        }
        return result
    }
}
