import ConsentKitCore
import Foundation
import Testing

/// Keeps README.md's quick start honest: the same code, compiled and run.
@Suite("README quick start")
struct ReadmeQuickStartTests {
    @Test func quickStartRunsAsWritten() async throws {
        let newsletter = try PurposeID("newsletter"), contact = try DataCategory("contact")
        let noticeID = try NoticeID("privacy-notice")
        let catalog = try PrivacyCatalog(
            categories: [DataCategoryDefinition(contact, title: "Contact details")],
            purposes: [
                Purpose(
                    newsletter, title: "Newsletter", description: "Our news, weekly.",
                    legalBasis: .consent, categories: [contact],
                    fields: [try FieldPath("contact.email")], notice: noticeID)
            ])
        let ledger = ConsentLedger(catalog: catalog)
        let notice = PrivacyNotice(
            id: noticeID, version: 1, summary: "We email you our news.", fullText: "…",
            terms: [.init(purpose: newsletter, legalBasis: .consent, categories: [contact])])
        try await ledger.publish(notice)

        let alice = try SubjectID("customer-42")
        try await ledger.record(
            ConsentEventDraft(
                subject: alice, kind: .grant, purposes: [newsletter],
                notice: notice.reference, method: .affirmativeAction, channel: try Channel("web"),
                jurisdiction: .gdpr, timestamp: .now))
        let state = try await ledger.state(of: alice)
        let decision = state.decision(for: newsletter, in: DecisionContext(jurisdiction: .gdpr, now: .now))
        #expect(decision.isAllowed)
        #expect(decision.description.hasPrefix("newsletter: allowed — granted, event #1"))
    }
}
