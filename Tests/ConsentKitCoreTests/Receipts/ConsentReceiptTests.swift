import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Consent receipts: ISO/IEC TS 27560 shape")
struct ConsentReceiptISOTests {
    @Test func recordNamesTheControllerSubjectPurposesAndEvents() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let receipt = try await w.receipt()
        let json = try receiptObject(receipt.iso27560JSON())

        #expect(json["schema_version"] as? String == "consentkit-27560/1")
        #expect(json["pii_principal_id"] as? String == "alice")
        #expect(json["jurisdiction"] as? String == "gdpr")
        #expect(json["language"] as? String == "en")
        #expect(json["receipt_timestamp"] as? String == "2026-01-01T00:01:00.000Z")
        #expect((json["namespaces"] as? [String: String])?["dpv"] == "https://w3id.org/dpv#")
        let controller = try #require((json["pii_controllers"] as? [[String: Any]])?.first)
        #expect(controller["party_name"] as? String == "Shop \"Example\" GmbH")
        #expect(controller["party_role"] as? String == "dpv:DataController")
        #expect((controller["party_address"] as? [String: String])?["addressLocality"] == "Zürich")

        let purposes = try #require(json["purposes"] as? [[String: Any]])
        #expect(purposes.map { $0["purpose_id"] as? String } == ["newsletter", "ads.sharing", "analytics", "fraud-prevention", "wellness-tips"])
        let newsletter = purposes[0]
        #expect(newsletter["lawful_basis"] as? String == "dpv:Consent")
        #expect(newsletter["lawful_basis_eu_gdpr"] as? String == "eu-gdpr:A6-1-a")
        #expect(newsletter["purpose_type"] as? [String] == ["dpv:DirectMarketing"])
        #expect(newsletter["recipient_third_parties"] as? [String] == ["MailCo"])
        let notice = try #require(newsletter["privacy_notice"] as? [String: Any])
        #expect(notice["notice_id"] as? String == "privacy-notice")
        #expect(notice["notice_version"] as? Int == 1)
        #expect(notice["content_hash"] as? String == w.v1.contentHash)
        let state = try #require(newsletter["consent_state"] as? [String: Any])
        #expect(state["allowed"] as? Bool == true)
        #expect(state["event_state"] as? String == "dpv:ConsentGiven")
        #expect(state["event_sequence"] as? Int == 1)

        let analytics = try #require(purposes.first { $0["purpose_id"] as? String == "analytics" })
        let analyticsState = try #require(analytics["consent_state"] as? [String: Any])
        #expect(analyticsState["allowed"] as? Bool == false)
        #expect(analyticsState["reason"] as? String == "withdrawn")
        #expect(analyticsState["event_state"] as? String == "dpv:ConsentWithdrawn")
        let fraud = try #require(purposes.first { $0["purpose_id"] as? String == "fraud-prevention" })
        #expect(fraud["lawful_basis"] as? String == "dpv:LegitimateInterest")
        #expect((fraud["consent_state"] as? [String: Any])?["event_state"] == nil, "an objection is not a consent state")
        #expect(fraud["withdrawal_method"] == nil)
        let wellness = try #require(purposes.first { $0["purpose_id"] as? String == "wellness-tips" })
        #expect((wellness["pii_information"] as? [[String: Any]])?.first?["special_pii_category"] as? Bool == true)

        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.map { $0["event_id"] as? String } == ["e1", "e2", "e3", "e4", "e5"])
        #expect(events.map { $0["event_state"] as? String } == ["dpv:ConsentGiven", "dpv:ConsentGiven", "dpv:ConsentWithdrawn", "dpv:ConsentGiven", nil])
        #expect(events.map { $0["event_type"] as? String } == ["dpv:ExpressedConsent", "dpv:ExplicitlyExpressedConsent", nil, "dpv:ExpressedConsent", nil])
        #expect(events[0]["event_time"] as? String == "2026-01-01T00:00:00.000Z")
        #expect(events[0]["entity_id"] as? String == "alice")
        #expect(events[0]["channel"] as? String == "web")
        #expect(events[0]["collection_method"] as? String == "affirmativeAction")
        #expect(json["proof"] == nil)
    }

    @Test func outputIsDeterministicCompactAndSorted() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let first = try await w.receipt()
        let second = try await w.receipt()
        #expect(first == second)
        #expect(first.iso27560JSON() == second.iso27560JSON())
        #expect(first.kantaraJSON() == second.kantaraJSON())
        // An independent serializer, asked for sorted keys, must produce the very same bytes.
        for data in [first.iso27560JSON(), first.kantaraJSON()] {
            let parsed = try JSONSerialization.jsonObject(with: data)
            let reference = try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys, .withoutEscapingSlashes])
            #expect(String(decoding: data, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        }
    }

    @Test func theReceiptIDChangesWithTheRecordButTheRecordIDDoesNot() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let before = try await w.receipt()
        try await w.ledger.record(w.f.draft(.withdraw, [w.f.newsletter]))
        let after = try await w.receipt()
        #expect(before.recordID == after.recordID)
        #expect(before.receiptID != after.receiptID)
        for id in [before.receiptID, before.recordID] {
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36 && bytes[14] == UInt8(ascii: "8"), "\(id) is not a version-8 UUID")
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
            #expect(UUID(uuidString: id) != nil)
        }
    }

    @Test func anUnknownSubjectGetsAnEmptyRecord() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let receipt = try await w.receipt(of: try SubjectID("nobody"))
        #expect(receipt.purposes.isEmpty && receipt.events.isEmpty)
        let iso = try receiptObject(receipt.iso27560JSON())
        #expect((iso["purposes"] as? [Any])?.isEmpty == true)
        #expect((iso["events"] as? [Any])?.isEmpty == true)
        #expect(iso["pii_principal_id"] as? String == "nobody")
        let kantara = try receiptObject(receipt.kantaraJSON())
        #expect(kantara["consentTimestamp"] as? Int == Int(w.f.clock.now().timeIntervalSince1970))
        #expect(kantara["collectionMethod"] as? String == "no consent recorded")
        let services = try #require(kantara["services"] as? [[String: Any]])
        #expect((services.first?["purposes"] as? [Any])?.isEmpty == true)
        #expect(kantara["sensitive"] as? Bool == false)
    }

    @Test func aProofTravelsInTheISOShapeOnly() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let proof = ReceiptProof(
            leafIndex: 4, treeSize: 9, rootHash: String(repeating: "ab", count: 32),
            inclusionPath: [String(repeating: "01", count: 32), String(repeating: "02", count: 32)])
        let receipt = try await w.receipt().with(proof: proof)
        #expect(receipt.proof == proof)
        let iso = try receiptObject(receipt.iso27560JSON())
        let json = try #require(iso["proof"] as? [String: Any])
        #expect(json["leaf_index"] as? Int == 4)
        #expect(json["tree_size"] as? Int == 9)
        #expect((json["inclusion_path"] as? [String])?.count == 2)
        #expect(try receiptObject(receipt.kantaraJSON())["proof"] == nil)
        #expect(try JSONDecoder().decode(ReceiptProof.self, from: JSONEncoder().encode(proof)) == proof)
    }

    @Test func aMaterialNoticeChangeShowsAsInvalidatedConsent() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        try await w.ledger.publish(w.f.noticeVersion(2, recipients: ["MailCo", "NewPartner"]))
        let receipt = try await w.receipt()
        let newsletter = try #require(receipt.purposes.first { $0.id == w.f.newsletter })
        #expect(newsletter.decision.reason == .reconsentNeeded)
        let iso = try receiptObject(receipt.iso27560JSON())
        let state = (iso["purposes"] as? [[String: Any]])?.first?["consent_state"] as? [String: Any]
        #expect(state?["event_state"] as? String == "dpv:ConsentInvalidated")
        #expect(state?["material_notice_version"] as? Int == 2)
        #expect(!receipt.standingConsents.contains { $0.id == w.f.newsletter })
    }

    @Test func thePureExportIgnoresOtherSubjectsAndLaterEvents() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let state = try await w.ledger.state(of: w.f.alice)
        var events = try await w.ledger.history(of: w.f.alice)
        try await w.ledger.record(w.f.draft(.grant, [w.f.newsletter], notice: w.v1, subject: try SubjectID("bob")))
        events += try await w.ledger.history(of: try SubjectID("bob"))
        let pure = w.exporter.receipt(
            for: state, events: events, context: w.f.context(), notices: [w.v1], issuedAt: w.f.clock.now())
        let read = try await w.receipt()
        #expect(pure.events.map(\.id.rawValue) == ["e1", "e2", "e3", "e4", "e5"])
        #expect(pure.iso27560JSON() == read.iso27560JSON())
    }

    @Test func textIsEscapedAsJSONRequires() async throws {
        let f = try ConsentFixtures()
        let odd = try PurposeID("odd")
        let catalog = try PrivacyCatalog(
            categories: [],
            purposes: [
                Purpose(
                    odd, title: "Quote \" and \\ backslash", description: "Line\nbreak, tab\t, bell \u{7}, emoji 🧾",
                    legalBasis: .contract)
            ])
        let ledger = ConsentLedger(catalog: catalog, timeSource: f.clock)
        let exporter = ConsentReceiptExporter(controller: try ReceiptWorld.controller(), timeSource: f.clock)
        let draft = ConsentEventDraft(
            subject: f.alice, kind: .object, purposes: [odd], method: .preferenceCenter, channel: f.web,
            jurisdiction: .ccpa, timestamp: f.clock.now())
        try await ledger.record(draft)
        let receipt = try await exporter.receipt(
            of: f.alice, ledger: ledger, noticeStore: InMemoryNoticeStore(), context: f.context(.ccpa))
        let text = String(decoding: receipt.iso27560JSON(), as: UTF8.self)
        #expect(text.contains(#""Line\nbreak, tab\t, bell \u0007, emoji 🧾""#))
        #expect(text.contains(#""Quote \" and \\ backslash""#))
        let parsed = try receiptObject(receipt.iso27560JSON())
        let purpose = (parsed["purposes"] as? [[String: Any]])?.first
        #expect(purpose?["purpose"] as? String == "Line\nbreak, tab\t, bell \u{7}, emoji 🧾")
        #expect(purpose?["lawful_basis_eu_gdpr"] == nil, "the GDPR article is named only under GDPR")
    }

    @Test func everyReasonIsWrittenUnderItsOwnName() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        try await w.ledger.publish(w.f.noticeVersion(2, recipients: ["MailCo", "NewPartner"]))
        for context in [w.f.context(), w.f.context(.ccpa, gpc: true), w.f.context(.ccpa, age: 14)] {
            let receipt = w.exporter.receipt(
                for: try await w.ledger.state(of: w.f.alice), events: try await w.ledger.history(of: w.f.alice),
                context: context)
            let json = try receiptObject(receipt.iso27560JSON())
            let states = (json["purposes"] as? [[String: Any]] ?? []).map { ($0["consent_state"] as? [String: Any])?["reason"] as? String }
            #expect(states == receipt.purposes.map { $0.decision.reason.description })
        }
    }

    @Test func largeReceiptsGrowTheBuffer() async throws {
        let f = try ConsentFixtures()
        let long = String(repeating: "Ünïcödé and \"quotes\" ", count: 2_000)
        let purposes = try (0..<40).map { index in
            Purpose(try PurposeID("p\(index)"), title: "P\(index)", description: long, legalBasis: .contract)
        }
        let catalog = try PrivacyCatalog(categories: [], purposes: purposes)
        let ledger = ConsentLedger(catalog: catalog, timeSource: f.clock)
        for index in 0..<40 {
            try await ledger.record(
                ConsentEventDraft(
                    subject: f.alice, kind: .object, purposes: [purposes[index].id], method: .preferenceCenter,
                    channel: f.web, jurisdiction: .gdpr, timestamp: f.clock.now()))
        }
        let exporter = ConsentReceiptExporter(controller: try ReceiptWorld.controller(), timeSource: f.clock)
        let receipt = try await exporter.receipt(of: f.alice, ledger: ledger, noticeStore: InMemoryNoticeStore(), context: f.context())
        let data = receipt.iso27560JSON()
        #expect(data.count > 40 * long.utf8.count)
        let parsed = try receiptObject(data)
        #expect((parsed["purposes"] as? [[String: Any]])?.count == 40)
        #expect((parsed["purposes"] as? [[String: Any]])?.last?["purpose"] as? String == long)
        #expect((parsed["events"] as? [Any])?.count == 40)
    }
}
