import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Consent decisions: every reason")
struct ConsentDecisionTests {
    @Test func noRecordMeansDeniedUnderGDPR() async throws {
        let f = try ConsentFixtures()
        let state = try await f.ledger().state(of: f.alice)
        let decision = state.decision(for: f.newsletter, in: f.context())
        #expect(!decision.isAllowed)
        #expect(decision.reason == .noRecord)
        #expect(decision.weighed.contains(.jurisdictionDefault))
    }

    @Test func grantUnderCurrentNoticeAllows() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        let recorded = try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        #expect(recorded.events.map(\.sequence) == [1])
        let decision = try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context())
        #expect(decision.isAllowed)
        #expect(decision.reason == .granted)
        #expect(decision.eventSequence == 1)
        #expect(decision.noticeVersion == 1)
        #expect(decision.description.contains("event #1"))
    }

    @Test func withdrawalDeniesAndIsAsEasyAsGranting() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        try await ledger.record(f.draft(.withdraw, [f.newsletter], at: 60))
        let decision = try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context())
        #expect(!decision.isAllowed)
        #expect(decision.reason == .withdrawn)
        #expect(decision.eventSequence == 2)
    }

    @Test func denyAndObjection() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        try await ledger.publish(f.noticeVersion(1))
        try await ledger.record(f.draft(.deny, [f.newsletter]))
        try await ledger.record(f.draft(.object, [f.fraud]))
        let state = try await ledger.state(of: f.alice)
        #expect(state.decision(for: f.newsletter, in: f.context()).reason == .denied)
        let fraud = state.decision(for: f.fraud, in: f.context())
        #expect(!fraud.isAllowed)
        #expect(fraud.reason == .objected)
    }

    @Test func otherLegalBasesDoNotAskTheSubject() async throws {
        let f = try ConsentFixtures()
        let state = try await f.ledger().state(of: f.alice)
        let orders = state.decision(for: f.orders, in: f.context())
        #expect(orders.isAllowed && orders.reason == .legalBasis)
        let fraud = state.decision(for: f.fraud, in: f.context())
        #expect(fraud.isAllowed && fraud.reason == .legitimateInterest)
    }

    @Test func unknownPurposeIsDenied() async throws {
        let f = try ConsentFixtures()
        let state = try await f.ledger().state(of: f.alice)
        let decision = state.decision(for: try PurposeID("never-declared"), in: f.context())
        #expect(!decision.isAllowed)
        #expect(decision.reason == .unknownPurpose)
    }

    @Test func materialNoticeChangeForcesReconsentButRewordingDoesNot() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter, f.analytics], notice: v1))

        // v2 only rewords: not material.
        var v2 = f.noticeVersion(2)
        v2 = PrivacyNotice(id: v2.id, version: 2, summary: "Reworded.", fullText: "Reworded.", terms: v1.terms)
        let diff2 = try await ledger.publish(v2)
        #expect(diff2?.changes.isEmpty == true)
        #expect(diff2?.textChanged == true)
        #expect(try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context()).isAllowed)

        // v3 adds a newsletter recipient: material for the newsletter only.
        let v3 = f.noticeVersion(3, recipients: ["MailCo", "NewPartner"])
        let diff3 = try await ledger.publish(v3)
        #expect(diff3?.materiallyChangedPurposes == [f.newsletter])
        let state = try await ledger.state(of: f.alice)
        let newsletter = state.decision(for: f.newsletter, in: f.context())
        #expect(!newsletter.isAllowed)
        #expect(newsletter.reason == .reconsentNeeded)
        #expect(newsletter.materialNoticeVersion == 3)
        #expect(state.decision(for: f.analytics, in: f.context()).isAllowed)

        // Consent again under v3: allowed again.
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v3, at: 10))
        #expect(try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context()).isAllowed)
    }

    @Test func consentExpiresAfterItsLifetime() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.analytics], notice: v1))
        f.clock.advance(by: 86_400 * 380)
        #expect(try await ledger.state(of: f.alice).decision(for: f.analytics, in: f.context()).isAllowed)
        f.clock.advance(by: 86_400 * 20)
        let decision = try await ledger.state(of: f.alice).decision(for: f.analytics, in: f.context())
        #expect(!decision.isAllowed)
        #expect(decision.reason == .expired)
        #expect(decision.weighed.contains(.clock))
    }

    @Test func expireEventDenies() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter], notice: v1))
        try await ledger.record(f.draft(.expire, [f.newsletter], method: .imported, at: 5))
        #expect(try await ledger.state(of: f.alice).decision(for: f.newsletter, in: f.context()).reason == .expired)
    }

    @Test func californianIsOptedOutOfSharingByGPCButOthersAreNot() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        try await ledger.publish(f.noticeVersion(1))
        let state = try await ledger.state(of: f.alice)
        let adult = state.decision(for: f.ads, in: f.context(.ccpa))
        #expect(adult.isAllowed && adult.reason == .notOptedOut)

        let gpc = state.decision(for: f.ads, in: f.context(.ccpa, gpc: true))
        #expect(!gpc.isAllowed)
        #expect(gpc.reason == .optOutSignal)
        #expect(gpc.weighed.contains(.globalPrivacyControl))

        // GDPR: GPC is not an opt-out signal, and ads are opt-in anyway.
        #expect(state.decision(for: f.ads, in: f.context(.gdpr, gpc: true)).reason == .noRecord)
        // GPC does not touch purposes that are not sale or sharing.
        #expect(state.decision(for: f.orders, in: f.context(.ccpa, gpc: true)).isAllowed)
    }

    @Test func gpcBeatsAStoredOptInUnlessAFinancialIncentiveWasJoined() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.ads], notice: v1, jurisdiction: .ccpa))
        let state = try await ledger.state(of: f.alice)
        #expect(state.decision(for: f.ads, in: f.context(.ccpa, gpc: true)).reason == .optOutSignal)

        let bob = try SubjectID("bob")
        var incentive = f.draft(.grant, [f.ads], notice: v1, jurisdiction: .ccpa, subject: bob)
        incentive.financialIncentive = true
        try await ledger.record(incentive)
        let upheld = try await ledger.state(of: bob).decision(for: f.ads, in: f.context(.ccpa, gpc: true))
        #expect(upheld.isAllowed)
        #expect(upheld.reason == .grantUpheldByFinancialIncentive)
        #expect(upheld.weighed.isSuperset(of: [.globalPrivacyControl, .financialIncentive, .ledger]))
    }

    @Test func minorsNeedAnOptInForSharingUnderCCPA() async throws {
        let f = try ConsentFixtures()
        let state = try await f.ledger().state(of: f.alice)
        let decision = state.decision(for: f.ads, in: f.context(.ccpa, age: 14))
        #expect(!decision.isAllowed)
        #expect(decision.reason == .minorWithoutOptIn)
        #expect(state.decision(for: f.ads, in: f.context(.ccpa, age: 16)).isAllowed)
    }

    @Test func aNewerTCFSignalOverridesTheLedgerAndAnOlderOneDoesNot() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        let v1 = f.noticeVersion(1)
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.analytics], notice: v1))
        let state = try await ledger.state(of: f.alice)
        let handle = try #require(f.catalog.handle(for: f.analytics))
        var context = f.context()
        context.signal = .init(
            covered: PurposeSet([handle]), allowed: PurposeSet(), lastUpdated: f.clock.now().addingTimeInterval(30),
            method: .tcfString)
        let newer = state.decision(for: handle, in: context)
        #expect(!newer.isAllowed && newer.reason == .deniedBySignal)
        context.signal?.lastUpdated = f.clock.now().addingTimeInterval(-30)
        let older = state.decision(for: handle, in: context)
        #expect(older.isAllowed && older.reason == .granted && older.weighed.contains(.consentSignal))
        context.signal?.allowed = PurposeSet([handle])
        context.signal?.lastUpdated = f.clock.now().addingTimeInterval(30)
        #expect(state.decision(for: handle, in: context).reason == .grantedBySignal)
    }

    @Test func optedOutCalifornianIsNotAskedAgainForTwelveMonths() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        try await ledger.publish(f.noticeVersion(1))
        try await ledger.record(f.draft(.withdraw, [f.ads], jurisdiction: .ccpa))
        var state = try await ledger.state(of: f.alice)
        let earliest = try #require(state.earliestReAsk(for: f.ads, in: f.context(.ccpa)))
        #expect(earliest == f.clock.now().addingTimeInterval(365 * 86_400))
        #expect(state.earliestReAsk(for: f.ads, in: f.context(.gdpr)) == nil)
        #expect(state.earliestReAsk(for: f.ads, in: f.context(.ccpa, gpc: true)) == .distantFuture)
        f.clock.advance(by: 366 * 86_400)
        state = try await ledger.state(of: f.alice)
        #expect(state.earliestReAsk(for: f.ads, in: f.context(.ccpa)) == nil)
    }

    @Test func applyingGPCRecordsProof() async throws {
        let f = try ConsentFixtures()
        let ledger = f.ledger()
        try await ledger.publish(f.noticeVersion(1))
        let recorded = try #require(try await ledger.applyGlobalPrivacyControl(subject: f.alice, jurisdiction: .ccpa, channel: f.web))
        #expect(recorded.events.first?.method == .globalPrivacyControl)
        #expect(recorded.events.first?.purposes == [f.ads])
        let decision = try await ledger.state(of: f.alice).decision(for: f.ads, in: f.context(.ccpa))
        #expect(decision.reason == .withdrawn)
        #expect(try await ledger.applyGlobalPrivacyControl(subject: f.alice, jurisdiction: .ccpa, channel: f.web) == nil)
        #expect(try await ledger.applyGlobalPrivacyControl(subject: f.alice, jurisdiction: .gdpr, channel: f.web) == nil)
    }

    @Test(arguments: [("1", true), (" 1 ", true), ("0", false), ("", false), ("true", false)])
    func secGPCHeader(_ value: String, _ expected: Bool) {
        #expect(DecisionContext.globalPrivacyControl(fromHeader: value) == expected)
        #expect(DecisionContext.globalPrivacyControl(fromHeader: nil) == false)
    }
}
