import ConsentKitCore
import Masking
import Synchronization
import Testing

@Suite("Re-identification policy")
struct ReidentificationPolicyTests {
    static let fraud = try! RoleID("fraud-analyst")
    static let support = try! RoleID("support-agent")
    static let investigation = try! PurposeID("fraud-investigation")
    static let accessRequest = try! PurposeID("access-request")
    static let cards = try! TokenNamespace("card-numbers")
    static let emails = try! TokenNamespace("contact.email")
    static let dpo = try! PrincipalID("dpo@example.com")

    static let policy = try! ReidentificationPolicy(rules: [
        .init(name: "fraud-cards", grantee: .anyRole(of: [fraud, support]), purposes: [investigation], namespaces: [cards]),
        .init(name: "fraud-payment-fields", grantee: .anyRole(of: [fraud]), purposes: [investigation], fields: [FieldPath("payment.*.number")]),
        .init(name: "dpo-everything", grantee: .principal(dpo), purposes: [accessRequest, investigation]),
    ])

    static func access(_ principal: String, _ roles: Set<RoleID>, _ purpose: PurposeID?) -> AccessContext {
        AccessContext(principal: try! PrincipalID(principal), roles: roles, purpose: purpose)
    }

    @Test func aRoleRulePermitsAnyHolderOfOneOfItsRolesForItsPurposeAndNamespace() {
        let analyst = Self.access("ann", [Self.fraud], Self.investigation)
        let agent = Self.access("sam", [Self.support, try! RoleID("other")], Self.investigation)
        #expect(Self.policy.rule(permitting: analyst, .token(Self.cards))?.name == "fraud-cards")
        #expect(Self.policy.permits(agent, .token(Self.cards)))
        #expect(!Self.policy.permits(analyst, .token(Self.emails)))
        #expect(!Self.policy.permits(Self.access("ann", [Self.fraud], Self.accessRequest), .token(Self.cards)))
        #expect(!Self.policy.permits(Self.access("eve", [try! RoleID("marketing")], Self.investigation), .token(Self.cards)))
    }

    @Test func anAccessWithoutAPurposeIsNeverPermitted() {
        #expect(!Self.policy.permits(Self.access("ann", [Self.fraud], nil), .token(Self.cards)))
        #expect(!Self.policy.permits(AccessContext(principal: Self.dpo, roles: [], purpose: nil), .token(Self.cards)))
    }

    @Test func fieldRulesUseFieldPatternsAndNamespaceRulesCoverNoFields() throws {
        let analyst = Self.access("ann", [Self.fraud], Self.investigation)
        let agent = Self.access("sam", [Self.support], Self.investigation)
        #expect(Self.policy.rule(permitting: analyst, .field(try FieldPath("payment.card.number")))?.name == "fraud-payment-fields")
        #expect(Self.policy.permits(analyst, .field(try FieldPath("payment.iban.number.check"))))
        #expect(!Self.policy.permits(analyst, .field(try FieldPath("payment.card.holder"))))
        #expect(!Self.policy.permits(agent, .field(try FieldPath("payment.card.number"))))
        // A rule with only fields covers no namespace.
        let fieldsOnly = try ReidentificationPolicy(rules: [
            .init(name: "f", grantee: .anyRole(of: [Self.fraud]), purposes: [Self.investigation], fields: [FieldPath("payment")])
        ])
        #expect(!fieldsOnly.permits(analyst, .token(Self.cards)))
    }

    @Test func anUnscopedRuleCoversEveryTargetAndThePrincipalMatchesWhateverItsRoles() throws {
        let dpo = AccessContext(principal: Self.dpo, roles: [], purpose: Self.accessRequest)
        #expect(Self.policy.rule(permitting: dpo, .token(Self.emails))?.name == "dpo-everything")
        #expect(Self.policy.permits(dpo, .field(try FieldPath("contact.email"))))
        #expect(!Self.policy.permits(Self.access("dpo@example.org", [Self.fraud], Self.accessRequest), .token(Self.emails)))
    }

    @Test func theFirstPermittingRuleIsTheOneReported() throws {
        let dpoAnalyst = AccessContext(principal: Self.dpo, roles: [Self.fraud], purpose: Self.investigation)
        #expect(Self.policy.rule(permitting: dpoAnalyst, .token(Self.cards))?.name == "fraud-cards")
    }

    @Test func denyAllRefusesEverything() {
        let dpo = AccessContext(principal: Self.dpo, roles: [Self.fraud], purpose: Self.investigation)
        #expect(!ReidentificationPolicy.denyAll.permits(dpo, .token(Self.cards)))
        #expect(ReidentificationPolicy.denyAll.rules.isEmpty)
        #expect(ReidentificationPolicy.denyAll.description.contains("deny all"))
    }

    @Test(arguments: [
        ("", "must have 1 to 64"),
        (String(repeating: "r", count: 65), "must have 1 to 64"),
        ("tab\there", "control character"),
    ])
    func refusesBadRuleNames(_ name: String, _ problem: String) {
        let rule = ReidentificationPolicy.Rule(name: name, grantee: .principal(Self.dpo), purposes: [Self.accessRequest])
        do {
            _ = try ReidentificationPolicy(rules: [rule])
            Issue.record("rule name \(name.debugDescription) was accepted")
        } catch {
            #expect(error.code == .invalidPolicy)
            #expect(error.message.contains(problem))
        }
    }

    @Test func listsEveryProblemOfAPolicyInOneError() {
        let rules: [ReidentificationPolicy.Rule] = [
            .init(name: "no-purpose", grantee: .principal(Self.dpo), purposes: []),
            .init(name: "no-roles", grantee: .anyRole(of: []), purposes: [Self.accessRequest]),
            .init(name: "empty-namespaces", grantee: .principal(Self.dpo), purposes: [Self.accessRequest], namespaces: []),
            .init(name: "empty-fields", grantee: .principal(Self.dpo), purposes: [Self.accessRequest], fields: []),
            .init(name: "no-roles", grantee: .principal(Self.dpo), purposes: [Self.accessRequest]),
        ]
        do {
            _ = try ReidentificationPolicy(rules: rules)
            Issue.record("an invalid policy was accepted")
        } catch {
            #expect(error.code == .invalidPolicy)
            for problem in ["lists no purpose", "empty role set", "empty namespace set", "empty field list", "used more than once"] {
                #expect(error.message.contains(problem), "missing \(problem) in \(error.message)")
            }
        }
    }

    @Test func describesItsRules() {
        let text = Self.policy.description
        #expect(text.contains("fraud-cards: any role of fraud-analyst,support-agent for fraud-investigation on namespaces card-numbers"))
        #expect(text.contains("dpo-everything: principal dpo@example.com for access-request,fraud-investigation"))
        #expect(ReidentificationPolicy.Target.field(try! FieldPath("a.b")).description == "field a.b")
    }
}

@Suite("Reidentifier")
struct ReidentifierTests {
    typealias Policy = ReidentificationPolicyTests

    let customer = try! SubjectID("customer-000042")
    let analyst = AccessContext(
        principal: try! PrincipalID("ann@example.com"), roles: [Policy.fraud, try! RoleID("employee")],
        purpose: Policy.investigation, tenant: try! TenantID("acme"))
    let card = "4111111111111111"

    /// Every audit entry in the log, oldest first, read back through the log.
    static func entries(_ log: AuditLog) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for index in 0..<log.size { entries.append(try await log.entry(at: index)) }
        return entries
    }

    @Test func aPermittedDetokenizeIsAuditedAndReturnsTheValue() async throws {
        let vault = InMemoryTokenVault()
        let log = AuditLog()
        let token = try await vault.tokenize(card, namespace: Policy.cards, subject: customer)
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log, vault: vault)

        let value = try await reidentifier.detokenize(token, namespace: Policy.cards, subject: customer, for: analyst)
        #expect(value == card)

        let entries = try await Self.entries(log)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.kind == .reidentification)
        #expect(entry.kind.rawValue == "reidentification")
        #expect(entry.actor == "ann@example.com")
        #expect(entry.action == "detokenize")
        #expect(entry.outcome == .success)
        #expect(entry.purpose == Policy.investigation)
        #expect(
            entry.details == [
                "roles": "employee,fraud-analyst", "tenant": "acme", "method": "token-vault", "namespace": "card-numbers",
                "rule": "fraud-cards",
            ])
        // The subject appears only as its pseudonym, found again through the log.
        #expect(entry.subject == (try await log.pseudonymizer.existingPseudonym(for: customer)))
        #expect(try await log.records(concerning: customer).count == 1)
        // Neither the value nor the token is in the stored bytes.
        Self.expectAbsent([card, token.rawValue, customer.rawValue], from: entry)
    }

    @Test func aDeniedDetokenizeIsAuditedThrowsAndNeverReadsTheVault() async throws {
        let events = EventLog()
        let vault = RecordingVault(events: events)
        let token = try await vault.inner.tokenize(card, namespace: Policy.emails, subject: customer)
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log, vault: vault)

        do {
            _ = try await reidentifier.detokenize(token, namespace: Policy.emails, subject: customer, for: analyst)
            Issue.record("a detokenize no rule permits succeeded")
        } catch let error as MaskingError {
            #expect(error.code == .notPermitted)
            #expect(error.message.contains("ann@example.com"))
            #expect(error.message.contains("purpose fraud-investigation"))
            #expect(error.message.contains("namespace contact.email"))
            #expect(!error.message.contains(card))
        }
        #expect(events.all.isEmpty)
        let entry = try #require(try await Self.entries(log).first)
        #expect(log.size == 1)
        #expect(entry.kind == .reidentification && entry.outcome == .denied && entry.action == "detokenize")
        #expect(entry.details["reason"] == "no-matching-rule")
        #expect(entry.details["rule"] == nil)
        #expect(entry.details["namespace"] == "contact.email")
        Self.expectAbsent([card, token.rawValue], from: entry)
    }

    @Test func anAccessWithoutAPurposeIsDeniedWithThatReason() async throws {
        let log = AuditLog()
        let vault = InMemoryTokenVault()
        let token = try await vault.tokenize(card, namespace: Policy.cards)
        let noPurpose = AccessContext(principal: analyst.principal, roles: analyst.roles)
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log, vault: vault)
        do {
            _ = try await reidentifier.detokenize(token, namespace: Policy.cards, subject: nil, for: noPurpose)
            Issue.record("a detokenize without a purpose succeeded")
        } catch let error as MaskingError {
            #expect(error.code == .notPermitted)
            #expect(error.message.contains("without a purpose"))
        }
        let entry = try #require(try await Self.entries(log).first)
        #expect(entry.outcome == .denied && entry.details["reason"] == "no-purpose" && entry.purpose == nil)
        #expect(entry.subject == nil)
        #expect(entry.details["tenant"] == nil)
    }

    @Test func theAuditEntryIsStoredBeforeTheVaultIsRead() async throws {
        let events = EventLog()
        let vault = RecordingVault(events: events)
        let token = try await vault.inner.tokenize(card, namespace: Policy.cards, subject: customer)
        let log = AuditLog(store: RecordingAuditStore(events: events))
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log, vault: vault)
        _ = try await reidentifier.detokenize(token, namespace: Policy.cards, subject: customer, for: analyst)
        #expect(events.all == ["audit-append", "vault-detokenize"])
    }

    @Test func aFailingAuditStoreRevealsNothing() async throws {
        let events = EventLog()
        let vault = RecordingVault(events: events)
        let token = try await vault.inner.tokenize(card, namespace: Policy.cards, subject: customer)
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: AuditLog(store: FailingAuditLogStore()), vault: vault)

        do {
            let value = try await reidentifier.detokenize(token, namespace: Policy.cards, subject: customer, for: analyst)
            Issue.record("detokenize returned \(value.count) characters although the audit append failed")
        } catch let error as StorageError {
            #expect(error.code == .unavailable)
        }
        #expect(events.all.isEmpty)

        let ran = Mutex(false)
        do {
            _ = try await reidentifier.reveal(field: FieldPath("payment.card.number"), subject: customer, for: analyst, method: "ff1") {
                ran.withLock { $0 = true }
                return "4111111111111111"
            }
            Issue.record("reveal succeeded although the audit append failed")
        } catch let error as StorageError {
            #expect(error.code == .unavailable)
        }
        #expect(ran.withLock { $0 } == false)
    }

    @Test func aDenialWithAFailingAuditStoreThrowsTheAuditError() async throws {
        let reidentifier = Reidentifier(
            policy: .denyAll, auditLog: AuditLog(store: FailingAuditLogStore()), vault: InMemoryTokenVault())
        await #expect(throws: StorageError.self) {
            _ = try await reidentifier.detokenize(Token.random(), namespace: Policy.cards, subject: nil, for: analyst)
        }
    }

    @Test func anUnknownOrErasedTokenIsATypedErrorAfterTheAttemptIsAudited() async throws {
        let vault = InMemoryTokenVault()
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log, vault: vault)
        let erased = try await vault.tokenize(card, namespace: Policy.cards, subject: customer)
        #expect(try await vault.deleteTokens(of: customer) == 1)

        for token in [Token.random(), erased] {
            do {
                _ = try await reidentifier.detokenize(token, namespace: Policy.cards, subject: customer, for: analyst)
                Issue.record("an unknown token resolved")
            } catch let error as MaskingError {
                #expect(error.code == .authenticationFailed)
                #expect(!error.message.contains(token.rawValue))
            }
        }
        let entries = try await Self.entries(log)
        #expect(entries.map(\.outcome) == [.success, .failure, .success, .failure])
        #expect(entries[1].details["reason"] == "MaskingError.authenticationFailed")
        #expect(entries[1].details["rule"] == "fraud-cards")
        for entry in entries { Self.expectAbsent([card, erased.rawValue], from: entry) }
    }

    @Test func aTokenOfAnotherNamespaceDoesNotResolve() async throws {
        let vault = InMemoryTokenVault()
        let dpo = AccessContext(principal: Policy.dpo, roles: [], purpose: Policy.accessRequest)
        let token = try await vault.tokenize("ann@example.com", namespace: Policy.emails)
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: AuditLog(), vault: vault)
        #expect(try await reidentifier.detokenize(token, namespace: Policy.emails, subject: nil, for: dpo) == "ann@example.com")
        await #expect(throws: MaskingError.self) {
            _ = try await reidentifier.detokenize(token, namespace: Policy.cards, subject: nil, for: dpo)
        }
    }

    @Test func withoutAVaultDetokenizeIsAVaultFailureAndAuditsNothing() async throws {
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log)
        do {
            _ = try await reidentifier.detokenize(Token.random(), namespace: Policy.cards, subject: nil, for: analyst)
            Issue.record("detokenize without a vault succeeded")
        } catch let error as MaskingError {
            #expect(error.code == .vaultFailure)
        }
        #expect(log.size == 0)
    }

    @Test func vaultErrorsPropagateAfterTheFailureIsAudited() async throws {
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log, vault: BrokenVault())
        do {
            _ = try await reidentifier.detokenize(Token.random(), namespace: Policy.cards, subject: nil, for: analyst)
            Issue.record("a broken vault returned a value")
        } catch let error as MaskingError {
            #expect(error.code == .vaultFailure)
        }
        let entries = try await Self.entries(log)
        #expect(entries.map(\.outcome) == [.success, .failure])
        #expect(entries.last?.details["reason"] == "MaskingError.vaultFailure")
    }

    @Test func aPermittedRevealRunsTheBodyAfterTheEntryIsStored() async throws {
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log)
        let sizeSeenByBody = Mutex<UInt64>(0)
        let value = try await reidentifier.reveal(
            field: FieldPath("payment.card.number"), subject: customer, for: analyst, method: "ff1"
        ) {
            sizeSeenByBody.withLock { $0 = log.size }
            return "4111111111111111"
        }
        #expect(value == card)
        #expect(sizeSeenByBody.withLock { $0 } == 1)
        let entry = try #require(try await Self.entries(log).first)
        #expect(entry.action == "reveal" && entry.outcome == .success)
        #expect(
            entry.details == [
                "roles": "employee,fraud-analyst", "tenant": "acme", "method": "ff1", "field": "payment.card.number",
                "rule": "fraud-payment-fields",
            ])
        Self.expectAbsent([card], from: entry)
    }

    @Test func aDeniedRevealNeverRunsTheBody() async throws {
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log)
        let ran = Mutex(false)
        do {
            _ = try await reidentifier.reveal(field: FieldPath("contact.email"), subject: customer, for: analyst, method: "aes-siv") {
                ran.withLock { $0 = true }
                return "ann@example.com"
            }
            Issue.record("a reveal no rule permits succeeded")
        } catch let error as MaskingError {
            #expect(error.code == .notPermitted)
            #expect(error.message.contains("field contact.email"))
        }
        #expect(ran.withLock { $0 } == false)
        let entry = try #require(try await Self.entries(log).first)
        #expect(entry.outcome == .denied && entry.details["method"] == "aes-siv" && entry.details["field"] == "contact.email")
    }

    @Test func aFailingRevealBodyIsAuditedAndItsErrorPropagates() async throws {
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log)
        await #expect(throws: MaskingError(code: .authenticationFailed, message: "tampered")) {
            _ = try await reidentifier.reveal(
                field: FieldPath("payment.card.number"), subject: nil, for: self.analyst, method: "aes-siv"
            ) {
                throw MaskingError(code: .authenticationFailed, message: "tampered")
            }
        }
        let entries = try await Self.entries(log)
        #expect(entries.map(\.outcome) == [.success, .failure])
        #expect(entries[1].details["reason"] == "MaskingError.authenticationFailed")
        #expect(!entries[1].details.values.contains("tampered"))
    }

    @Test func manyLongRolesAreCutToFitTheAuditDetail() async throws {
        let roles = try Set((0..<12).map { try RoleID("role-\($0)-" + String(repeating: "r", count: 200)) } + [Policy.fraud])
        let access = AccessContext(principal: analyst.principal, roles: roles, purpose: Policy.investigation)
        let log = AuditLog()
        let reidentifier = Reidentifier(policy: Policy.policy, auditLog: log)
        _ = try await reidentifier.reveal(field: FieldPath("payment.card.number"), subject: nil, for: access, method: "ff1") { "x" }
        let entry = try #require(try await Self.entries(log).first)
        let listed = try #require(entry.details["roles"])
        #expect(listed.utf8.count <= AuditEntry.maximumDetailValueByteCount)
        #expect(listed.hasPrefix("fraud-analyst,role-0-"))
        let parts = listed.split(separator: ",")
        let marker = try #require(parts.last)
        #expect(marker.hasPrefix("+"))
        #expect(parts.count - 1 + (Int(marker.dropFirst()) ?? 0) == roles.count)
    }

    @Test func fewRolesAreListedWhole() async throws {
        let log = AuditLog()
        let roles: Set<RoleID> = [Policy.fraud, try RoleID("a"), try RoleID("z")]
        let access = AccessContext(principal: analyst.principal, roles: roles, purpose: Policy.investigation)
        _ = try await Reidentifier(policy: Policy.policy, auditLog: log)
            .reveal(field: FieldPath("payment.card.number"), subject: nil, for: access, method: "ff1") { "x" }
        #expect(try await Self.entries(log).first?.details["roles"] == "a,fraud-analyst,z")
    }

    static func expectAbsent(_ secrets: [String], from entry: AuditEntry, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            let bytes = Array(secret.utf8)
            let encoding = entry.canonicalEncoding
            let found = encoding.count >= bytes.count
                && (0...(encoding.count - bytes.count)).contains { encoding[$0..<($0 + bytes.count)].elementsEqual(bytes) }
            #expect(!found, "the audit entry carries \(secret.debugDescription)", sourceLocation: sourceLocation)
        }
    }
}

// MARK: Test doubles

/// What happened, in order, across the doubles of one test.
private final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func record(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

/// An in-memory vault that records every detokenize.
private final class RecordingVault: TokenVault {
    let inner = InMemoryTokenVault()
    let events: EventLog

    init(events: EventLog) { self.events = events }

    func tokenize(_ value: String, namespace: TokenNamespace, subject: SubjectID?) async throws -> Token {
        try await inner.tokenize(value, namespace: namespace, subject: subject)
    }

    func detokenize(_ token: Token, namespace: TokenNamespace) async throws -> String? {
        events.record("vault-detokenize")
        return try await inner.detokenize(token, namespace: namespace)
    }

    func deleteTokens(of subject: SubjectID) async throws -> Int { try await inner.deleteTokens(of: subject) }
}

/// A vault whose backend is down.
private struct BrokenVault: TokenVault {
    func tokenize(_ value: String, namespace: TokenNamespace, subject: SubjectID?) async throws -> Token {
        throw MaskingError(code: .vaultFailure, message: "backend unavailable")
    }

    func detokenize(_ token: Token, namespace: TokenNamespace) async throws -> String? {
        throw MaskingError(code: .vaultFailure, message: "backend unavailable")
    }

    func deleteTokens(of subject: SubjectID) async throws -> Int {
        throw MaskingError(code: .vaultFailure, message: "backend unavailable")
    }
}

/// An in-memory audit store that records every append.
private final class RecordingAuditStore: AuditLogStore {
    private let inner = InMemoryAuditLogStore()
    let events: EventLog

    init(events: EventLog) { self.events = events }

    func count() async throws -> UInt64 { try await inner.count() }

    func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws {
        try await inner.append(entries, expectedCount: expectedCount)
        events.record("audit-append")
    }

    func records(in range: Range<UInt64>) async throws -> [AuditRecord] { try await inner.records(in: range) }
}

/// An audit store whose database is down: every call throws.
private struct FailingAuditLogStore: AuditLogStore {
    func count() async throws -> UInt64 {
        throw StorageError(code: .unavailable, message: "audit database unreachable")
    }

    func append(_ entries: [AuditEntry], expectedCount: UInt64) async throws {
        throw StorageError(code: .unavailable, message: "audit database unreachable")
    }

    func records(in range: Range<UInt64>) async throws -> [AuditRecord] {
        throw StorageError(code: .unavailable, message: "audit database unreachable")
    }
}
