import ConsentKitCore
import Testing

@Suite("GPP usnat section and signal")
struct GPPUSNatSectionTests {
    @Test func optOutsAndGPCFoldIntoTheSignal() throws {
        // iabgpp-es UsNat.test.ts "should encode to CVVVkkkkkpFY.YA": every opt-out set, GPC on.
        let all = try USNatSection(decoding: "CVVVkkkkkpFY.YA").signal
        #expect(all.sale == .optedOut && all.sharing == .optedOut && all.targetedAdvertising == .optedOut)
        #expect(all.gpc && all.optsOutOfSaleOrSharingOrTargetedAdvertising)

        // The defaults: nothing applicable, no GPC.
        let none = try USNatSection(decoding: "CAAAAAAAAABA.QA").signal
        #expect(none.sale == .notApplicable && !none.optsOutOfSaleOrSharingOrTargetedAdvertising && !none.gpc)

        // Did not opt out, but GPC is on: opted out by GPC.
        let gpcOnly = try USNatSection(saleOptOut: .didNotOptOut, sharingOptOut: .optedOut, gpc: true).signal
        #expect(gpcOnly.sale == .optedOutByGPC && gpcOnly.sharing == .optedOut)
        #expect(gpcOnly.targetedAdvertising == .optedOutByGPC)
        #expect(gpcOnly.optsOutOfSale && gpcOnly.optsOutOfSharing && gpcOnly.optsOutOfTargetedAdvertising)

        let mixed = try USNatSection(saleOptOut: .didNotOptOut, targetedAdvertisingOptOut: .optedOut, gpc: nil).signal
        #expect(mixed.sale == .notOptedOut && mixed.sharing == .notApplicable && mixed.targetedAdvertising == .optedOut)
        #expect(
            !mixed.optsOutOfSale && mixed.optsOutOfTargetedAdvertising
                && mixed.optsOutOfSaleOrSharingOrTargetedAdvertising)
        #expect(mixed.description == "sale: not opted out, sharing: not applicable, targeted advertising: opted out")
    }

    @Test func gppStringExposesTheSignal() throws {
        let section = try USNatSection(saleOptOutNotice: .provided, saleOptOut: .optedOut, gpc: false)
        let gpp = try GPPString(sections: [(id: .usPrivacy, encoded: "1YYN"), (id: .usNat, encoded: section.encoded())])
        let decoded = try GPPString(decoding: gpp.encoded())
        #expect(decoded.sectionIDs == [.usPrivacy, .usNat])
        #expect(try decoded.usNat()?.signal.optsOutOfSale == true)
        #expect(try decoded.tcfEuV2() == nil)
        #expect(GPPSectionID.usNat.description == "7 (usnat)" && GPPSectionID(rawValue: 99).apiPrefix == nil)
    }

    @Test(arguments: 0..<4)
    func randomSectionsRoundTrip(batch: Int) throws {
        var rng = SignalsRandom(seed: 0x05_0A_7000 + UInt64(batch))
        func pick<T: CaseIterable>(_: T.Type) -> T where T.AllCases: RandomAccessCollection {
            T.allCases.randomElement(using: &rng) ?? T.allCases[T.allCases.startIndex]
        }
        for _ in 0..<250 {
            let original = Bool.random(using: &rng)
            let section = try USNatSection(
                version: Int.random(in: 0...63, using: &rng),
                sharingNotice: pick(USNatSection.Notice.self), saleOptOutNotice: pick(USNatSection.Notice.self),
                sharingOptOutNotice: pick(USNatSection.Notice.self),
                targetedAdvertisingOptOutNotice: pick(USNatSection.Notice.self),
                sensitiveDataProcessingOptOutNotice: pick(USNatSection.Notice.self),
                sensitiveDataLimitUseNotice: pick(USNatSection.Notice.self),
                saleOptOut: pick(USNatSection.OptOut.self), sharingOptOut: pick(USNatSection.OptOut.self),
                targetedAdvertisingOptOut: pick(USNatSection.OptOut.self),
                sensitiveDataProcessing: (0..<(original ? 12 : 16)).map { _ in pick(USNatSection.Consent.self) },
                knownChildSensitiveDataConsents: (0..<(original ? 2 : 3)).map { _ in pick(USNatSection.Consent.self) },
                personalDataConsents: pick(USNatSection.Consent.self),
                mspaCoveredTransaction: pick(USNatSection.Flag.self),
                mspaOptOutOptionMode: pick(USNatSection.Flag.self),
                mspaServiceProviderMode: pick(USNatSection.Flag.self),
                gpc: [nil, true, false][Int.random(in: 0..<3, using: &rng)])
            #expect(try USNatSection(decoding: section.encoded()) == section)
            var ids = Set<Int>()
            for _ in 0..<Int.random(in: 0...6, using: &rng) { ids.insert(Int.random(in: 1...40, using: &rng)) }
            ids.insert(7)
            let gpp = try GPPString(
                sections: ids.sorted().map {
                    (id: GPPSectionID(rawValue: $0), encoded: $0 == 7 ? section.encoded() : "x\($0)")
                })
            let decoded = try GPPString(decoding: gpp.encoded())
            #expect(decoded == gpp)
            #expect(try decoded.usNat() == section)
        }
    }

    func expectError(
        _ input: String, _ code: GPPError.Code, subsection: Int = 0, bitOffset: Int?, field: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try USNatSection(decoding: input)
            Issue.record("decoded \(input)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.section == nil, sourceLocation: sourceLocation)
            #expect(error.subsection == subsection, "\(error)", sourceLocation: sourceLocation)
            #expect(error.bitOffset == bitOffset, "\(error)", sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, "\(error)", sourceLocation: sourceLocation) }
        }
    }

    @Test func usnatErrors() {
        expectError("", .empty, bitOffset: nil)
        expectError("CAAAAAAAAABA.", .empty, subsection: 1, bitOffset: nil)
        expectError("CAAA AAAAABA", .invalidCharacter, bitOffset: 24)
        expectError("CAAAAAAAAABA=", .invalidCharacter, bitOffset: 72)
        expectError("z", .truncated, bitOffset: 6, field: "SharingNotice")
        // SharingNotice = 3 (bits 6-7 set): "D" is 000011, "w" is 110000.
        expectError("CwAAAAAAAABA", .invalidValue, bitOffset: 6, field: "SharingNotice")
        // Set bits after MspaServiceProviderMode (bit 70 of a 72-bit section).
        expectError("CAAAAAAAAABC", .trailingData, bitOffset: 70)
        expectError("CAAAAAAAAABA.gA", .unknownSubsection, subsection: 1, bitOffset: 0)
        expectError("CAAAAAAAAABA.AA", .duplicateSubsection, subsection: 1, bitOffset: 0)
        expectError("CAAAAAAAAABA.QA.QA", .duplicateSubsection, subsection: 2, bitOffset: 0)
        // 54 bits are neither layout's length; the current layout's sensitive-data list runs out.
        expectError("CAAAAAAAA", .truncated, bitOffset: 54, field: "SensitiveDataProcessing")
        expectError(String(repeating: "A", count: GPPString.maximumEncodedLength + 1), .tooLong, bitOffset: nil)
        #expect(throws: ValidationError.self) { try USNatSection(sensitiveDataProcessing: []) }
        #expect(throws: ValidationError.self) {
            try USNatSection(
                sensitiveDataProcessing: Array(repeating: .consent, count: 12),
                knownChildSensitiveDataConsents: Array(repeating: .consent, count: 3))
        }
        #expect(throws: ValidationError.self) { try USNatSection(version: 64) }
    }

    func expectGPPError(
        _ input: String, _ code: GPPError.Code, section: Int?, bitOffset: Int?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let gpp = try GPPString(decoding: input)
            _ = try gpp.usNat()
            Issue.record("decoded \(input)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.section == section, "\(error)", sourceLocation: sourceLocation)
            #expect(error.bitOffset == bitOffset, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(error.message))
        }
    }

    @Test func gppHeaderErrors() {
        expectGPPError("", .empty, section: 0, bitOffset: nil)
        expectGPPError("~1YNN", .empty, section: 0, bitOffset: nil)
        expectGPPError("DBABTA~", .emptySection, section: 1, bitOffset: nil)
        expectGPPError("DBABTA~1YNN~", .emptySection, section: 2, bitOffset: nil)
        expectGPPError("DBABTA=~1YNN", .invalidCharacter, section: 0, bitOffset: 36)
        expectGPPError("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA", .unsupportedType, section: 0, bitOffset: 0)
        expectGPPError("DCABTA~1YNN", .unsupportedVersion, section: 0, bitOffset: 6)
        expectGPPError("DBA", .truncated, section: 0, bitOffset: 12)
        expectGPPError("DBABTA", .sectionCountMismatch, section: 0, bitOffset: 24)
        expectGPPError("DBABTA~1YNN~1YNN", .sectionCountMismatch, section: 0, bitOffset: 30)
        expectGPPError("DBABTB~1YNN", .trailingData, section: 0, bitOffset: 35)
        // A Fibonacci code word that never ends within 32 bits.
        expectGPPError("DBABAAAAAAAAA~1", .invalidValue, section: 0, bitOffset: 25)
        // The usnat section is the first after the header, so its errors name section 1.
        expectGPPError("DBABLA~z", .truncated, section: 1, bitOffset: 6)
        expectGPPError(
            String(repeating: "D", count: GPPString.maximumEncodedLength + 1), .tooLong, section: 0, bitOffset: nil)
    }

    @Test func gppSectionsMustAscend() {
        #expect(throws: ValidationError.self) {
            try GPPString(sections: [(id: .usNat, encoded: "a"), (id: .tcfEuV2, encoded: "b")])
        }
        #expect(throws: ValidationError.self) {
            try GPPString(sections: [(id: .usNat, encoded: "a"), (id: .usNat, encoded: "b")])
        }
        #expect(throws: ValidationError.self) {
            try GPPString(sections: [(id: GPPSectionID(rawValue: 0), encoded: "a")])
        }
        #expect(throws: ValidationError.self) { try GPPString(sections: [(id: .usNat, encoded: "a~b")]) }
        #expect(throws: ValidationError.self) { try GPPString(sections: [(id: .usNat, encoded: "")]) }
        #expect((try? GPPString(sections: []))?.encoded() == "DBAA")
    }
}
