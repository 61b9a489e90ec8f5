import ConsentKitCore
import ConsentKitTesting
import Foundation

/// A small shop catalog shared by the consent tests.
struct ConsentFixtures {
    let contact: DataCategory
    let behaviour: DataCategory
    let health: DataCategory
    let newsletter: PurposeID
    let ads: PurposeID
    let analytics: PurposeID
    let orders: PurposeID
    let fraud: PurposeID
    let wellness: PurposeID
    let catalog: PrivacyCatalog
    let notice: NoticeID
    let web: Channel
    let alice: SubjectID
    let clock: ManualTimeSource

    init() throws {
        contact = try DataCategory("contact")
        behaviour = try DataCategory("behaviour")
        health = try DataCategory("health")
        newsletter = try PurposeID("newsletter")
        ads = try PurposeID("ads.sharing")
        analytics = try PurposeID("analytics")
        orders = try PurposeID("orders")
        fraud = try PurposeID("fraud-prevention")
        wellness = try PurposeID("wellness-tips")
        notice = try NoticeID("privacy-notice")
        web = try Channel("web")
        alice = try SubjectID("alice")
        clock = ManualTimeSource(Date(timeIntervalSince1970: 1_767_225_600))
        catalog = try PrivacyCatalog(
            categories: [
                DataCategoryDefinition(contact, title: "Contact details"),
                DataCategoryDefinition(behaviour, title: "Browsing behaviour"),
                DataCategoryDefinition(health, title: "Health", isSpecial: true),
            ],
            purposes: [
                Purpose(
                    newsletter, title: "Newsletter", description: "We email you our news.", legalBasis: .consent,
                    categories: [contact], fields: [try FieldPath("contact.email")], notice: notice),
                Purpose(
                    ads, title: "Ad partners", description: "We share your browsing with ad partners.",
                    legalBasis: .consent, categories: [behaviour], defaults: ["ccpa": .optOut], isSaleOrSharing: true,
                    notice: notice),
                Purpose(
                    analytics, title: "Analytics", description: "We measure the site.", legalBasis: .consent,
                    categories: [behaviour], consentLifetime: .months(13), notice: notice),
                Purpose(orders, title: "Orders", description: "We fulfil your orders.", legalBasis: .contract),
                Purpose(fraud, title: "Fraud prevention", description: "We stop fraud.", legalBasis: .legitimateInterest),
                Purpose(
                    wellness, title: "Wellness tips", description: "Tips based on your health data.",
                    legalBasis: .consent, categories: [health], notice: notice),
            ])
    }

    func noticeVersion(_ version: Int, recipients: Set<String> = ["MailCo"], adsRecipients: Set<String> = ["AdNet"]) -> PrivacyNotice {
        PrivacyNotice(
            id: notice, version: version, summary: "How we use your data (v\(version)).",
            fullText: "Full text, version \(version).",
            terms: [
                .init(purpose: newsletter, legalBasis: .consent, categories: [contact], recipients: recipients),
                .init(purpose: ads, legalBasis: .consent, categories: [behaviour], recipients: adsRecipients),
                .init(purpose: analytics, legalBasis: .consent, categories: [behaviour]),
                .init(purpose: wellness, legalBasis: .consent, categories: [health]),
            ])
    }

    func ledger(store: any ConsentStore = InMemoryConsentStore()) -> ConsentLedger {
        ConsentLedger(catalog: catalog, consentStore: store, timeSource: clock)
    }

    func draft(
        _ kind: ConsentEventKind, _ purposes: [PurposeID], notice: PrivacyNotice? = nil,
        method: ConsentMethod = .affirmativeAction, jurisdiction: Jurisdiction = .gdpr, subject: SubjectID? = nil,
        at offset: TimeInterval = 0, id: ConsentEventID = .random()
    ) -> ConsentEventDraft {
        ConsentEventDraft(
            id: id, subject: subject ?? alice, kind: kind, purposes: purposes, notice: notice?.reference,
            method: method, channel: web, jurisdiction: jurisdiction,
            timestamp: clock.now().addingTimeInterval(offset))
    }

    func context(_ jurisdiction: Jurisdiction = .gdpr, gpc: Bool = false, age: Int? = nil) -> DecisionContext {
        DecisionContext(jurisdiction: jurisdiction, now: clock.now(), globalPrivacyControl: gpc, subjectAge: age)
    }
}
