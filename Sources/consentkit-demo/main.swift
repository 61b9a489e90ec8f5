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

section("Masking: a support agent sees the last four digits")
let cardMask = PartialMask(keepLast: 4, preserving: ["-"])
show("4111-1111-1111-1234 →", cardMask.apply(to: "4111-1111-1111-1234"))

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

print("\nMore arrives with every issue: consent ledger, audit proofs, FF1, RBAC snapshots, purge sweeps, DP.")
