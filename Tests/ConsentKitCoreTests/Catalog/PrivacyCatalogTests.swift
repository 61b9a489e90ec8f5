import ConsentKitCore
import Foundation
import Testing

@Suite("Privacy catalog")
struct PrivacyCatalogTests {
    // MARK: Validation

    @Test func everyProblemIsReportedAtOnce() throws {
        let contact = try DataCategory("contact")
        let health = try DataCategory("health")
        let notice = try NoticeID("privacy-notice")
        let error = #expect(throws: CatalogError.self) {
            try PrivacyCatalog(
                categories: [
                    DataCategoryDefinition(contact, title: "Contact details"),
                    DataCategoryDefinition(health, title: "Health", isSpecial: true),
                ],
                purposes: [
                    Purpose(
                        try PurposeID("newsletter"), title: "Newsletter", description: "News.", legalBasis: .consent,
                        categories: [contact], notice: notice),
                    Purpose(try PurposeID("newsletter"), title: "Again", description: "Twice.", legalBasis: .legitimateInterest),
                    Purpose(
                        try PurposeID("ads"), title: "Ads", description: "Ads.", legalBasis: .consent,
                        categories: [try DataCategory("location")], notice: notice),
                    Purpose(try PurposeID("surveys"), title: "Surveys", description: "Surveys.", legalBasis: .consent),
                    Purpose(
                        try PurposeID("health-check"), title: "Health check", description: "Checks.", legalBasis: .contract,
                        categories: [health]),
                    Purpose(try PurposeID("orders"), title: "", description: "Orders.", legalBasis: .contract),
                ])
        }
        let problems = try #require(error?.problems)
        #expect(
            problems.map(\.code) == [
                .duplicatePurpose, .unknownCategory, .consentPurposeWithoutNotice, .specialCategoryWithoutConsent, .missingText,
            ])
        #expect(
            problems.map(\.location) == [
                #"purposes[1] ("newsletter")"#, #"purposes[2] ("ads")"#, #"purposes[3] ("surveys")"#,
                #"purposes[4] ("health-check")"#, #"purposes[5] ("orders")"#,
            ])
        #expect(problems[1].message.contains(#""location""#))
        #expect(problems[3].message.contains(#""health""#) && problems[3].message.contains("contract"))
        #expect(problems[4].message.contains("title"))
        let description = try #require(error?.description)
        #expect(description.hasPrefix("invalid privacy catalog (5 problems):"))
        #expect(description.split(separator: "\n").count == 6)
    }

    @Test func categoryProblemsAreReportedWithPurposeProblems() throws {
        let contact = try DataCategory("contact")
        let error = #expect(throws: CatalogError.self) {
            try PrivacyCatalog(
                categories: [
                    DataCategoryDefinition(contact, title: "Contact"), DataCategoryDefinition(contact, title: "Contact again"),
                    DataCategoryDefinition(try DataCategory("payment"), title: ""),
                ],
                purposes: [Purpose(try PurposeID("orders"), title: "Orders", description: "", legalBasis: .contract)])
        }
        #expect(error?.problems.map(\.code) == [.duplicateCategory, .missingText, .missingText])
        #expect(error?.problems.map(\.location) == ["categories[1]", "categories[2]", #"purposes[0] ("orders")"#])
        #expect(error?.problems[0].message.contains(#""contact""#) == true)
        #expect(error?.problems[1].message.contains(#""payment""#) == true)
        #expect(error?.problems[2].message.contains("description") == true)
    }

    @Test func lookupsAndSpecialCategories() throws {
        let catalog = try PrivacyCatalog(json: Data(Self.shopCatalogJSON.utf8))
        let wellness = try #require(catalog.purpose(try PurposeID("wellness-tips")))
        #expect(catalog.usesSpecialCategories(wellness))
        #expect(!catalog.usesSpecialCategories(try #require(catalog.purpose(try PurposeID("newsletter")))))
        let handle = try #require(catalog.handle(for: try PurposeID("orders")))
        #expect(catalog[handle].id == (try PurposeID("orders")))
        #expect(catalog.purposes[handle.index].legalBasis == .contract)
        #expect(catalog.handle(for: try PurposeID("unknown")) == nil)
        #expect(catalog.purpose(try PurposeID("unknown")) == nil)
        #expect(catalog.category(try DataCategory("health"))?.isSpecial == true)
        #expect(catalog.category(try DataCategory("unknown")) == nil)
    }

    // MARK: JSON

    @Test func realisticJSONCatalogDecodes() throws {
        let catalog = try PrivacyCatalog(json: Data(Self.shopCatalogJSON.utf8))
        #expect(catalog.categories.map(\.id.rawValue) == ["contact", "behaviour", "payment", "health"])
        #expect(catalog.purposes.map(\.id.rawValue) == [
            "newsletter", "ads.personalized", "analytics", "orders", "fraud-prevention", "wellness-tips",
        ])
        let ads = try #require(catalog.purpose(try PurposeID("ads.personalized")))
        #expect(ads.isSaleOrSharing)
        #expect(ads.consentDefault(in: .ccpa) == .optOut)
        #expect(ads.consentDefault(in: .gdpr) == .optIn)
        #expect(ads.consentLifetime == .months(13))
        #expect(ads.notice == (try NoticeID("privacy-notice")))
        let orders = try #require(catalog.purpose(try PurposeID("orders")))
        #expect(orders.retention == (try RetentionPeriod(.years(10), after: .contractEnd)))
        #expect(orders.fields == [try FieldPath("contact.email"), try FieldPath("payment.card.last4"), try FieldPath("order.*")])
        #expect(orders.iconName == "shippingbox")
        #expect(orders.notice == nil)
    }

    @Test func minimalJSONNeedsOnlyTheEssentialKeysAndEncodesStably() throws {
        let json = #"""
            {"categories": [{"id": "contact", "title": "Contact"}],
             "purposes": [{"id": "orders", "title": "Orders", "description": "We deliver.", "legalBasis": "contract"},
                          {"id": "news", "title": "News", "description": "Weekly news.", "legalBasis": "consent",
                           "categories": ["contact"], "notice": "n", "consentLifetime": {"months": 13},
                           "retention": {"duration": {"days": 30}, "trigger": "consentWithdrawal"}}]}
            """#
        let catalog = try PrivacyCatalog(json: Data(json.utf8))
        let news = try #require(catalog.purpose(try PurposeID("news")))
        #expect(news.fields.isEmpty && news.defaults.isEmpty && !news.isSaleOrSharing)
        #expect(news.consentLifetime == .months(13))
        #expect(news.retention == (try RetentionPeriod(.days(30), after: .consentWithdrawal)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let once = try encoder.encode(catalog)
        #expect(try encoder.encode(try JSONDecoder().decode(PrivacyCatalog.self, from: once)) == once)
        let text = String(decoding: once, as: UTF8.self)
        #expect(text.contains(#""consentLifetime":{"months":13}"#))
        #expect(text.contains(#""trigger":"consentWithdrawal""#))
        #expect(!text.contains("isSaleOrSharing"))
    }

    @Test(arguments: [#"{}"#, #"{"days": 1, "months": 2}"#, #"{"weeks": 2}"#])
    func durationsNeedExactlyOneUnit(_ json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RetentionPeriod.Duration.self, from: Data(json.utf8)) }
    }

    @Test func jsonRoundTrip() throws {
        let decoded = try PrivacyCatalog(json: Data(Self.shopCatalogJSON.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = try encoder.encode(decoded)
        let again = try PrivacyCatalog(json: encoded)
        #expect(again == decoded)
        // Not byte-compared: a purpose's categories are a Set, encoded in hash order.
        // Through the Codable conformance too, as part of a host's own configuration.
        struct HostConfiguration: Codable { var catalog: PrivacyCatalog }
        let wrapped = try JSONDecoder().decode(HostConfiguration.self, from: try encoder.encode(HostConfiguration(catalog: decoded)))
        #expect(wrapped.catalog == decoded)
        #expect(wrapped.catalog.handle(for: try PurposeID("analytics")) == decoded.handle(for: try PurposeID("analytics")))
    }

    @Test func validationProblemsInJSONAreReportedLikeInSwift() throws {
        let json = Self.shopCatalogJSON.replacingOccurrences(of: #""notice": "privacy-notice""#, with: #""notice": null"#)
        let error = #expect(throws: CatalogError.self) { try PrivacyCatalog(json: Data(json.utf8)) }
        #expect(error?.problems.count == 4)
        #expect(error?.problems.allSatisfy { $0.code == .consentPurposeWithoutNotice } == true)
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let location: String
        let message: String
        var testDescription: String { name }
    }

    static let malformedCases: [MalformedCase] = [
        .init(
            name: "wrong type", json: catalog(purpose: #"{"id": "a", "title": 5, "description": "d", "legalBasis": "contract", "categories": [], "fields": [], "defaults": {}, "isSaleOrSharing": false}"#),
            location: "purposes[0].title", message: "String"),
        .init(
            name: "missing key", json: catalog(purpose: #"{"id": "a", "title": "A", "description": "d", "categories": [], "fields": [], "defaults": {}, "isSaleOrSharing": false}"#),
            location: "purposes[0]", message: #"missing key "legalBasis""#),
        .init(
            name: "null value", json: catalog(purpose: #"{"id": "a", "title": null, "description": "d", "legalBasis": "contract", "categories": [], "fields": [], "defaults": {}, "isSaleOrSharing": false}"#),
            location: "purposes[0].title", message: "String"),
        .init(
            name: "empty purpose id", json: catalog(purpose: #"{"id": "", "title": "A", "description": "d", "legalBasis": "contract", "categories": [], "fields": [], "defaults": {}, "isSaleOrSharing": false}"#),
            location: "purposes[0].id", message: "PurposeID"),
        .init(
            name: "control character in a category id",
            json: #"{"categories": [{"id": "con\u0001tact", "title": "Contact", "isSpecial": false}], "purposes": []}"#,
            location: "categories[0].id", message: "control character"),
        .init(
            name: "invalid field path", json: catalog(purpose: #"{"id": "a", "title": "A", "description": "d", "legalBasis": "contract", "categories": [], "fields": ["contact.email", "contact..phone"], "defaults": {}, "isSaleOrSharing": false}"#),
            location: "purposes[0].fields[1]", message: #""contact..phone""#),
        .init(
            name: "unknown legal basis", json: catalog(purpose: #"{"id": "a", "title": "A", "description": "d", "legalBasis": "vibes", "categories": [], "fields": [], "defaults": {}, "isSaleOrSharing": false}"#),
            location: "purposes[0].legalBasis", message: "vibes"),
        .init(
            name: "unknown default", json: catalog(purpose: #"{"id": "a", "title": "A", "description": "d", "legalBasis": "consent", "notice": "n", "categories": [], "fields": [], "defaults": {"ccpa": "maybe"}, "isSaleOrSharing": false}"#),
            location: "purposes[0].defaults.ccpa", message: "maybe"),
        .init(
            name: "negative retention", json: catalog(purpose: #"{"id": "a", "title": "A", "description": "d", "legalBasis": "contract", "categories": [], "fields": [], "defaults": {}, "isSaleOrSharing": false, "retention": {"duration": {"days": -1}, "trigger": "collection"}}"#),
            location: "purposes[0].retention.duration", message: "negative"),
        .init(name: "not JSON", json: #"{"categories": ["#, location: "catalog", message: ""),
        .init(name: "an array instead of an object", json: "[]", location: "catalog", message: "Dictionary"),
    ]

    private static func catalog(purpose: String) -> String {
        #"{"categories": [], "purposes": [\#(purpose)]}"#
    }

    @Test(arguments: malformedCases)
    func malformedJSONNamesTheLocation(_ testCase: MalformedCase) throws {
        let error = #expect(throws: CatalogError.self) { try PrivacyCatalog(json: Data(testCase.json.utf8)) }
        let problem = try #require(error?.problems.first)
        #expect(error?.problems.count == 1)
        #expect(problem.code == .malformedJSON)
        #expect(problem.location == testCase.location)
        #expect(testCase.message.isEmpty || problem.message.contains(testCase.message), "\(problem.message)")
    }

    @Test func oversizedJSONIsRefusedBeforeParsing() throws {
        let limit = PrivacyCatalog.maximumJSONByteCount
        #expect(limit == 4 << 20)
        let error = #expect(throws: CatalogError.self) {
            try PrivacyCatalog(json: Data(repeating: UInt8(ascii: " "), count: limit + 1))
        }
        #expect(error?.problems.map(\.code) == [.tooLarge])
        #expect(error?.problems.first?.location == "catalog")
        #expect(error?.problems.first?.message.contains("\(limit + 1) bytes") == true)
        // At the limit the size is accepted; whitespace alone is then malformed, not too large.
        let atLimit = #expect(throws: CatalogError.self) {
            try PrivacyCatalog(json: Data(repeating: UInt8(ascii: " "), count: limit))
        }
        #expect(atLimit?.problems.map(\.code) == [.malformedJSON])
    }

    /// A shop's catalog as a host would keep it in a JSON file: every key the
    /// decoder requires, durations and triggers in their encoded form.
    static let shopCatalogJSON = #"""
        {
          "categories": [
            { "id": "contact", "title": "Contact details", "isSpecial": false },
            { "id": "behaviour", "title": "Browsing behaviour", "isSpecial": false },
            { "id": "payment", "title": "Payment details", "isSpecial": false },
            { "id": "health", "title": "Health", "isSpecial": true }
          ],
          "purposes": [
            {
              "id": "newsletter", "title": "Newsletter", "description": "We email you our news, at most weekly.",
              "iconName": "envelope", "legalBasis": "consent", "categories": ["contact"], "fields": ["contact.email"],
              "retention": { "duration": { "days": 30 }, "trigger": "consentWithdrawal" },
              "defaults": {}, "isSaleOrSharing": false, "notice": "privacy-notice"
            },
            {
              "id": "ads.personalized", "title": "Personalized ads",
              "description": "We share what you browse with ad partners to show you relevant ads.",
              "legalBasis": "consent", "categories": ["behaviour"], "fields": ["behaviour.pageViews", "behaviour.*"],
              "defaults": { "ccpa": "optOut" }, "isSaleOrSharing": true,
              "consentLifetime": { "months": 13 }, "notice": "privacy-notice"
            },
            {
              "id": "analytics", "title": "Site analytics", "description": "We count visits to improve the shop.",
              "legalBasis": "consent", "categories": ["behaviour"], "fields": ["behaviour.pageViews"],
              "defaults": { "ccpa": "optOut" }, "isSaleOrSharing": false, "notice": "privacy-notice"
            },
            {
              "id": "orders", "title": "Orders", "description": "We deliver what you buy and keep the invoices.",
              "iconName": "shippingbox", "legalBasis": "contract", "categories": ["contact", "payment"],
              "fields": ["contact.email", "payment.card.last4", "order.*"],
              "retention": { "duration": { "years": 10 }, "trigger": "contractEnd" },
              "defaults": {}, "isSaleOrSharing": false
            },
            {
              "id": "fraud-prevention", "title": "Fraud prevention", "description": "We stop stolen cards.",
              "legalBasis": "legitimateInterest", "categories": ["payment"], "fields": ["payment.card.fingerprint"],
              "defaults": {}, "isSaleOrSharing": false
            },
            {
              "id": "wellness-tips", "title": "Wellness tips", "description": "Tips based on the health data you share.",
              "legalBasis": "consent", "categories": ["health"], "fields": ["health.*"],
              "defaults": {}, "isSaleOrSharing": false, "notice": "privacy-notice"
            }
          ]
        }
        """#
}
