import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

/// Pins the exact bytes of both receipt shapes for one fixed history, so any
/// change to the documented layout is a deliberate one (and bumps
/// `ConsentReceipt.iso27560SchemaVersion`). The expected JSON was reviewed
/// field by field against the Kantara CR v1.1 field list and the DPV terms
/// cited in `DPVTerm`.
@Suite("Consent receipts: golden output")
struct ReceiptGoldenTests {
    @Test func bothShapesAreByteForByteStable() async throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)
        let clock = ManualTimeSource(start)
        let contact = try DataCategory("contact")
        let behaviour = try DataCategory("behaviour")
        let health = try DataCategory("health")
        let newsletter = try PurposeID("newsletter")
        let ads = try PurposeID("ads.sharing")
        let analytics = try PurposeID("analytics")
        let fraud = try PurposeID("fraud-prevention")
        let wellness = try PurposeID("wellness-tips")
        let noticeID = try NoticeID("privacy-notice")
        let catalog = try PrivacyCatalog(
            categories: [
                DataCategoryDefinition(contact, title: "Contact details"),
                DataCategoryDefinition(behaviour, title: "Browsing behaviour"),
                DataCategoryDefinition(health, title: "Health", isSpecial: true),
            ],
            purposes: [
                Purpose(
                    newsletter, title: "Newsletter", description: "We email you our news.", legalBasis: .consent,
                    categories: [contact], retention: try RetentionPeriod(.months(13), after: .lastInteraction),
                    notice: noticeID),
                Purpose(
                    ads, title: "Ad partners", description: "We share your browsing with ad partners.",
                    legalBasis: .consent, categories: [behaviour], defaults: ["ccpa": .optOut], isSaleOrSharing: true,
                    notice: noticeID),
                Purpose(
                    analytics, title: "Analytics", description: "We measure the site.", legalBasis: .consent,
                    categories: [behaviour], consentLifetime: .months(13), notice: noticeID),
                Purpose(fraud, title: "Fraud prevention", description: "We stop fraud.", legalBasis: .legitimateInterest),
                Purpose(
                    wellness, title: "Wellness tips", description: "Tips based on your health data.", legalBasis: .consent,
                    categories: [health], notice: noticeID),
            ])
        let notice = PrivacyNotice(
            id: noticeID, version: 1, summary: "How we use your data.", fullText: "Full text.",
            terms: [
                .init(purpose: newsletter, legalBasis: .consent, categories: [contact], recipients: ["MailCo"]),
                .init(purpose: ads, legalBasis: .consent, categories: [behaviour], recipients: ["AdNet"]),
                .init(purpose: analytics, legalBasis: .consent, categories: [behaviour]),
                .init(purpose: wellness, legalBasis: .consent, categories: [health]),
            ])
        #expect(notice.contentHash == "00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97")
        let notices = InMemoryNoticeStore()
        let ledger = ConsentLedger(catalog: catalog, noticeStore: notices, timeSource: clock)
        try await ledger.publish(notice)
        let alice = try SubjectID("alice")
        let web = try Channel("web")
        func draft(
            _ kind: ConsentEventKind, _ purposes: [PurposeID], _ id: String, at offset: TimeInterval,
            method: ConsentMethod = .affirmativeAction, withNotice: Bool = true
        ) throws -> ConsentEventDraft {
            ConsentEventDraft(
                id: try ConsentEventID(id), subject: alice, kind: kind, purposes: purposes,
                notice: withNotice ? notice.reference : nil, method: method, channel: web, jurisdiction: .gdpr,
                timestamp: start.addingTimeInterval(offset))
        }
        try await ledger.record(draft(.grant, [newsletter, analytics], "e1", at: 0))
        try await ledger.record(draft(.grant, [wellness], "e2", at: 10, method: .explicitStatement))
        try await ledger.record(draft(.withdraw, [analytics], "e3", at: 20, withNotice: false))
        try await ledger.record(draft(.grant, [ads], "e4", at: 30))
        try await ledger.record(draft(.object, [fraud], "e5", at: 40, withNotice: false))
        clock.advance(by: 60)

        let exporter = ConsentReceiptExporter(
            controller: try ReceiptController(
                name: "Shop GmbH", contact: "Data Protection Officer",
                address: .init(streetAddress: "Hauptstrasse 1", addressLocality: "Zurich", postalCode: "8001", addressCountry: "CH"),
                email: "privacy@shop.example", phone: "tel:+41-44-000-00-00", url: "https://shop.example",
                policyURL: "https://shop.example/privacy/v1"),
            options: .init(
                serviceName: "Online shop", purposeTypes: [newsletter: [.directMarketing], ads: [.personalisedAdvertising]]),
            timeSource: clock)
        let receipt = try await exporter.receipt(
            of: alice, ledger: ledger, noticeStore: notices, context: DecisionContext(jurisdiction: .gdpr, now: clock.now()))

        #expect(String(decoding: receipt.iso27560JSON(), as: UTF8.self) == Self.iso27560)
        #expect(String(decoding: receipt.kantaraJSON(), as: UTF8.self) == Self.kantara)
    }

    static let iso27560 = #"""
{"events":[{"channel":"web","collection_method":"affirmativeAction","entity_id":"alice","entity_role":"subject","event_id":"e1","event_kind":"grant","event_sequence":1,"event_state":"dpv:ConsentGiven","event_time":"2026-01-01T00:00:00.000Z","event_type":"dpv:ExpressedConsent","jurisdiction":"gdpr","privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","notice_id":"privacy-notice","notice_version":1},"purposes":["newsletter","analytics"]},{"channel":"web","collection_method":"explicitStatement","entity_id":"alice","entity_role":"subject","event_id":"e2","event_kind":"grant","event_sequence":2,"event_state":"dpv:ConsentGiven","event_time":"2026-01-01T00:00:10.000Z","event_type":"dpv:ExplicitlyExpressedConsent","jurisdiction":"gdpr","privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","notice_id":"privacy-notice","notice_version":1},"purposes":["wellness-tips"]},{"channel":"web","collection_method":"affirmativeAction","entity_id":"alice","entity_role":"subject","event_id":"e3","event_kind":"withdraw","event_sequence":3,"event_state":"dpv:ConsentWithdrawn","event_time":"2026-01-01T00:00:20.000Z","jurisdiction":"gdpr","purposes":["analytics"]},{"channel":"web","collection_method":"affirmativeAction","entity_id":"alice","entity_role":"subject","event_id":"e4","event_kind":"grant","event_sequence":4,"event_state":"dpv:ConsentGiven","event_time":"2026-01-01T00:00:30.000Z","event_type":"dpv:ExpressedConsent","jurisdiction":"gdpr","privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","notice_id":"privacy-notice","notice_version":1},"purposes":["ads.sharing"]},{"channel":"web","collection_method":"affirmativeAction","entity_id":"alice","entity_role":"subject","event_id":"e5","event_kind":"object","event_sequence":5,"event_time":"2026-01-01T00:00:40.000Z","jurisdiction":"gdpr","purposes":["fraud-prevention"]}],"jurisdiction":"gdpr","language":"en","namespaces":{"dpv":"https://w3id.org/dpv#","eu-gdpr":"https://w3id.org/dpv/legal/eu/gdpr#","pd":"https://w3id.org/dpv/pd#"},"pii_controllers":[{"on_behalf":false,"party_address":{"addressCountry":"CH","addressLocality":"Zurich","postalCode":"8001","streetAddress":"Hauptstrasse 1"},"party_contact":"Data Protection Officer","party_email":"privacy@shop.example","party_id":"Shop GmbH","party_name":"Shop GmbH","party_phone":"tel:+41-44-000-00-00","party_role":"dpv:DataController","party_url":"https://shop.example","policy_url":"https://shop.example/privacy/v1"}],"pii_principal_id":"alice","purposes":[{"consent_state":{"allowed":true,"event_sequence":1,"event_state":"dpv:ConsentGiven","event_time":"2026-01-01T00:00:00.000Z","notice_version":1,"reason":"granted"},"lawful_basis":"dpv:Consent","lawful_basis_eu_gdpr":"eu-gdpr:A6-1-a","pii_information":[{"pii_type":"contact","special_pii_category":false}],"primary_purpose":false,"privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","language":"en","notice_id":"privacy-notice","notice_version":1,"policy_url":"https://shop.example/privacy/v1"},"purpose":"We email you our news.","purpose_id":"newsletter","purpose_title":"Newsletter","purpose_type":["dpv:DirectMarketing"],"recipient_third_parties":["MailCo"],"retention_period":"13 months after lastInteraction","service":"Online shop","withdrawal_method":"Withdraw at any time in your privacy settings, as easily as you gave consent."},{"consent_state":{"allowed":true,"event_sequence":4,"event_state":"dpv:ConsentGiven","event_time":"2026-01-01T00:00:30.000Z","notice_version":1,"reason":"granted"},"lawful_basis":"dpv:Consent","lawful_basis_eu_gdpr":"eu-gdpr:A6-1-a","pii_information":[{"pii_type":"behaviour","special_pii_category":false}],"primary_purpose":false,"privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","language":"en","notice_id":"privacy-notice","notice_version":1,"policy_url":"https://shop.example/privacy/v1"},"purpose":"We share your browsing with ad partners.","purpose_id":"ads.sharing","purpose_title":"Ad partners","purpose_type":["dpv:PersonalisedAdvertising"],"recipient_third_parties":["AdNet"],"service":"Online shop","withdrawal_method":"Withdraw at any time in your privacy settings, as easily as you gave consent."},{"consent_state":{"allowed":false,"event_sequence":3,"event_state":"dpv:ConsentWithdrawn","event_time":"2026-01-01T00:00:20.000Z","reason":"withdrawn"},"lawful_basis":"dpv:Consent","lawful_basis_eu_gdpr":"eu-gdpr:A6-1-a","pii_information":[{"pii_type":"behaviour","special_pii_category":false}],"primary_purpose":false,"privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","language":"en","notice_id":"privacy-notice","notice_version":1,"policy_url":"https://shop.example/privacy/v1"},"purpose":"We measure the site.","purpose_id":"analytics","purpose_title":"Analytics","recipient_third_parties":[],"service":"Online shop","withdrawal_method":"Withdraw at any time in your privacy settings, as easily as you gave consent."},{"consent_state":{"allowed":false,"event_sequence":5,"event_time":"2026-01-01T00:00:40.000Z","reason":"objected"},"lawful_basis":"dpv:LegitimateInterest","lawful_basis_eu_gdpr":"eu-gdpr:A6-1-f","pii_information":[],"primary_purpose":false,"purpose":"We stop fraud.","purpose_id":"fraud-prevention","purpose_title":"Fraud prevention","recipient_third_parties":[],"service":"Online shop"},{"consent_state":{"allowed":true,"event_sequence":2,"event_state":"dpv:ConsentGiven","event_time":"2026-01-01T00:00:10.000Z","notice_version":1,"reason":"granted"},"lawful_basis":"dpv:Consent","lawful_basis_eu_gdpr":"eu-gdpr:A6-1-a","pii_information":[{"pii_type":"health","special_pii_category":true}],"primary_purpose":false,"privacy_notice":{"content_hash":"00d1fdef735f1c35df9397f52011ea6605381dc4c854cafca1a1cddc59332e97","language":"en","notice_id":"privacy-notice","notice_version":1,"policy_url":"https://shop.example/privacy/v1"},"purpose":"Tips based on your health data.","purpose_id":"wellness-tips","purpose_title":"Wellness tips","recipient_third_parties":[],"service":"Online shop","withdrawal_method":"Withdraw at any time in your privacy settings, as easily as you gave consent."}],"receipt_id":"23530bd8-7653-8807-8868-a0fd982d8a3e","receipt_timestamp":"2026-01-01T00:01:00.000Z","record_id":"e68c94e4-964e-89c3-b7b3-98870d05c1e2","schema_version":"consentkit-27560/1"}
"""#

    static let kantara = #"""
{"collectionMethod":"affirmativeAction via web","consentReceiptID":"23530bd8-7653-8807-8868-a0fd982d8a3e","consentTimestamp":1767225640,"jurisdiction":"gdpr","language":"en","piiControllers":[{"address":{"addressCountry":"CH","addressLocality":"Zurich","postalCode":"8001","streetAddress":"Hauptstrasse 1"},"contact":"Data Protection Officer","email":"privacy@shop.example","onBehalf":false,"phone":"tel:+41-44-000-00-00","piiController":"Shop GmbH","piiControllerUrl":"https://shop.example"}],"piiPrincipalId":"alice","policyUrl":"https://shop.example/privacy/v1","sensitive":true,"services":[{"purposes":[{"consentType":"EXPRESSED: affirmativeAction","piiCategory":["contact"],"primaryPurpose":false,"purpose":"We email you our news.","purposeCategory":["dpv:DirectMarketing"],"termination":"Until withdrawn. Withdraw at any time in your privacy settings, as easily as you gave consent.","thirdPartyDisclosure":true,"thirdPartyName":"MailCo"},{"consentType":"EXPRESSED: affirmativeAction","piiCategory":["behaviour"],"primaryPurpose":false,"purpose":"We share your browsing with ad partners.","purposeCategory":["dpv:PersonalisedAdvertising"],"termination":"Until withdrawn. Withdraw at any time in your privacy settings, as easily as you gave consent.","thirdPartyDisclosure":true,"thirdPartyName":"AdNet"},{"consentType":"EXPLICIT","piiCategory":["health"],"primaryPurpose":false,"purpose":"Tips based on your health data.","purposeCategory":["wellness-tips"],"termination":"Until withdrawn. Withdraw at any time in your privacy settings, as easily as you gave consent.","thirdPartyDisclosure":false}],"service":"Online shop"}],"spiCat":["health"],"version":"KI-CR-v1.1.0"}
"""#
}
