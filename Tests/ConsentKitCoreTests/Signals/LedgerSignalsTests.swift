import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Signals through the ledger")
struct LedgerSignalsTests {
    /// IABTechLab/iabgpp-es, modules/cmpapi/test/encoder/section/TcfEuV2.test.ts,
    /// "decode with vendor [11, 28, 29] and publisher TC" (vector 13 of
    /// Vectors/tcf): purposes consent [1, 3, 4, 5, 6], vendor consents [11, 28, 29],
    /// service-specific, policy version 5, last updated 2022-02-01.
    static let tcString = "CPTtLAAPTtLAAAAAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.d4AACEAAAA"

    @Test func aTCStringIsRecordedOnceAsGrantsAndDenialsWithItsHashAsEvidence() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        // Ads need TCF purposes 3 and 4 (consented); analytics needs 8 (not consented).
        let mapping = try TCFPurposeMapping([3: f.ads, 4: f.ads, 8: f.analytics])
        let resolution = try mapping.resolve(Self.tcString, vendor: 28)
        #expect(resolution.allowed == [f.ads])
        #expect(resolution.denied == [f.analytics])

        let recorded = try #require(
            try await ledger.recordTCFConsent(resolution, subject: f.alice, notice: v1.reference, channel: f.web))
        #expect(recorded.events.map(\.kind) == [.grant, .deny])
        #expect(recorded.events.allSatisfy { $0.method == .tcfString })
        // SHA-256 of the string's UTF-8 bytes, computed independently with Python's hashlib.
        #expect(recorded.events[0].evidence.signalHash == "c3e7e4e0e1e2cdc70fdddd5a89c05068c7f0c7f34096d0ef901cc7c2c50b9ac2")
        #expect(recorded.events[0].timestamp == Date(timeIntervalSince1970: 1_643_673_600))

        let again = try #require(
            try await ledger.recordTCFConsent(resolution, subject: f.alice, notice: v1.reference, channel: f.web))
        #expect(again.wasAlreadyRecorded)
        #expect(try await ledger.history(of: f.alice).count == 2)

        let state = try await ledger.state(of: f.alice)
        #expect(state.decision(for: f.ads, in: f.context()).reason == .granted)
        #expect(state.decision(for: f.analytics, in: f.context()).reason == .denied)
    }

    @Test func aTCStringInTheRequestActsAsASignal() async throws {
        let f = try ConsentFixtures()
        let state = try await f.ledger().state(of: f.alice)
        let mapping = try TCFPurposeMapping([3: f.ads, 8: f.analytics])
        var context = f.context()
        context.signal = try mapping.resolve(Self.tcString, vendor: 28).consentSignal(in: f.catalog)
        #expect(state.decision(for: f.ads, in: context).reason == .grantedBySignal)
        #expect(state.decision(for: f.analytics, in: context).reason == .deniedBySignal)
        #expect(state.decision(for: f.newsletter, in: context).reason == .noRecord)
    }

    @Test func aGPPUSNationalOptOutSwitchesOffSharing() async throws {
        let f = try ConsentFixtures()
        let state = try await f.ledger().state(of: f.alice)
        var context = f.context(.ccpa)
        #expect(state.decision(for: f.ads, in: context).isAllowed)
        context.apply(
            USNatSignal(saleOptOut: .didNotOptOut, sharingOptOut: .optedOut, targetedAdvertisingOptOut: .didNotOptOut, gpc: false))
        let decision = state.decision(for: f.ads, in: context)
        #expect(!decision.isAllowed)
        #expect(decision.reason == .optOutSignal)
        #expect(decision.weighed.contains(.optOutSignal))

        var gpcOnly = f.context(.ccpa)
        gpcOnly.apply(
            USNatSignal(saleOptOut: .notApplicable, sharingOptOut: .notApplicable, targetedAdvertisingOptOut: .notApplicable, gpc: true))
        #expect(gpcOnly.globalPrivacyControl)
        #expect(state.decision(for: f.ads, in: gpcOnly).reason == .optOutSignal)
    }
}
