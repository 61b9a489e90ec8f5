// A short, readable tour of what ConsentKit can do so far.
// Run it with `swift run consentkit-demo`.

import AggregateAnalytics
import ConsentKitCore
import ConsentKitCrypto
import Foundation
import Masking
import RBAC
import Retention

func section(_ title: String) {
    print("\n== \(title) ==")
}

func show(_ label: String, _ value: Any) {
    print("  \(label.padding(toLength: 34, withPad: " ", startingAt: 0)) \(value)")
}

print("ConsentKit demo: personalization without betraying your customers.")

section("Vocabulary: identifiers are validated once, at the edge")
do {
    let purpose = try PurposeID("newsletter")
    show("purpose", purpose)
    show("field path", try FieldPath("contact.email"))
    _ = try SubjectID("customer\u{0}42")
} catch {
    show("rejected subject id", error)
}

section("Crypto core (pure Swift, no dependencies)")
let notice = "We send you our newsletter about new products, at most weekly. v3"
show("SHA-256 of a privacy notice", SHA256.hash(notice.utf8).hexString.prefix(32) + "…")
let pseudonymKey = HMACSHA256Key(SymmetricKey(byteCount: 32))
let pseudonym = HMACSHA256.authenticationCode(for: "customer-42".utf8, using: pseudonymKey)
show("keyed pseudonym of customer-42", pseudonym.hexString.prefix(16) + "…  (HMAC-SHA256)")
let tenantKey = try HKDFSHA256.deriveKey(
    inputKeyMaterial: SymmetricKey(byteCount: 32).withUnsafeBytes { Array($0) },
    salt: Array("consentkit".utf8), info: Array("tenant:acme/masking".utf8), outputByteCount: 32)
show("per-tenant key from HKDF", tenantKey)

section("Consent ledger: a GDPR customer opts in to the newsletter")
let contact = try DataCategory("contact")
let behaviour = try DataCategory("behaviour")
let newsletter = try PurposeID("newsletter")
let adSharing = try PurposeID("ads.sharing")
let privacyNotice = try NoticeID("privacy-notice")
let catalog = try PrivacyCatalog(
    categories: [
        DataCategoryDefinition(contact, title: "Contact details"),
        DataCategoryDefinition(behaviour, title: "Browsing behaviour"),
    ],
    purposes: [
        Purpose(
            newsletter, title: "Newsletter", description: "We email you our news, at most weekly.",
            legalBasis: .consent, categories: [contact], fields: [try FieldPath("contact.email")],
            notice: privacyNotice),
        Purpose(
            adSharing, title: "Ad partners", description: "We share what you browse with advertising partners.",
            legalBasis: .consent, categories: [behaviour], defaults: ["ccpa": .optOut], isSaleOrSharing: true,
            notice: privacyNotice),
    ])
func notice(version: Int, newsletterRecipients: Set<String>) -> PrivacyNotice {
    PrivacyNotice(
        id: privacyNotice, version: version, summary: "We email you news and may share browsing with ad partners.",
        fullText: "The full privacy notice, version \(version).",
        terms: [
            .init(purpose: newsletter, legalBasis: .consent, categories: [contact], recipients: newsletterRecipients),
            .init(purpose: adSharing, legalBasis: .consent, categories: [behaviour], recipients: ["AdNet"]),
        ])
}
// Every recorded event also lands in a tamper-evident audit log with signed tree heads.
let auditLog = AuditLog(signer: try HMACTreeHeadSigner(keyID: "demo-2026", key: SecureRandom.bytes(count: 32)))
let ledger = ConsentLedger(catalog: catalog, auditLog: auditLog)
let noticeV1 = notice(version: 1, newsletterRecipients: ["MailCo"])
try await ledger.publish(noticeV1)
show("notice v1 content hash", noticeV1.contentHash.prefix(16) + "…")

let anna = try SubjectID("customer-anna")
let web = try Channel("web")
let minimizer = try EvidenceMinimizer(key: SecureRandom.bytes(count: 32))
let annaGrant = try await ledger.record(
    ConsentEventDraft(
        subject: anna, kind: .grant, purposes: [newsletter], notice: noticeV1.reference,
        method: .affirmativeAction, channel: web, jurisdiction: .gdpr, timestamp: Date(),
        evidence: minimizer.evidence(ipAddress: "203.0.113.77", userAgent: "Mozilla/5.0")))
let eu = DecisionContext(jurisdiction: .gdpr, now: Date())
var annaState = try await ledger.state(of: anna)
show("newsletter for anna", annaState.decision(for: newsletter, in: eu))
show("ad sharing for anna", annaState.decision(for: adSharing, in: eu))
show("stored evidence (no raw IP)", try await ledger.history(of: anna)[0].evidence.networkPrefix ?? "-")

section("A material notice change forces re-consent")
let diff = try await ledger.publish(notice(version: 2, newsletterRecipients: ["MailCo", "NewsPartner"]))
show("material changes in v2", diff?.changes.map(\.description).joined(separator: "; ") ?? "-")
annaState = try await ledger.state(of: anna)
show("newsletter for anna now", annaState.decision(for: newsletter, in: eu))

section("A Californian with Global Privacy Control is excluded from ad sharing")
let ben = try SubjectID("customer-ben")
let california = DecisionContext(jurisdiction: .ccpa, now: Date())
let benState = try await ledger.state(of: ben)
show("ad sharing, no signal", benState.decision(for: adSharing, in: california))
let withGPC = DecisionContext(
    jurisdiction: .ccpa, now: Date(), globalPrivacyControl: DecisionContext.globalPrivacyControl(fromHeader: "1"))
show("ad sharing, Sec-GPC: 1", benState.decision(for: adSharing, in: withGPC))
if let proof = try await ledger.applyGlobalPrivacyControl(subject: ben, jurisdiction: .ccpa, channel: web) {
    show("recorded as proof", "event #\(proof.events[0].sequence): \(proof.events[0].kind) via \(proof.events[0].method)")
}
let reAsk = try await ledger.state(of: ben).earliestReAsk(for: adSharing, in: california)
show("may ask ben again from", reAsk.map { ISO8601DateFormatter().string(from: $0) } ?? "now")

section("Audit: a consent receipt anna can verify offline")
if let audit = annaGrant.audit {
    let index = audit.indices.lowerBound
    let entry = try await auditLog.entry(at: index)
    let head = try await auditLog.signedTreeHead()  // the log has grown since anna's grant
    let proof = try auditLog.inclusionProof(forEntryAt: index, treeSize: head.treeHead.size)
    show("audit entry #\(index)", "\(entry.action), subject pseudonym \(entry.subject.map { String($0.description.prefix(16)) } ?? "-")…")
    show("signed tree head", "size \(head.treeHead.size), root \(head.treeHead.rootHash.description.prefix(16))…, key \(head.keyID)")
    show("inclusion proof", "\(proof.hashes.count) hashes")
    do {
        try proof.verify(entry: entry, against: head.treeHead)
        show("verified offline", "yes: the entry is in the log the head commits to")
    } catch {
        show("verified offline", "no: \(error)")
    }
}

section("Minimization: a sign-up keeps only what the newsletter needs")
let signUp: JSONValue = [
    "name": "Ada Lovelace", "phone": "+44 20 7946 0000", "birthday": "1815-12-10",
    "contact": ["email": "ada@example.com"],
]
let minimized = try catalog.minimizationPlan(for: [newsletter]).strip(signUp)
show("kept", minimized.kept)
show("dropped", minimized.dropped.map(\.description).joined(separator: ", "))

section("Zero-party preferences: told once, used only while allowed")
let outbox = InMemoryConsentOutbox()
let shopNotices = InMemoryNoticeStore()
let shop = ConsentLedger(catalog: catalog, noticeStore: shopNotices, outbox: outbox)
let noticeForShop = notice(version: 1, newsletterRecipients: ["MailCo"])
try await shop.publish(noticeForShop)
let cleo = try SubjectID("customer-cleo")
try await shop.record(
    ConsentEventDraft(
        subject: cleo, kind: .grant, purposes: [newsletter], notice: noticeForShop.reference,
        method: .doubleOptIn, channel: web, jurisdiction: .gdpr, timestamp: Date()))
let preferences = PreferenceCenter(ledger: shop)
try await preferences.remember(
    [
        PreferenceDeclaration(.topics, .list(["running", "trail shoes"]), for: newsletter, source: web),
        PreferenceDeclaration(.frequency, .text("weekly"), for: newsletter, source: web),
    ], for: cleo, in: eu)
var usable = try await preferences.preferences(of: cleo, in: DecisionContext(jurisdiction: .gdpr, now: Date()))
show("usable now", usable.map { "\($0.key)=\($0.value) (\($0.provenance))" }.joined(separator: "; "))

section("Withdrawal reaches every recipient through the outbox")
try await shop.record(
    ConsentEventDraft(
        subject: cleo, kind: .withdraw, purposes: [newsletter], method: .preferenceCenter, channel: web,
        jurisdiction: .gdpr, timestamp: Date()))
usable = try await preferences.preferences(of: cleo, in: DecisionContext(jurisdiction: .gdpr, now: Date()))
show("usable after withdrawal", usable.isEmpty ? "none (kept, but unusable)" : "\(usable.count)")
let drainer = ConsentOutboxDrainer(outbox: outbox) { delivery in
    show("  → \(delivery.recipient)", "\(delivery.notice.kind) \(delivery.notice.purposes.map(\.rawValue).joined(separator: ","))")
}
let report = try await drainer.drainOnce()
show("drained", report)

section("Consent receipt (ISO/IEC TS 27560 shape, W3C DPV terms)")
let controller = try ReceiptController(
    name: "Example Shop GmbH", contact: "Privacy team",
    address: .init(streetAddress: "Example Str. 1", addressLocality: "Berlin", postalCode: "10115", addressCountry: "DE"),
    email: "privacy@example.com", phone: "+49 30 000000", policyURL: "https://example.com/privacy")
let receipt = try await ConsentReceiptExporter(controller: controller).receipt(
    of: cleo, ledger: shop, noticeStore: shopNotices, context: eu)
let receiptJSON = String(decoding: receipt.iso27560JSON(), as: UTF8.self)
print("  " + receiptJSON.prefix(400) + (receiptJSON.count > 400 ? "…" : ""))

section("IAB TCF v2.2: what a consent cookie allows")
// An official test string from IABTechLab/iabgpp-es (TcfEuV2.test.ts).
let cookie = "CPTtLAAPTtLAAAAAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.d4AACEAAAA"
let tcString = try TCString(decoding: cookie)
show("policy version / CMP", "\(tcString.tcfPolicyVersion) (TCF 2.2: \(tcString.isTCF22)) / CMP \(tcString.cmpID)")
show("purposes with consent", tcString.purposesConsent)
show("vendors with consent", tcString.vendorConsents)
for purpose in [1, 3, 7] {
    show("vendor 28, TCF purpose \(purpose)", tcString.isVendorAllowed(vendor: 28, purpose: purpose).isAllowed ? "allowed" : "not allowed")
}
let mapping = try TCFPurposeMapping([3: adSharing, 4: adSharing])
let resolution = try mapping.resolve(cookie, vendor: 28)
show("catalog purposes allowed", resolution.allowed.map(\.rawValue).sorted().joined(separator: ", "))
show("evidence kept (not the string)", "SHA-256 " + resolution.evidenceHash.prefix(16) + "…")

try await accessAndMaskingTour()

section("Masking: a support agent sees the last four digits")
let cardMask = PartialMask(keepLast: 4, preserving: ["-"])
show("4111-1111-1111-1234 →", try cardMask.apply(to: "4111-1111-1111-1234"))

section("RBAC: resource patterns")
let pattern = try ResourcePattern("customers/{id}/orders/*")
show("pattern", pattern)
show("  customers/42/orders/7", pattern.matches("customers/42/orders/7") ? "matches" : "does not match")
show("  customers/42/cards/7", pattern.matches("customers/42/cards/7") ? "matches" : "does not match")

section("Retention: periods and legal holds")
let now = Date(timeIntervalSince1970: 1_767_225_600)
let period = try RetentionPeriod(.months(13), after: .lastInteraction)
show("rule", period)
show("last seen 2026-01-01, delete by", period.expiry(after: now).map { ISO8601DateFormatter().string(from: $0) } ?? "-")
let hold = try LegalHold(
    id: "CASE-2026-7", reason: "pending litigation", subject: try SubjectID("customer-42"),
    categories: [try DataCategory("orders")], placedAt: now)
show("hold protects customer-42 orders", hold.covers(subject: try SubjectID("customer-42"), category: try DataCategory("orders"), at: now))

section("Aggregate analytics: small groups are never released")
let k = try MinimumGroupSize(5)
let release = k.release(["Berlin": 120, "Potsdam": 3, "Hamburg": 57])
show("released groups", release.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
show("withheld groups", release.suppressedGroupCount)

print("\nMore arrives with every issue: purge sweeps, crypto-shredding, differential privacy.")
