import ConsentKitCore
import Foundation
import Testing

@Suite("Minimization plans")
struct MinimizationPlanTests {
    let fixtures: MinimizationFixtures

    init() throws { fixtures = try MinimizationFixtures() }

    @Test func newsletterSignUpKeepsOnlyTheEmail() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let result = try plan.strip(MinimizationFixtures.signUp)
        #expect(result.kept == ["email": "ada@example.com"])
        #expect(result.dropped == [try FieldPath("birthday"), try FieldPath("name"), try FieldPath("phone")])
        #expect(!result.isUnchanged)
    }

    @Test func rejectModeListsEveryExtraFieldSorted() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let error = #expect(throws: MinimizationError.self) { try plan.reject(MinimizationFixtures.signUp) }
        #expect(error?.code == .fieldsNotAllowed)
        #expect(error?.fields.map(\.rawValue) == ["birthday", "name", "phone"])
        #expect(error?.message.contains("birthday, name, phone") == true)
        #expect(error?.message.contains("newsletter") == true)
        #expect(try plan.reject(["email": "ada@example.com"]) == ["email": "ada@example.com"])
    }

    @Test func unionOfTwoPurposes() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter, fixtures.support])
        let result = try plan.strip(MinimizationFixtures.signUp)
        #expect(result.kept == ["email": "ada@example.com", "phone": "+44 20 7946 0000"])
        #expect(result.dropped.map(\.rawValue) == ["birthday", "name"])
        // Overlapping fields (email in both) are kept once, and the union is normalized.
        let both = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping, fixtures.newsletter, fixtures.shipping])
        #expect(both.purposes == [fixtures.shipping, fixtures.newsletter])
        #expect(both.allowedFields.map(\.rawValue) == ["address", "email", "name", "orders.quantity", "orders.sku"])
    }

    @Test func arrayPathsApplyToEveryElement() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        let result = try plan.strip(MinimizationFixtures.order)
        #expect(
            result.kept == [
                "email": "ada@example.com",
                "name": "Ada Lovelace",
                "address": ["street": "12 St James's Square", "city": "London", "geo": ["lat": 51.5, "lon": -0.13]],
                "orders": [["sku": "ENG-1", "quantity": 1], ["sku": "ENG-2", "quantity": 2]],
            ])
        // Each dropped path once, although `price` was dropped from both orders.
        #expect(
            result.dropped.map(\.rawValue) == ["cardNumber", "devices", "orders.note", "orders.price", "phone"])
        // Arrays nested in arrays are transparent too, and nulls stay.
        let nested: JSONValue = ["orders": [[["sku": "A", "price": 1]], nil, [nil]]]
        let stripped = try plan.strip(nested)
        #expect(stripped.kept == ["orders": [[["sku": "A"]], nil, [nil]]])
        #expect(stripped.dropped.map(\.rawValue) == ["orders.price"])
    }

    @Test func wildcardSegmentsMatchAnyMember() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.support])
        let result = try plan.strip(MinimizationFixtures.order)
        #expect(
            result.kept == [
                "phone": "+44 20 7946 0000",
                "devices": ["laptop": ["model": "Analytical"], "phone": ["model": "Difference"]],
                "orders": [["sku": "ENG-1"], ["sku": "ENG-2"]],
            ])
        #expect(
            result.dropped.map(\.rawValue) == [
                "address", "cardNumber", "devices.laptop.serial", "devices.phone.imei", "devices.phone.serial", "email",
                "name", "orders.note", "orders.price", "orders.quantity",
            ])
    }

    @Test func wildcardAndLiteralPatternsMerge() throws {
        let plan = MinimizationPlan(allowing: [
            try FieldPath("a.*.x"), try FieldPath("a.b.y"), try FieldPath("a.c"), try FieldPath("*.z"),
        ])
        let payload: JSONValue = [
            "a": ["b": ["x": 1, "y": 2, "w": 3], "c": ["anything": true], "d": ["x": 4, "y": 5], "z": 6],
            "q": ["z": 7, "r": 8],
        ]
        let result = try plan.strip(payload)
        #expect(
            result.kept == [
                "a": ["b": ["x": 1, "y": 2], "c": ["anything": true], "d": ["x": 4], "z": 6],
                "q": ["z": 7],
            ])
        #expect(result.dropped.map(\.rawValue) == ["a.b.w", "a.d.y", "q.r"])
        #expect(plan.allows(try FieldPath("a.anything.x")))
        #expect(!plan.allows(try FieldPath("a.d.y")))
    }

    @Test func missingAllowedFieldsAndNullsAreFine() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        #expect(try plan.strip([:]).kept == [:])
        let result = try plan.strip(["email": nil, "address": nil, "orders": nil, "phone": nil])
        #expect(result.kept == ["email": nil, "address": nil, "orders": nil])
        #expect(result.dropped.map(\.rawValue) == ["phone"])
        // An object on the way to an allowed field is kept, even when empty.
        let contactPlan = MinimizationPlan(allowing: [try FieldPath("contact.email")])
        let partial = try contactPlan.strip(["contact": ["phone": "1"]])
        #expect(partial.kept == ["contact": [:]])
        #expect(partial.dropped.map(\.rawValue) == ["contact.phone"])
    }

    @Test func nothingDroppedSharesThePayload() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        let payload: JSONValue = ["email": "a@example.com", "orders": [["sku": "X"]], "address": ["city": "Paris"]]
        let result = try plan.strip(payload)
        #expect(result.isUnchanged)
        #expect(result.kept == payload)
        #expect(result.dropped.isEmpty)
        #expect(try plan.reject(payload) == payload)
    }

    @Test func purposesWithoutFieldsKeepNothing() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.analytics])
        let result = try plan.strip(MinimizationFixtures.signUp)
        #expect(result.kept == [:])
        #expect(result.dropped.count == 4)
        let none = try fixtures.catalog.minimizationPlan(for: [])
        #expect(try none.strip(["a": 1]).kept == [:])
        let error = #expect(throws: MinimizationError.self) { try none.reject(["a": 1]) }
        #expect(error?.message.contains("not allowed by no purpose") == true)
    }

    @Test func unknownPurposesAreNamed() throws {
        let error = #expect(throws: MinimizationError.self) {
            try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter, try PurposeID("telepathy"), try PurposeID("ads")])
        }
        #expect(error?.code == .unknownPurpose)
        #expect(error?.message.contains("\"telepathy\", \"ads\"") == true)
        #expect(throws: MinimizationError.self) { try fixtures.catalog.allowedFields(for: [try PurposeID("nope")]) }
    }

    @Test(arguments: [JSONValue.array([["email": "x"]]), "email", 1, nil, true])
    func payloadRootMustBeAnObject(_ root: JSONValue) throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let error = #expect(throws: MinimizationError.self) { try plan.strip(root) }
        #expect(error?.code == .wrongType)
        #expect(error?.message.contains(root.typeName) == true)
        #expect(throws: MinimizationError.self) { try plan.reject(root) }
    }

    @Test func scalarWhereTheAllowedPathContinuesIsWrongType() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping, fixtures.support])
        for payload: JSONValue in [
            ["orders": "ENG-1"], ["orders": [["sku": "A"], 42]], ["devices": ["laptop": "Analytical"]],
        ] {
            let error = #expect(throws: MinimizationError.self) { try plan.strip(payload) }
            #expect(error?.code == .wrongType)
            #expect(error?.fields.count == 1)
            #expect(throws: MinimizationError.self) { try plan.reject(payload) }
        }
        let error = #expect(throws: MinimizationError.self) { try plan.strip(["devices": ["laptop": 3]]) }
        #expect(error?.fields == [try FieldPath("devices.laptop")])
        #expect(error?.message.contains("devices.laptop is a number") == true)
        let element = #expect(throws: MinimizationError.self) { try plan.strip(["orders": [["sku": "A"], 42]]) }
        #expect(element?.message.contains("orders holds a number in an array") == true)
    }

    @Test func depthSixtyFourIsAcceptedAndSixtyFiveIsNot() throws {
        for plan in [MinimizationPlan(allowing: [try FieldPath("a")]), MinimizationPlan(allowing: [try FieldPath("b")])] {
            let ok = try plan.strip(MinimizationFixtures.nested(depth: 64))
            #expect(ok.kept == MinimizationFixtures.nested(depth: 64) || ok.kept == [:])
            let error = #expect(throws: MinimizationError.self) { try plan.strip(MinimizationFixtures.nested(depth: 65)) }
            #expect(error?.code == .tooDeep)
            #expect(error?.message.contains("64") == true)
            #expect(throws: MinimizationError.self) { try plan.reject(MinimizationFixtures.nested(depth: 65)) }
        }
        // On an allowed path that continues, too.
        let deepPath = try FieldPath(Array(repeating: "a", count: 70).joined(separator: "."))
        let plan = MinimizationPlan(allowing: [deepPath])
        #expect(try plan.strip(MinimizationFixtures.nested(depth: 64, innermost: nil)).isUnchanged)
        let error = #expect(throws: MinimizationError.self) { try plan.strip(MinimizationFixtures.nested(depth: 65, innermost: nil)) }
        #expect(error?.code == .tooDeep)
        #expect(error?.fields.first?.segments.allSatisfy { $0 == "a" } == true)
        // Limits are configurable.
        let shallow = MinimizationPlan(allowing: [try FieldPath("a")], limits: .init(maximumDepth: 3))
        #expect(throws: MinimizationError.self) { try shallow.strip(MinimizationFixtures.nested(depth: 4)) }
        #expect(try shallow.strip(MinimizationFixtures.nested(depth: 3)).isUnchanged)
    }

    @Test func tooManyValuesIsTooLarge() throws {
        let plan = MinimizationPlan(allowing: [try FieldPath("keep")], limits: .init(maximumNodeCount: 100))
        let big = JSONValue.object(["keep": .array((0..<50).map { .number(Double($0)) }), "drop": .array(Array(repeating: nil, count: 50))])
        let error = #expect(throws: MinimizationError.self) { try plan.strip(big) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message.contains("100") == true)
        // 1 root + 1 array + 98 elements = 100 values: exactly at the limit.
        let fits = JSONValue.object(["keep": .array((0..<98).map { .number(Double($0)) })])
        #expect(try plan.strip(fits).isUnchanged)
        #expect(throws: MinimizationError.self) { try plan.strip(["keep": .array(Array(repeating: 1, count: 99))]) }
        // Dropped values count as well: the limit is on the payload.
        #expect(throws: MinimizationError.self) { try plan.strip(["other": .array(Array(repeating: 1, count: 99))]) }
    }

    @Test func failedCallsChangeNothing() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        let planBefore = plan
        var payload = MinimizationFixtures.order
        let payloadBefore = payload
        let expected = try plan.strip(payload)

        #expect(throws: MinimizationError.self) { try plan.reject(payload) }
        payload = ["orders": [["sku": "A"], "oops"]]
        #expect(throws: MinimizationError.self) { try plan.strip(payload) }
        #expect(throws: MinimizationError.self) { try plan.strip(MinimizationFixtures.nested(depth: 80)) }
        #expect(throws: MinimizationError.self) { try plan.strip(json: Data("{\"email\": ".utf8)) }

        #expect(plan == planBefore)
        payload = payloadBefore
        #expect(payload == MinimizationFixtures.order)
        #expect(try plan.strip(payload) == expected)
        #expect(try plan.strip(payload).dropped == expected.dropped)
    }

    @Test func stripsJSONText() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let json = Data(#"{"name":"Ada","phone":"+44","birthday":"1815-12-10","email":"ada@example.com"}"#.utf8)
        let result = try plan.strip(json: json)
        #expect(result.kept.jsonString == #"{"email":"ada@example.com"}"#)
        #expect(result.dropped.count == 3)
        #expect(throws: MinimizationError.self) { try plan.reject(json: json) }
        let small = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter], limits: .init(maximumByteCount: 16))
        let error = #expect(throws: MinimizationError.self) { try small.strip(json: json) }
        #expect(error?.code == .tooLarge)
    }

    @Test func memberNamesThatAreNotFieldPathsAreStillReported() throws {
        let plan = MinimizationPlan(allowing: [try FieldPath("email")])
        let result = try plan.strip(["email": "a", "first name": "Ada", "a.b": 1, "": 2])
        #expect(result.kept == ["email": "a"])
        #expect(result.dropped.map(\.segments) == [[""], ["a.b"], ["first name"]])
    }

    @Test func describesItself() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let result = try plan.strip(MinimizationFixtures.signUp)
        #expect(result.description == "MinimizedPayload(kept: [email], dropped: [birthday, name, phone])")
        #expect(!result.description.contains("ada@example.com"))
        let error = MinimizationError(code: .tooDeep, message: "x")
        #expect(error.description == "MinimizationError.tooDeep: x")
    }
}
