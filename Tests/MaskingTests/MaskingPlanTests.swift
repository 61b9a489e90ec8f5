import ConsentKitCore
import Masking
import Testing

@Suite("Masking plans")
struct MaskingPlanTests {
    static let customer: JSONValue = [
        "id": "cus_1042",
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "phone": "+1 415 555 0142",
        "birthDate": "1987-03-14",
        "card": ["number": "4111 1111 1111 1111", "expiry": "12/29"],
        "orders": [
            ["sku": "A-1", "total": 31.5, "shipTo": "1 Main St"],
            ["sku": "B-7", "total": 12.0, "shipTo": "9 Elm St"],
        ],
        "notes": nil,
    ]

    static func access(_ roles: String..., purpose: String? = nil, tenant: String? = nil) throws -> AccessContext {
        AccessContext(
            principal: try PrincipalID("someone"), roles: Set(try roles.map { try RoleID($0) }),
            purpose: try purpose.map { try PurposeID($0) }, tenant: try tenant.map { try TenantID($0) })
    }

    static func field(_ path: String) throws -> FieldPath { try FieldPath(path) }

    static func keyring() throws -> MaskingKeyring {
        try MaskingKeyring(current: try MaskingKey(id: try MaskingKeyID("k1"), bytes: [UInt8](repeating: 7, count: 32)))
    }

    static func policy() throws -> MaskingPolicy {
        let support = MaskingAudience(roles: [try RoleID("support")])
        let analyst = MaskingAudience(roles: [try RoleID("analyst")])
        let dpo = MaskingAudience(roles: [try RoleID("dpo")])
        var policy = MaskingPolicy()
        policy.mask(try field("id"), with: .keep)
        policy.mask(try field("name"), with: .keep, for: support)
        policy.mask(try field("email"), with: .email(EmailMask()), for: support)
        policy.mask(try field("card.number"), with: .partial(PartialMask(keepLast: 4, preserving: [" "])), for: support)
        policy.mask(try field("email"), with: .pseudonym(try KeyedPseudonymizer(keyring: try keyring())), for: analyst)
        policy.mask(try field("orders.total"), with: .keep, for: analyst)
        policy.mask(try field("orders.sku"), with: .keep, for: analyst)
        policy.mask(try field("birthDate"), with: .generalize(.dateTruncation(.year)), for: analyst)
        policy.mask(try field("*"), with: .keep, for: dpo)
        return policy
    }

    @Test("A support agent sees the name, a masked email and the last four digits; the rest is removed")
    func supportView() throws {
        let plan = try Self.policy().plan(for: try Self.access("support"))
        let view = try plan.mask(Self.customer)
        #expect(view["id"] == "cus_1042")
        #expect(view["name"] == "Jane Doe")
        #expect(view["email"] == "j*******@example.com")
        #expect(view["card"]?["number"] == "**** **** **** 1111")
        #expect(view["card"]?["expiry"] == nil)
        #expect(view["phone"] == nil)
        #expect(view["orders"] == nil)
        #expect(view["birthDate"] == nil)
    }

    @Test("An analyst gets a pseudonym, the order totals through the array and the birth year")
    func analystView() throws {
        let plan = try Self.policy().plan(for: try Self.access("analyst"))
        let view = try plan.mask(Self.customer)
        let pseudonym = try #require(view["email"]?.stringValue)
        #expect(pseudonym.hasPrefix("k1:"))
        #expect(!pseudonym.contains("jane"))
        #expect(view["orders"] == [["sku": "A-1", "total": 31.5], ["sku": "B-7", "total": 12.0]])
        #expect(view["birthDate"] == "1987")
        #expect(view["name"] == nil)
        #expect(view["card"] == nil)
        // Stable: the same email gives the same pseudonym.
        #expect(try plan.mask(Self.customer)["email"]?.stringValue == pseudonym)
    }

    @Test("A DPO sees everything; null stays null")
    func dpoView() throws {
        let view = try Self.policy().plan(for: try Self.access("dpo")).mask(Self.customer)
        #expect(view == Self.customer)
        #expect(view["notes"] == .null)
    }

    @Test("Holding two roles, the most revealing rule wins per field")
    func mostRevealingWins() throws {
        let view = try Self.policy().plan(for: try Self.access("support", "analyst")).mask(Self.customer)
        #expect(view["email"] == "j*******@example.com")  // partial beats pseudonym
        #expect(view["name"] == "Jane Doe")
        #expect(view["birthDate"] == "1987")
    }

    @Test("No role: every field but the one declared for everyone is removed")
    func defaultRedacts() throws {
        let view = try Self.policy().plan(for: try Self.access("visitor")).mask(Self.customer)
        #expect(view == ["id": "cus_1042"])
    }

    @Test("A purpose-scoped rule applies only for that purpose")
    func purposeScoped() throws {
        var policy = MaskingPolicy()
        policy.mask(
            try Self.field("email"), with: .keep, for: MaskingAudience(purposes: [try PurposeID("billing")]))
        #expect(try policy.plan(for: try Self.access("x", purpose: "billing")).mask(Self.customer)["email"] != nil)
        #expect(try policy.plan(for: try Self.access("x", purpose: "ads")).mask(Self.customer)["email"] == nil)
        #expect(try policy.plan(for: try Self.access("x")).mask(Self.customer)["email"] == nil)
    }

    @Test("A specific path refines an outer one; other members inherit the outer strategy")
    func specificPathRefines() throws {
        var policy = MaskingPolicy()
        policy.mask(try Self.field("card"), with: .nullify)
        policy.mask(try Self.field("card.number"), with: .partial(PartialMask(keepLast: 4, preserving: [" "])))
        let view = try policy.plan(for: try Self.access("x")).mask(Self.customer)
        #expect(view["card"] == ["number": "**** **** **** 1111", "expiry": nil])
    }

    @Test("A wildcard segment applies to every member, and literal siblings get it too")
    func wildcards() throws {
        var policy = MaskingPolicy()
        policy.mask(try Self.field("card.*"), with: .constant("[hidden]"))
        policy.mask(try Self.field("card.number"), with: .partial(PartialMask(keepLast: 4, preserving: [" "])))
        let view = try policy.plan(for: try Self.access("x")).mask(Self.customer)
        #expect(view["card"] == ["number": "**** **** **** 1111", "expiry": "[hidden]"])
    }

    @Test("Field grants with profiles: partial means the last four digits for the card")
    func grantsDrivePlan() throws {
        var policy = MaskingPolicy()
        policy.setProfile(
            FieldMaskingProfile(partial: .partial(PartialMask(keepLast: 4, preserving: [" "]))),
            for: try Self.field("card.number"))
        policy.setProfile(
            FieldMaskingProfile(
                partial: .email(EmailMask()), pseudonym: .pseudonym(try KeyedPseudonymizer(keyring: try Self.keyring()))),
            for: try Self.field("email"))
        let grants = [
            FieldGrant(field: try Self.field("card"), level: .partial),
            FieldGrant(field: try Self.field("email"), level: .pseudonym),
            FieldGrant(field: try Self.field("name"), level: .full),
        ]
        let plan = try policy.plan(for: try Self.access("support"), grants: grants)
        let view = try plan.mask(Self.customer)
        #expect(view["card"] == ["number": "**** **** **** 1111"])  // expiry: partial without a profile → removed
        #expect(view["email"]?.stringValue?.hasPrefix("k1:") == true)
        #expect(view["name"] == "Jane Doe")
        #expect(view["phone"] == nil)
        #expect(plan.fields.map(\.description).contains("card.number: partial (partial)"))
    }

    @Test("A profile that reveals more than its level is an invalid policy")
    func profileProblems() throws {
        var policy = MaskingPolicy()
        policy.setProfile(FieldMaskingProfile(partial: .keep, pseudonym: .email(EmailMask())), for: try Self.field("email"))
        let error = try #require(throws: MaskingError.self) { try policy.plan(for: try Self.access("x")) }
        #expect(error.code == .invalidPolicy)
        #expect(error.message.contains("partial strategy keep"))
        #expect(error.message.contains("pseudonym strategy email"))
    }

    @Test("A wrong JSON type is a typed error naming the field, not a partial record")
    func typeMismatch() throws {
        var policy = MaskingPolicy()
        policy.mask(try Self.field("orders.total"), with: .partial(PartialMask(keepLast: 1)))
        let error = try #require(throws: MaskingError.self) {
            try policy.plan(for: try Self.access("x")).mask(Self.customer)
        }
        #expect(error.code == .typeMismatch)
        #expect(error.message.hasPrefix("at orders[0].total:"))
    }

    @Test("A record that is not an object is refused")
    func notAnObject() throws {
        let plan = try MaskingPolicy().plan(for: try Self.access("x"))
        for record: JSONValue in ["text", 1, [1, 2], nil] {
            #expect(throws: MaskingError.self) { try plan.mask(record) }
        }
    }

    @Test("A required field missing from the record is an error")
    func requiredField() throws {
        var policy = MaskingPolicy()
        policy.require(try Self.field("id"))
        let plan = try policy.plan(for: try Self.access("x"))
        let error = try #require(throws: MaskingError.self) { try plan.mask(["name": "x"]) }
        #expect(error.code == .missingField)
        #expect(try plan.mask(["id": "1"]) == [:])
    }

    @Test("Date shifts need a record key, from the call or the policy's key field")
    func recordKeys() throws {
        var policy = MaskingPolicy()
        let shift = try DateShift(key: try Self.keyring().current, maximumDays: 30)
        policy.mask(try Self.field("birthDate"), with: .dateShift(shift))
        let plan = try policy.plan(for: try Self.access("x"))
        let error = try #require(throws: MaskingError.self) { try plan.mask(Self.customer) }
        #expect(error.code == .missingField)

        let explicit = try plan.mask(Self.customer, recordKey: "cus_1042")
        policy.recordKeyField = try Self.field("id")
        let fromField = try policy.plan(for: try Self.access("x")).mask(Self.customer)
        #expect(explicit == fromField)
        #expect(explicit["birthDate"] != Self.customer["birthDate"])
    }

    @Test("Records nested deeper than the limit are refused")
    func depthLimit() throws {
        var deep: JSONValue = "leaf"
        for _ in 0..<(MaskingPlan.maximumDepth + 2) { deep = ["a": deep] }
        var policy = MaskingPolicy()
        let path = Array(repeating: "a", count: MaskingPlan.maximumDepth + 2).joined(separator: ".")
        policy.mask(try Self.field(String(path.prefix(255)).trimmingTrailingDot()), with: .keep)
        let error = try #require(throws: MaskingError.self) {
            try policy.plan(for: try Self.access("x")).mask(deep)
        }
        #expect(error.code == .tooLarge)
    }

    @Test("Masking a masked record reveals nothing new and does not fail")
    func idempotent() throws {
        for role in ["support", "analyst"] {
            let plan = try Self.policy().plan(for: try Self.access(role))
            let once = try plan.mask(Self.customer)
            let twice = try plan.mask(once)
            #expect(twice["card"]?["number"] == once["card"]?["number"])
            #expect(twice["email"]?.stringValue?.contains("jane") != true)
        }
    }

    @Test("Redact and partial never return the original value", arguments: 0..<50)
    func neverOriginal(seed: Int) throws {
        var generator = SplitMix(seed: UInt64(seed))
        let length = Int(generator.next() % 40) + 1
        let value = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(33 + generator.next() % 90))) })
        var policy = MaskingPolicy()
        policy.mask(try Self.field("a"), with: .partial(PartialMask(keepFirst: 2, keepLast: 2)))
        policy.mask(try Self.field("b"), with: .redact)
        let view = try policy.plan(for: try Self.access("x")).mask(["a": .string(value), "b": .string(value)])
        #expect(view["a"] != .string(value))
        #expect(view["b"] == nil)
    }

    @Test("Tokenized fields need the vault: the plan refuses, the masker tokenizes")
    func tokenization() async throws {
        var policy = MaskingPolicy()
        policy.mask(try Self.field("email"), with: .tokenize(try TokenNamespace("emails")))
        let access = try Self.access("x")
        let error = try #require(throws: MaskingError.self) { try policy.plan(for: access).mask(Self.customer) }
        #expect(error.code == .invalidPolicy)

        let vault = InMemoryTokenVault()
        let masker = Masker(policy: policy, vault: vault)
        let view = try await masker.mask(Self.customer, for: access, subject: try SubjectID("cus_1042"))
        let token = try #require(view["email"]?.stringValue)
        #expect(!token.contains("jane"))
        #expect(try await masker.mask(Self.customer, for: access)["email"]?.stringValue == token)
        #expect(try await vault.detokenize(try Token(token), namespace: try TokenNamespace("emails")) == "jane.doe@example.com")

        let noVault = Masker(policy: policy)
        await #expect(throws: MaskingError.self) { try await noVault.mask(Self.customer, for: access) }
    }

    struct Customer: Codable, Equatable {
        var id: String
        var email: String?
        var age: Int?
    }

    @Test("Codable values are masked through JSON, and a masked copy decodes back")
    func codable() async throws {
        var policy = MaskingPolicy()
        policy.mask(try Self.field("id"), with: .keep)
        policy.mask(try Self.field("email"), with: .email(EmailMask()))
        let masker = Masker(policy: policy)
        let customer = Customer(id: "c1", email: "jane@example.com", age: 37)
        let json = try await masker.mask(customer, for: try Self.access("x"))
        #expect(json == ["id": "c1", "email": "j***@example.com"])
        let copy = try await masker.maskedCopy(of: customer, for: try Self.access("x"))
        #expect(copy == Customer(id: "c1", email: "j***@example.com", age: nil))

        var strict = MaskingPolicy()
        strict.mask(try Self.field("email"), with: .keep)
        let error = await #expect(throws: MaskingError.self) {
            try await Masker(policy: strict).maskedCopy(of: customer, for: try Self.access("x"))
        }
        #expect(error?.code == .typeMismatch)
    }

    @Test("The same policy gives different pseudonyms in different tenants")
    func tenantsBindPseudonyms() throws {
        var policy = MaskingPolicy()
        policy.mask(try Self.field("email"), with: .pseudonym(try KeyedPseudonymizer(keyring: try Self.keyring())))
        let a = try policy.plan(for: try Self.access("x", tenant: "acme")).mask(Self.customer)["email"]
        let b = try policy.plan(for: try Self.access("x", tenant: "globex")).mask(Self.customer)["email"]
        #expect(a != nil && b != nil && a != b)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    fileprivate func trimmingTrailingDot() -> String { hasSuffix(".") ? String(dropLast()) : self }
}

@Suite("Masking plans: records as JSON text")
struct MaskingPlanJSONTextTests {
    static func plan() throws -> MaskingPlan {
        var policy = MaskingPolicy()
        policy.mask(try FieldPath("email"), with: .email(EmailMask()))
        return try policy.plan(for: AccessContext(principal: try PrincipalID("p"), roles: []))
    }

    @Test("Valid JSON text is parsed and masked")
    func parsesAndMasks() throws {
        let masked = try Self.plan().mask(json: Array(#"{"email": "jane@example.com", "name": "Jane"}"#.utf8))
        #expect(masked == ["email": "j***@example.com"])
    }

    @Test("Invalid UTF-8, malformed JSON and oversized text are typed errors")
    func badInput() throws {
        let plan = try Self.plan()
        let invalidUTF8: [UInt8] = Array(#"{"email": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let utf8Error = try #require(throws: MaskingError.self) { try plan.mask(json: invalidUTF8) }
        #expect(utf8Error.code == .invalidUTF8)
        let malformed = try #require(throws: MaskingError.self) { try plan.mask(json: Array(#"{"email": }"#.utf8)) }
        #expect(malformed.code == .invalidFormat)
        let huge = Array(#"{"email": ""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 5_000_000) + Array(#""}"#.utf8)
        let tooLarge = try #require(throws: MaskingError.self) { try plan.mask(json: huge) }
        #expect(tooLarge.code == .tooLarge)
    }

    @Test("A value over the strategies' size limit is refused, not truncated")
    func oversizedValue() throws {
        let plan = try Self.plan()
        let big = String(repeating: "a", count: MaskingLimits.maximumValueByteCount + 1) + "@example.com"
        let error = try #require(throws: MaskingError.self) { try plan.mask(["email": .string(big)]) }
        #expect(error.code == .tooLarge)
    }
}
