import ConsentKitCore
import Testing

/// The examples of the DocC article "Reading TCF and GPP signals" (Docs.docc/Signals.md),
/// run against official vectors so the article cannot drift from the code.
@Suite("Signals article examples")
struct SignalsArticleTests {
    @Test func tcStringExamples() throws {
        // Vector 13 (iabgpp-es TcfEuV2.test.ts), with its CMP ID 0 and policy version 5.
        let tcString = try TCString(decoding: TCFPermissionTests.vector13)
        #expect(tcString.tcfPolicyVersion == 5 && tcString.isTCF22)
        #expect(tcString.vendorConsents.description == "3 vendors [11, 28-29], max 29")
        let answer = tcString.isVendorAllowed(vendor: 755, purpose: 4)
        #expect(answer.description == "vendor 755, purpose 4: denied (noVendorConsent, basis consent)")
        do {
            _ = try TCString(decoding: String(TCFPermissionTests.vector13.prefix(41)))
            Issue.record("a truncated string decoded")
        } catch {
            #expect(error.code == .truncated)
            #expect(error.description.hasSuffix("(segment 0, bit 230, field VendorConsents.BitField)"))
        }
    }

    @Test func gppExample() throws {
        // iabgpp-es GppModel.test.ts: tcfeuv2 and uspv1; then a usnat section with GPC on.
        let both = try GPPString(
            decoding: "DBACNYA~CPSG_8APSG_8ANwAAAENAwCgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA~1YNN")
        #expect(both.sectionIDs == [.tcfEuV2, .usPrivacy])
        #expect(try both.tcfEuV2()?.cmpID == 880)
        let usNat = try #require(try GPPString(decoding: "DBABLA~CAAAVVVVVVRA.YA").usNat())
        #expect(usNat.signal.sharing == .optedOutByGPC)
        #expect(usNat.signal.optsOutOfSaleOrSharingOrTargetedAdvertising)
    }
}
