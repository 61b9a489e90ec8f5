import ConsentKitCore
import Foundation
import Testing

@Suite("Privacy notices: content hash and material changes")
struct PrivacyNoticeTests {
    let contact: DataCategory
    let behaviour: DataCategory
    let newsletter: PurposeID
    let analytics: PurposeID
    let id: NoticeID

    init() throws {
        contact = try DataCategory("contact")
        behaviour = try DataCategory("behaviour")
        newsletter = try PurposeID("newsletter")
        analytics = try PurposeID("analytics")
        id = try NoticeID("privacy-notice")
    }

    // MARK: Content hash

    /// The pinned value was computed independently, with Python's hashlib,
    /// from the documented encoding: every field as an 8-byte big-endian
    /// UTF-8 length followed by its UTF-8 bytes, in the order
    /// "consentkit.notice.v1", id, version (decimal), language, summary,
    /// full text, then per term sorted by purpose id: purpose, legal basis,
    /// "category:" + each category sorted, "recipient:" + each recipient sorted.
    ///
    ///     def field(s): b = s.encode("utf-8"); h.update(struct.pack(">Q", len(b))); h.update(b)
    @Test func contentHashIsPinned() throws {
        let notice = PrivacyNotice(
            id: try NoticeID("privacy-policy"), version: 3, language: "de-CH", summary: "Wir schützen Ihre Daten. 🔒",
            fullText: "Vollständiger Text.\nZweiter Absatz.",
            terms: [
                .init(purpose: newsletter, legalBasis: .consent, categories: [contact], recipients: ["MailCo"]),
                .init(
                    purpose: try PurposeID("ads.sharing"), legalBasis: .consent,
                    categories: [behaviour, try DataCategory("advertising-id")], recipients: ["AdNet", "Acme Analytics"]),
                .init(purpose: try PurposeID("fraud-prevention"), legalBasis: .legitimateInterest),
            ])
        #expect(notice.contentHash == "7041273d378f13bf20a62c0928007e30f49a662eeceabb2798806e80de72ddef")
        // The order the terms are given in does not matter: they are hashed sorted.
        let reordered = PrivacyNotice(
            id: notice.id, version: 3, language: "de-CH", summary: notice.summary, fullText: notice.fullText,
            terms: notice.terms.reversed())
        #expect(reordered.contentHash == notice.contentHash)
        #expect(notice.reference == NoticeReference(id: notice.id, version: 3, contentHash: notice.contentHash))
        #expect(notice.reference.description == "privacy-policy v3")

        let empty = PrivacyNotice(id: try NoticeID("empty"), version: 1, summary: "", fullText: "", terms: [])
        #expect(empty.contentHash == "34fbd96719e41be5a6a45f67efcfbca119835dc9c0983f757d695fb94044d8fe")
    }

    @Test func contentHashChangesWithAnyChange() throws {
        let base = notice()
        let variants: [(String, PrivacyNotice)] = [
            ("id", notice(id: try NoticeID("privacy-notice-2"))),
            ("version", notice(version: 2)),
            ("language", notice(language: "en-GB")),
            ("summary", notice(summary: base.summary + " ")),
            ("full text", notice(fullText: base.fullText.replacingOccurrences(of: "weekly", with: "Weekly"))),
            ("text moved between layers", notice(summary: base.summary + base.fullText, fullText: "")),
            ("purpose", notice(terms: [.init(purpose: analytics, legalBasis: .consent, categories: [contact], recipients: ["MailCo"])])),
            ("legal basis", notice(terms: [.init(purpose: newsletter, legalBasis: .legitimateInterest, categories: [contact], recipients: ["MailCo"])])),
            ("category added", notice(terms: [.init(purpose: newsletter, legalBasis: .consent, categories: [contact, behaviour], recipients: ["MailCo"])])),
            ("recipient added", notice(terms: [.init(purpose: newsletter, legalBasis: .consent, categories: [contact], recipients: ["MailCo", "X"])])),
            ("recipient removed", notice(terms: [.init(purpose: newsletter, legalBasis: .consent, categories: [contact])])),
            ("term added", notice(terms: base.terms + [.init(purpose: analytics, legalBasis: .consent)])),
        ]
        var seen: Set<String> = [base.contentHash]
        for (change, variant) in variants {
            #expect(variant.contentHash != base.contentHash, "changing the \(change) must change the hash")
            #expect(seen.insert(variant.contentHash).inserted, "the \(change) variant collides with another")
            #expect(variant.contentHash.count == 64 && variant.contentHash.allSatisfy { "0123456789abcdef".contains($0) })
        }
        #expect(notice().contentHash == base.contentHash, "the hash is stable for equal notices")
    }

    // MARK: Material changes

    @Test func purposeAddedIsMaterial() {
        let diff = NoticeDiff(from: notice(), to: notice(version: 2, terms: notice().terms + [.init(purpose: analytics, legalBasis: .consent)]))
        #expect(diff.changes == [.purposeAdded(analytics)])
        #expect(diff.materiallyChangedPurposes == [analytics])
        #expect(diff.isMaterial(for: analytics) && !diff.isMaterial(for: newsletter))
        #expect(!diff.textChanged)
    }

    @Test func recipientAddedIsMaterial() {
        let diff = NoticeDiff(from: notice(), to: notice(version: 2, terms: [newsletterTerms(recipients: ["MailCo", "NewPartner"])]))
        #expect(diff.changes == [.recipientAdded(newsletter, "NewPartner")])
        #expect(diff.changes.first?.description == "newsletter: new recipient NewPartner")
    }

    @Test func legalBasisChangeIsMaterial() {
        let diff = NoticeDiff(from: notice(), to: notice(version: 2, terms: [newsletterTerms(basis: .legitimateInterest)]))
        #expect(diff.changes == [.legalBasisChanged(newsletter, from: .consent, to: .legitimateInterest)])
        #expect(diff.changes.first?.description == "newsletter: legal basis consent → legitimateInterest")
    }

    @Test func categoryAddedIsMaterial() {
        let diff = NoticeDiff(from: notice(), to: notice(version: 2, terms: [newsletterTerms(categories: [contact, behaviour])]))
        #expect(diff.changes == [.categoryAdded(newsletter, behaviour)])
        #expect(diff.isMaterial(for: newsletter))
    }

    @Test func severalChangesAreListedInPurposeOrder() {
        let old = notice(terms: [newsletterTerms(), .init(purpose: analytics, legalBasis: .consent)])
        let new = notice(
            version: 2,
            terms: [
                newsletterTerms(basis: .legitimateInterest, categories: [contact, behaviour], recipients: ["MailCo", "B", "A"]),
                .init(purpose: analytics, legalBasis: .consent, recipients: ["Stats Inc"]),
            ])
        #expect(
            NoticeDiff(from: old, to: new).changes == [
                .recipientAdded(analytics, "Stats Inc"),
                .legalBasisChanged(newsletter, from: .consent, to: .legitimateInterest),
                .recipientAdded(newsletter, "A"), .recipientAdded(newsletter, "B"),
                .categoryAdded(newsletter, behaviour),
            ])
    }

    @Test func removalsAndRewordingAreNotMaterial() {
        let old = notice(terms: [newsletterTerms(categories: [contact, behaviour], recipients: ["MailCo", "OldPartner"]), .init(purpose: analytics, legalBasis: .consent)])
        let removed = notice(version: 2, terms: [newsletterTerms()])
        let diff = NoticeDiff(from: old, to: removed)
        #expect(diff.changes.isEmpty)
        #expect(diff.materiallyChangedPurposes.isEmpty)

        let reworded = NoticeDiff(from: notice(), to: notice(version: 2, summary: "Clearer words.", fullText: "Much clearer words."))
        #expect(reworded.changes.isEmpty)
        #expect(reworded.textChanged)
        #expect(NoticeDiff(from: notice(), to: notice(version: 2, language: "fr")).textChanged)
        #expect(!NoticeDiff(from: notice(), to: notice(version: 2)).textChanged)
    }

    // MARK: Helpers

    private func newsletterTerms(
        basis: LegalBasis = .consent, categories: Set<DataCategory>? = nil, recipients: Set<String> = ["MailCo"]
    ) -> PrivacyNotice.PurposeTerms {
        .init(purpose: newsletter, legalBasis: basis, categories: categories ?? [contact], recipients: recipients)
    }

    private func notice(
        id: NoticeID? = nil, version: Int = 1, language: String = "en",
        summary: String = "We email you our news.", fullText: String = "We email you our news, at most weekly.",
        terms: [PrivacyNotice.PurposeTerms]? = nil
    ) -> PrivacyNotice {
        PrivacyNotice(
            id: id ?? self.id, version: version, language: language, summary: summary, fullText: fullText,
            terms: terms ?? [newsletterTerms()])
    }
}
