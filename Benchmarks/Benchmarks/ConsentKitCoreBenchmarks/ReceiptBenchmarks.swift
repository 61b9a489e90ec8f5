// Consent receipts: export of a subject's consent record with five events as
// ISO/IEC TS 27560-shaped and Kantara CR v1.1 JSON. Target (issue 5):
// receipt export ≥ 50 k/s.
//
// "export" builds the receipt from a state and history already read and
// writes the JSON; "end to end" adds the reads from the in-memory ledger and
// notice store. The wall clock is per receipt, measured around the loop only.

import Benchmark
import ConsentKitCore
import Foundation

func receiptBenchmarks() {
    let fixture: ReceiptBenchmarkFixture
    do {
        fixture = try ReceiptBenchmarkFixture()
    } catch {
        fatalError("cannot build the receipt benchmark fixture: \(error)")
    }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 10, scalingFactor: .kilo,
        maxDuration: .seconds(2), maxIterations: 10_000, setup: { try await fixture.prepare() })

    Benchmark("ConsentReceipt export, 5 events, ISO 27560 JSON", configuration: configuration) { benchmark in
        let (state, events) = try await fixture.record()
        let exporter = fixture.exporter
        let context = fixture.context
        let notices = [fixture.notice]
        let issued = fixture.time.instant
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let receipt = exporter.receipt(for: state, events: events, context: context, notices: notices, issuedAt: issued)
            blackHole(receipt.iso27560JSON())
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentReceipt export, 5 events, Kantara CR v1.1 JSON", configuration: configuration) { benchmark in
        let (state, events) = try await fixture.record()
        let exporter = fixture.exporter
        let context = fixture.context
        let notices = [fixture.notice]
        let issued = fixture.time.instant
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let receipt = exporter.receipt(for: state, events: events, context: context, notices: notices, issuedAt: issued)
            blackHole(receipt.kantaraJSON())
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentReceipt end to end, 5 events, in-memory stores, ISO 27560 JSON", configuration: configuration) {
        benchmark in
        let exporter = fixture.exporter
        let ledger = fixture.ledger
        let notices = fixture.noticeStore
        let subject = fixture.subject
        let context = fixture.context
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let receipt = try await exporter.receipt(of: subject, ledger: ledger, noticeStore: notices, context: context)
            blackHole(receipt.iso27560JSON())
        }
        benchmark.stopMeasurement()
    }
}

/// A shop catalog of five purposes (one over health data), its notice with
/// two recipients, and a subject with five events: two grants, an explicit
/// grant, a withdrawal and an objection.
private final class ReceiptBenchmarkFixture: Sendable {
    /// Always the same instant, so receipts are identical run after run.
    struct FixedTime: TimeSource {
        let instant: Date
        func now() -> Date { instant }
    }

    let time = FixedTime(instant: Date(timeIntervalSince1970: 1_767_225_600))
    let catalog: PrivacyCatalog
    let notice: PrivacyNotice
    let noticeStore = InMemoryNoticeStore()
    let ledger: ConsentLedger
    let exporter: ConsentReceiptExporter
    let subject: SubjectID
    let channel: Channel
    let purposes: [PurposeID]
    let context: DecisionContext

    init() throws {
        let contact = try DataCategory("contact")
        let behaviour = try DataCategory("behaviour")
        let health = try DataCategory("health")
        let noticeID = try NoticeID("privacy-notice")
        let purposes = try ["newsletter", "ads.sharing", "analytics", "fraud-prevention", "wellness-tips"].map(PurposeID.init)
        self.purposes = purposes
        catalog = try PrivacyCatalog(
            categories: [
                DataCategoryDefinition(contact, title: "Contact details"),
                DataCategoryDefinition(behaviour, title: "Browsing behaviour"),
                DataCategoryDefinition(health, title: "Health", isSpecial: true),
            ],
            purposes: [
                Purpose(
                    purposes[0], title: "Newsletter", description: "We email you our news.", legalBasis: .consent,
                    categories: [contact], retention: try RetentionPeriod(.months(13), after: .lastInteraction),
                    notice: noticeID),
                Purpose(
                    purposes[1], title: "Ad partners", description: "We share your browsing with ad partners.",
                    legalBasis: .consent, categories: [behaviour], isSaleOrSharing: true, notice: noticeID),
                Purpose(
                    purposes[2], title: "Analytics", description: "We measure the site.", legalBasis: .consent,
                    categories: [behaviour], consentLifetime: .months(13), notice: noticeID),
                Purpose(purposes[3], title: "Fraud prevention", description: "We stop fraud.", legalBasis: .legitimateInterest),
                Purpose(
                    purposes[4], title: "Wellness tips", description: "Tips based on your health data.",
                    legalBasis: .consent, categories: [health], notice: noticeID),
            ])
        notice = PrivacyNotice(
            id: noticeID, version: 1, summary: "How we use your data.", fullText: "Everything, in detail.",
            terms: [
                .init(purpose: purposes[0], legalBasis: .consent, categories: [contact], recipients: ["MailCo"]),
                .init(purpose: purposes[1], legalBasis: .consent, categories: [behaviour], recipients: ["AdNet"]),
                .init(purpose: purposes[2], legalBasis: .consent, categories: [behaviour]),
                .init(purpose: purposes[4], legalBasis: .consent, categories: [health]),
            ])
        ledger = ConsentLedger(catalog: catalog, noticeStore: noticeStore, timeSource: time)
        exporter = ConsentReceiptExporter(
            controller: try ReceiptController(
                name: "Shop GmbH", contact: "Data Protection Officer",
                address: .init(streetAddress: "Hauptstrasse 1", addressLocality: "Zurich", postalCode: "8001", addressCountry: "CH"),
                email: "privacy@shop.example", phone: "tel:+41-44-000-00-00", url: "https://shop.example",
                policyURL: "https://shop.example/privacy/v1"),
            options: .init(serviceName: "Online shop", purposeTypes: [purposes[0]: [.directMarketing], purposes[1]: [.personalisedAdvertising]]),
            timeSource: time)
        subject = try SubjectID("benchmark-subject")
        channel = try Channel("web")
        context = DecisionContext(jurisdiction: .gdpr, now: time.instant)
    }

    /// Publishes the notice and records the subject's five events, once.
    func prepare() async throws {
        guard try await ledger.history(of: subject).isEmpty else { return }
        try await ledger.publish(notice)
        let script: [(ConsentEventKind, [Int], ConsentMethod)] = [
            (.grant, [0, 2], .affirmativeAction), (.grant, [4], .explicitStatement), (.withdraw, [2], .preferenceCenter),
            (.grant, [1], .affirmativeAction), (.object, [3], .preferenceCenter),
        ]
        for (offset, (kind, indices, method)) in script.enumerated() {
            try await ledger.record(
                ConsentEventDraft(
                    subject: subject, kind: kind, purposes: indices.map { purposes[$0] },
                    notice: kind == .grant ? notice.reference : nil, method: method, channel: channel,
                    jurisdiction: .gdpr, timestamp: time.instant.addingTimeInterval(TimeInterval(offset * 10 - 60))))
        }
    }

    /// The subject's state and history.
    func record() async throws -> (ConsentState, [ConsentEvent]) {
        (try await ledger.state(of: subject), try await ledger.history(of: subject))
    }
}
