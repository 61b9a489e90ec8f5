// Whole records through a compiled `MaskingPlan`, the per-record cost a
// server pays once the plan is compiled (compilation is outside the
// measurement). Target (masking issue): a 20-field plan ≥ 500 k records/s.
//
// The record is a customer with 20 leaf fields (16 top-level, an address
// of 2 and a card of 2). Three views of it:
// - support agent (the target's plan): 7 kept, a keyed pseudonym for the
//   customer id, 9 masked without a key (name partial, email, phone, card
//   last four, birth date to the year, postal-code prefix, age band, points
//   bucket, a constant), 3 removed;
// - analyst: 6 kept, a keyed pseudonym for the customer id and email, the
//   birth date to the year, the rest removed by the default strategy;
// - every field kept: the cost of the walk and of rebuilding the record.
// The two-field record is the counterpart of Presidio's anonymizer handed
// two spans (compare-masking.py): the same email and phone number, masked
// the way Presidio's operators are told to.

import Benchmark
import ConsentKitCore
import Masking

private func customerRecord() -> JSONValue {
    .object([
        "id": .string("c-1029384756"),
        "createdAt": .string("2024-03-17"),
        "status": .string("active"),
        "tier": .string("gold"),
        "locale": .string("en-GB"),
        "marketingOptIn": .bool(true),
        "name": .string("Jane Doe"),
        "email": .string("jane.doe@example.com"),
        "phone": .string("+44 20 7946 0958"),
        "birthDate": .string("1987-06-14"),
        "postalCode": .string("SW1A 1AA"),
        "age": .number(38),
        "loyaltyPoints": .number(1520),
        "nationalID": .string("QQ123456C"),
        "notes": .string("Called about a late delivery; prefers email."),
        "riskScore": .number(0.12),
        "address": .object([
            "street": .string("10 Downing Street"),
            "city": .string("London"),
        ]),
        "card": .object([
            "number": .string("4111 1111 1111 1111"),
            "expiry": .string("12/29"),
        ]),
    ])
}

private func fields(_ entries: [(String, MaskingStrategy)]) throws -> [(FieldPath, MaskingStrategy)] {
    try entries.map { (try FieldPath($0.0), $0.1) }
}

func recordBenchmarks() {
    let record = customerRecord()
    let twoFields: JSONValue = .object([
        "email": .string("jane.doe@example.com"),
        "phone": .string("+1 415 555 0132"),
    ])

    struct Plans {
        let support: MaskingPlan
        let analyst: MaskingPlan
        let keepAll: MaskingPlan
        let twoFields: MaskingPlan
        let twoFieldMasker: Masker
        let twoFieldAccess: AccessContext
    }
    let setup = Result { () throws -> Plans in
        let key = try MaskingKey(id: MaskingKeyID("k1"), bytes: (0..<32).map { UInt8($0) })
        let pseudonymizer = try KeyedPseudonymizer(keyring: MaskingKeyring(current: key))
        let support = MaskingAudience(roles: [try RoleID("support")])
        let analyst = MaskingAudience(roles: [try RoleID("analyst")])
        var policy = MaskingPolicy()
        let supportFields = try fields([
            ("id", .pseudonym(pseudonymizer)), ("createdAt", .keep), ("status", .keep), ("tier", .keep), ("locale", .keep),
            ("marketingOptIn", .keep), ("address.city", .keep), ("riskScore", .keep),
            ("name", .partial(PartialMask(keepFirst: 1, preserving: [" "]))),
            ("email", .email(EmailMask())),
            ("phone", .phone(PhoneMask(keepLast: 4))),
            ("card.number", .partial(PartialMask(keepLast: 4, preserving: [" "]))),
            ("birthDate", .generalize(.dateTruncation(.year))),
            ("postalCode", .generalize(.postalCodePrefix(keep: 3))),
            ("age", .generalize(.ageBand(width: 10))),
            ("loyaltyPoints", .generalize(.numberBucket(width: 500))),
            ("notes", .constant(.string("[removed]"))),
            ("nationalID", .redact), ("card.expiry", .redact), ("address.street", .redact),
        ])
        for (field, strategy) in supportFields { policy.mask(field, with: strategy, for: support) }
        let analystFields = try fields([
            ("createdAt", .keep), ("status", .keep), ("tier", .keep), ("locale", .keep), ("address.city", .keep),
            ("riskScore", .keep),
            ("id", .pseudonym(pseudonymizer)), ("email", .pseudonym(pseudonymizer)),
            ("birthDate", .generalize(.dateTruncation(.year))),
        ])
        for (field, strategy) in analystFields { policy.mask(field, with: strategy, for: analyst) }

        // The walk alone: every field of the support view kept.
        let keeper = MaskingAudience(roles: [try RoleID("auditor")])
        for (field, _) in supportFields { policy.mask(field, with: .keep, for: keeper) }

        var twoFieldPolicy = MaskingPolicy()
        twoFieldPolicy.mask(try FieldPath("email"), with: .email(EmailMask(keepLocalFirst: 0)))
        twoFieldPolicy.mask(try FieldPath("phone"), with: .phone(PhoneMask(keepLast: 4)))

        let principal = try PrincipalID("u-1")
        let tenant = try TenantID("acme")
        let twoFieldAccess = AccessContext(principal: principal, roles: [], tenant: tenant)
        let plans = Plans(
            support: try policy.plan(
                for: AccessContext(principal: principal, roles: [try RoleID("support")], tenant: tenant)),
            analyst: try policy.plan(
                for: AccessContext(
                    principal: principal, roles: [try RoleID("analyst")], purpose: try PurposeID("analytics"),
                    tenant: tenant)),
            keepAll: try policy.plan(
                for: AccessContext(principal: principal, roles: [try RoleID("auditor")], tenant: tenant)),
            twoFields: try twoFieldPolicy.plan(for: twoFieldAccess),
            twoFieldMasker: Masker(policy: twoFieldPolicy),
            twoFieldAccess: twoFieldAccess)
        // The measured path must be the masking one, not an early error or a no-op.
        let masked = try plans.support.mask(record)
        guard masked["nationalID"] == nil, masked["email"] != record["email"],
            masked["id"]?.stringValue?.hasPrefix("k1:") == true, try plans.keepAll.mask(record) == record,
            try plans.twoFields.mask(twoFields) != twoFields
        else {
            throw BenchmarkSetupError("the plans do not mask the record as declared: \(masked)")
        }
        _ = try plans.analyst.mask(record)
        return plans
    }

    Benchmark("Record masking, 20-field plan", configuration: maskingConfiguration) { benchmark in
        guard let plans = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try plans.support.mask(record))
        }
    }

    Benchmark("Record masking, 20-field plan, analyst (2 keyed pseudonyms)", configuration: maskingConfiguration) {
        benchmark in
        guard let plans = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try plans.analyst.mask(record))
        }
    }

    Benchmark("Record masking, 20-field plan, every field kept (the walk alone)", configuration: maskingConfiguration) {
        benchmark in
        guard let plans = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try plans.keepAll.mask(record))
        }
    }

    Benchmark("Two values (email, phone), 2-field record through MaskingPlan", configuration: maskingConfiguration) {
        benchmark in
        guard let plans = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try plans.twoFields.mask(twoFields))
        }
    }

    // The public entry point: plan cache lookup (a mutex and a dictionary
    // keyed by the access context) plus the async call.
    Benchmark("Two values (email, phone), 2-field record through Masker.mask", configuration: maskingConfiguration) {
        benchmark async throws in
        guard let plans = benchmark.prepared(setup) else { return }
        for _ in benchmark.scaledIterations {
            blackHole(try await plans.twoFieldMasker.mask(twoFields, for: plans.twoFieldAccess))
        }
    }
}
