// One customer record, three employees: RBAC decides who may read it for which
// purpose and which fields at which level; Masking turns those field grants
// into each person's view.

import ConsentKitCore
import Masking
import RBAC

func accessAndMaskingTour() async throws {
    section("Access control and masking: one customer, three roles")

    let support = try RoleID("support-agent")
    let analyst = try RoleID("analyst")
    let dpo = try RoleID("dpo")
    let supportPurpose = try PurposeID("customer-support")
    let analytics = try PurposeID("analytics")
    let accessRequest = try PurposeID("data-subject-request")
    let customers = try ResourcePattern("customers/*")

    func grant(_ field: String, _ level: MaskingLevel) throws -> FieldGrant {
        FieldGrant(field: try FieldPath(field), level: level)
    }

    // RBAC: permissions carry field grants, scoped to a purpose.
    var rbac = RBACPolicy()
    for role in [support, analyst, dpo] { rbac.addRole(role) }
    try rbac.addPermission(
        Permission(
            action: .read, resource: customers, purposes: [supportPurpose],
            fields: [
                try grant("id", .full), try grant("name", .full), try grant("email", .partial),
                try grant("card.number", .partial), try grant("orders", .full),
            ]),
        to: support)
    try rbac.addPermission(
        Permission(
            action: .read, resource: customers, purposes: [analytics],
            fields: [
                try grant("id", .pseudonym), try grant("email", .pseudonym), try grant("birthDate", .partial),
                try grant("orders.total", .full),
            ]),
        to: analyst)
    try rbac.addPermission(
        Permission(action: .read, resource: customers, purposes: [accessRequest], fields: [try grant("*", .full)]),
        to: dpo)
    // Whoever reviews the data for a request must not also be the analyst profiling it.
    try rbac.addStaticSeparation(SeparationOfDuty(name: "audit-independence", roles: [analyst, dpo]))
    let ana = try PrincipalID("ana"), li = try PrincipalID("li"), dana = try PrincipalID("dana")
    try rbac.assign(ana, to: support)
    try rbac.assign(li, to: analyst)
    try rbac.assign(dana, to: dpo)
    do {
        try rbac.assign(li, to: dpo)
    } catch {
        show("li as analyst and dpo", "refused: \(error)")
    }
    let snapshot = try PolicySnapshot(compiling: rbac)

    // Masking: what "partial" and "pseudonym" mean for each field.
    let keys = try MaskingKeyring(current: MaskingKey.generate(id: try MaskingKeyID("k2026-11")))
    let pseudonyms = try KeyedPseudonymizer(keyring: keys)
    var masking = MaskingPolicy()
    masking.setProfile(
        FieldMaskingProfile(partial: .partial(PartialMask(keepLast: 4, preserving: [" "]))),
        for: try FieldPath("card.number"))
    masking.setProfile(
        FieldMaskingProfile(partial: .email(EmailMask()), pseudonym: .pseudonym(pseudonyms)),
        for: try FieldPath("email"))
    masking.setProfile(FieldMaskingProfile(pseudonym: .pseudonym(pseudonyms)), for: try FieldPath("id"))
    masking.setProfile(
        FieldMaskingProfile(partial: .generalize(.dateTruncation(.year))), for: try FieldPath("birthDate"))
    let masker = Masker(policy: masking)

    let customer: JSONValue = [
        "id": "cus_1042", "name": "Jane Doe", "email": "jane.doe@example.com", "birthDate": "1987-03-14",
        "card": ["number": "4111 1111 1111 1111", "expiry": "12/29"],
        "orders": [["sku": "A-1", "total": 31.5], ["sku": "B-7", "total": 12]],
    ]
    let resource = "customers/cus_1042"
    show("record", customer)

    for (name, principal, role, purpose) in [
        ("support agent", ana, support, supportPurpose), ("analyst", li, analyst, analytics),
        ("DPO", dana, dpo, accessRequest), ("analyst, for support", li, analyst, supportPurpose),
    ] {
        let access = AccessContext(principal: principal, roles: [role], purpose: purpose)
        let explanation = snapshot.explain(access, .read, resource)
        show("\(name): read?", explanation)
        guard explanation.isAllowed else { continue }
        let grants = snapshot.fieldGrants(for: access, action: .read, resource: resource)
        show("  sees", try await masker.mask(customer, for: access, grants: grants))
    }

    let readers = snapshot.whoCanRead(field: try FieldPath("card.number"))
    show("who can read card.number", readers.map(\.description).joined(separator: "; "))
}
