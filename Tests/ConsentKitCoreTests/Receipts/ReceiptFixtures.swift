import ConsentKitCore
import ConsentKitTesting
import Foundation

/// The shop's controller details and a customer with a few consent events.
struct ReceiptWorld {
    let f: ConsentFixtures
    let notices = InMemoryNoticeStore()
    let ledger: ConsentLedger
    let exporter: ConsentReceiptExporter
    let v1: PrivacyNotice

    static func controller() throws -> ReceiptController {
        try ReceiptController(
            name: "Shop \"Example\" GmbH", contact: "Data Protection Officer",
            address: .init(streetAddress: "Hauptstraße 1", addressLocality: "Zürich", postalCode: "8001", addressCountry: "CH"),
            email: "privacy@shop.example", phone: "tel:+41-44-000-00-00", url: "https://shop.example",
            policyURL: "https://shop.example/privacy/v1")
    }

    init() throws {
        f = try ConsentFixtures()
        ledger = ConsentLedger(catalog: f.catalog, noticeStore: notices, timeSource: f.clock)
        exporter = ConsentReceiptExporter(
            controller: try Self.controller(),
            options: .init(
                serviceName: "Online shop",
                purposeTypes: [f.newsletter: [.directMarketing], f.ads: [.personalisedAdvertising, .sellDataToThirdParties]],
                primaryPurposes: [f.orders]),
            timeSource: f.clock)
        v1 = f.noticeVersion(1)
    }

    /// Five events: newsletter + analytics granted, wellness granted
    /// explicitly, analytics withdrawn, ads granted, fraud objected.
    func recordHistory() async throws {
        try await ledger.publish(v1)
        try await ledger.record(f.draft(.grant, [f.newsletter, f.analytics], notice: v1, id: try ConsentEventID("e1")))
        try await ledger.record(
            f.draft(.grant, [f.wellness], notice: v1, method: .explicitStatement, at: 10, id: try ConsentEventID("e2")))
        try await ledger.record(f.draft(.withdraw, [f.analytics], at: 20, id: try ConsentEventID("e3")))
        try await ledger.record(f.draft(.grant, [f.ads], notice: v1, at: 30, id: try ConsentEventID("e4")))
        try await ledger.record(f.draft(.object, [f.fraud], at: 40, id: try ConsentEventID("e5")))
        f.clock.advance(by: 60)
    }

    func receipt(of subject: SubjectID? = nil, proof: ReceiptProof? = nil) async throws -> ConsentReceipt {
        try await exporter.receipt(
            of: subject ?? f.alice, ledger: ledger, noticeStore: notices, context: f.context(), proof: proof)
    }
}

/// Parses receipt JSON into Foundation values.
func receiptObject(_ data: Data) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw CocoaError(.coderInvalidValue)
    }
    return object
}
