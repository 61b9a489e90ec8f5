import ConsentKitCore
import Foundation
import Retention
import Testing

@Suite("Legal holds")
struct LegalHoldTests {
    let start = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func coversOnlyItsScopeWhileActive() throws {
        let alice = try SubjectID("alice")
        let bob = try SubjectID("bob")
        let orders = try DataCategory("orders")
        let contact = try DataCategory("contact")
        var hold = try LegalHold(id: "CASE-7", reason: "litigation", subject: alice, categories: [orders], placedAt: start)

        #expect(hold.covers(subject: alice, category: orders, at: start))
        #expect(!hold.covers(subject: bob, category: orders, at: start))
        #expect(!hold.covers(subject: alice, category: contact, at: start))
        #expect(!hold.covers(subject: alice, category: orders, at: start.addingTimeInterval(-1)))

        hold.release(at: start.addingTimeInterval(100))
        hold.release(at: start.addingTimeInterval(500))
        #expect(hold.releasedAt == start.addingTimeInterval(100))
        #expect(hold.covers(subject: alice, category: orders, at: start.addingTimeInterval(99)))
        #expect(!hold.covers(subject: alice, category: orders, at: start.addingTimeInterval(100)))
    }

    @Test func categoryWideHoldCoversEverySubject() throws {
        let hold = try LegalHold(id: "AUDIT-1", reason: "tax audit", categories: [try DataCategory("invoices")], placedAt: start)
        #expect(hold.covers(subject: try SubjectID("anyone"), category: try DataCategory("invoices"), at: start))
    }

    @Test func unscopedOrAnonymousHoldsAreRejected() {
        #expect { try LegalHold(id: "X", reason: "everything", placedAt: start) } throws: {
            ($0 as? ValidationError)?.code == .invalidFormat
        }
        #expect { try LegalHold(id: "", reason: "r", subject: try SubjectID("a"), placedAt: start) } throws: {
            ($0 as? ValidationError)?.code == .empty
        }
        #expect { try LegalHold(id: "X", reason: "", subject: try SubjectID("a"), placedAt: start) } throws: {
            ($0 as? ValidationError)?.code == .empty
        }
    }
}
