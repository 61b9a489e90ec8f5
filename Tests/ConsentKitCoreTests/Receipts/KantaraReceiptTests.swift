import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Consent receipts: Kantara Consent Receipt v1.1 shape")
struct KantaraReceiptTests {
    /// The top-level fields of Kantara CR v1.1 §4.3–4.5 and §4.8's schema.
    static let requiredTopLevel: Set<String> = [
        "version", "jurisdiction", "consentTimestamp", "collectionMethod", "consentReceiptID", "language",
        "piiPrincipalId", "piiControllers", "policyUrl", "services", "sensitive", "spiCat",
    ]

    @Test func carriesEveryRequiredFieldWithTheSpecifiedTypes() async throws {
        let w = try ReceiptWorld()
        try await w.recordHistory()
        let receipt = try await w.receipt()
        let json = try receiptObject(receipt.kantaraJSON())
        #expect(Self.requiredTopLevel.isSubset(of: Set(json.keys)))
        #expect(Set(json.keys).subtracting(Self.requiredTopLevel).isSubset(of: ["publicKey"]))
        #expect(json["version"] as? String == "KI-CR-v1.1.0")
        #expect(json["consentReceiptID"] as? String == receipt.receiptID)
        #expect(json["piiPrincipalId"] as? String == "alice")
        #expect(json["policyUrl"] as? String == "https://shop.example/privacy/v1")
        // §4.3.3: seconds since 1970 as a JSON number; the latest event was at +40 s.
        let raw = String(decoding: receipt.kantaraJSON(), as: UTF8.self)
        #expect(raw.contains(#""consentTimestamp":1767225640,"#))
        #expect(json["collectionMethod"] as? String == "affirmativeAction via web")

        let controller = try #require((json["piiControllers"] as? [[String: Any]])?.first)
        #expect(Set(controller.keys) == ["piiController", "onBehalf", "contact", "address", "email", "phone", "piiControllerUrl"])
        #expect((controller["address"] as? [String: String])?["addressCountry"] == "CH")
        #expect(controller["onBehalf"] as? Bool == false)

        let service = try #require((json["services"] as? [[String: Any]])?.first)
        #expect(service["service"] as? String == "Online shop")
        let purposes = try #require(service["purposes"] as? [[String: Any]])
        // Standing consents only: newsletter, ads and wellness; analytics was withdrawn, fraud is not consent.
        #expect(purposes.map { $0["purpose"] as? String } == ["We email you our news.", "We share your browsing with ad partners.", "Tips based on your health data."])
        for purpose in purposes {
            #expect(Set(purpose.keys).isSuperset(of: ["purpose", "purposeCategory", "consentType", "piiCategory", "primaryPurpose", "termination", "thirdPartyDisclosure"]))
        }
        #expect(purposes[0]["purposeCategory"] as? [String] == ["dpv:DirectMarketing"])
        #expect(purposes[0]["consentType"] as? String == "EXPRESSED: affirmativeAction")
        #expect(purposes[0]["piiCategory"] as? [String] == ["contact"])
        #expect(purposes[0]["thirdPartyDisclosure"] as? Bool == true)
        #expect(purposes[0]["thirdPartyName"] as? String == "MailCo")
        #expect(purposes[1]["purposeCategory"] as? [String] == ["dpv:PersonalisedAdvertising", "dpv:SellDataToThirdParties"])
        #expect(purposes[2]["consentType"] as? String == "EXPLICIT")
        #expect(purposes[2]["purposeCategory"] as? [String] == ["wellness-tips"])
        #expect(purposes[2]["thirdPartyDisclosure"] as? Bool == false)
        #expect(purposes[2]["thirdPartyName"] == nil)
        #expect((purposes[0]["termination"] as? String)?.hasPrefix("Until withdrawn") == true)
        // §4.5.12–13: health is a special category, so the receipt is sensitive and names it.
        #expect(json["sensitive"] as? Bool == true)
        #expect(json["spiCat"] as? [String] == ["health"])
    }

    @Test func anExpiringConsentStatesItsEnd() async throws {
        let w = try ReceiptWorld()
        try await w.ledger.publish(w.v1)
        try await w.ledger.record(w.f.draft(.grant, [w.f.analytics], notice: w.v1))
        let receipt = try await w.receipt()
        let json = try receiptObject(receipt.kantaraJSON())
        let purpose = ((json["services"] as? [[String: Any]])?.first?["purposes"] as? [[String: Any]])?.first
        // Analytics consent lives 13 months.
        #expect((purpose?["termination"] as? String)?.hasPrefix("Until withdrawn, at the latest 2027-02-01T00:00:00.000Z") == true)
        #expect(json["sensitive"] as? Bool == false)
        #expect(json["spiCat"] as? [String] == [])
    }

    @Test func publicKeyAppearsWhenConfigured() async throws {
        let w = try ReceiptWorld()
        let exporter = ConsentReceiptExporter(
            controller: try ReceiptWorld.controller(), options: .init(publicKey: "MCowBQYDK2VwAyEA"), timeSource: w.f.clock)
        let receipt = try await exporter.receipt(
            of: w.f.alice, ledger: w.ledger, noticeStore: w.notices, context: w.f.context())
        #expect(try receiptObject(receipt.kantaraJSON())["publicKey"] as? String == "MCowBQYDK2VwAyEA")
        #expect(try receiptObject(receipt.kantaraJSON())["language"] as? String == "en")
    }
}

@Suite("Consent receipts: vocabulary, timestamps and controller input")
struct ReceiptVocabularyTests {
    @Test func legalBasesMapToDPVAndTheGDPRArticle() {
        let expected: [LegalBasis: (String, String)] = [
            .consent: ("dpv:Consent", "eu-gdpr:A6-1-a"),
            .contract: ("dpv:Contract", "eu-gdpr:A6-1-b"),
            .legalObligation: ("dpv:LegalObligation", "eu-gdpr:A6-1-c"),
            .vitalInterest: ("dpv:VitalInterest", "eu-gdpr:A6-1-d"),
            .publicTask: ("dpv:PublicInterest", "eu-gdpr:A6-1-e"),
            .legitimateInterest: ("dpv:LegitimateInterest", "eu-gdpr:A6-1-f"),
        ]
        for basis in LegalBasis.allCases {
            #expect(basis.dpvTerm.compactIRI == expected[basis]?.0, "\(basis)")
            #expect(basis.euGDPRTerm.compactIRI == expected[basis]?.1, "\(basis)")
        }
        #expect(DPVTerm.consent.iri == "https://w3id.org/dpv#Consent")
        #expect(LegalBasis.publicTask.euGDPRTerm.iri == "https://w3id.org/dpv/legal/eu/gdpr#A6-1-e")
    }

    @Test func eventKindsAndMethodsMapToDPVConsentStatesAndTypes() {
        #expect(ConsentEventKind.allCases.map { DPVTerm.consentStatus(after: $0)?.compactIRI } == [
            "dpv:ConsentGiven", "dpv:ConsentRefused", "dpv:ConsentWithdrawn", nil, "dpv:ConsentExpired",
        ])
        #expect(DPVTerm.consentType(of: .explicitStatement) == .explicitlyExpressedConsent)
        #expect(DPVTerm.consentType(of: .affirmativeAction) == .expressedConsent)
        #expect(DPVTerm.consentType(of: .preTickedBox) == .impliedConsent)
        #expect(DPVTerm.consentStatus(for: .noRecord) == .consentUnknown)
        #expect(DPVTerm.consentStatus(for: .legalBasis) == nil)
    }

    @Test(arguments: ["dpv:Marketing", "eu-gdpr:A6-1-a", "pd:EmailAddress"])
    func validTerms(_ raw: String) throws {
        #expect(try DPVTerm(raw).compactIRI == raw)
        let decoded = try JSONDecoder().decode([DPVTerm].self, from: Data(#"["\#(raw)"]"#.utf8))
        #expect(decoded == [try DPVTerm(raw)])
    }

    @Test(arguments: ["Marketing", "dpv:", ":Marketing", "schema:Thing", "dpv:Has Space", "dpv:a#b"])
    func invalidTerms(_ raw: String) {
        #expect(throws: ValidationError.self) { try DPVTerm(raw) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DPVTerm].self, from: Data(#"["\#(raw)"]"#.utf8)) }
    }

    @Test func controllerInputIsValidated() throws {
        #expect(throws: ValidationError.self) {
            try ReceiptController(name: "", contact: "DPO", address: .init(), email: "a@b", phone: "1", policyURL: "https://x")
        }
        let good = #"{"name":"Shop","contact":"DPO","address":{"addressCountry":"CH"},"email":"a@b.example","phone":"tel:+41","policyURL":"https://shop.example/privacy"}"#
        let controller = try JSONDecoder().decode(ReceiptController.self, from: Data(good.utf8))
        #expect(controller.onBehalf == false && controller.url == nil)
        #expect {
            try JSONDecoder().decode(ReceiptController.self, from: Data(good.replacingOccurrences(of: #""tel:+41""#, with: "41").utf8))
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["phone"]
        }
        #expect {
            try JSONDecoder().decode(ReceiptController.self, from: Data(good.replacingOccurrences(of: #""email":"a@b.example","#, with: "").utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.stringValue == "email"
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ReceiptController.self, from: Data(good.replacingOccurrences(of: #""Shop""#, with: #""""#).utf8))
        }
    }

    @Test(arguments: [
        0.0, 0.999, -0.001, 951_782_400.5, 1_767_225_599.999, 4_102_444_800, -2_208_988_800.25, 1_709_164_800, 253_402_300_799,
    ])
    func timestampsMatchFoundationsISO8601(_ seconds: TimeInterval) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let receipt = try ConsentReceipt(
            receiptID: "r", recordID: "r", subject: SubjectID("s"), issuedAt: date, jurisdiction: .gdpr, language: "en",
            controller: ReceiptWorld.controller(), serviceName: "s", withdrawalMethod: "w", publicKey: nil, purposes: [],
            events: [], proof: nil)
        let written = try receiptObject(receipt.iso27560JSON())["receipt_timestamp"] as? String
        // Foundation rounds to the nearest millisecond; receipts round down, so compare from a whole millisecond.
        let whole = Date(timeIntervalSince1970: (seconds * 1_000).rounded(.down) / 1_000)
        let reference = whole.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        #expect(written == reference.replacingOccurrences(of: "+0000", with: "Z"), "\(seconds)")
        let kantara = try receiptObject(receipt.kantaraJSON())["consentTimestamp"] as? Int
        #expect(kantara == Int(seconds.rounded(.down)))
    }
}
