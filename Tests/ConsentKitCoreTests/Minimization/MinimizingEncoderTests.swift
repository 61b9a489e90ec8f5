import ConsentKitCore
import Foundation
import Testing

/// Minimizing `Encodable` values: dropped members are never encoded, and the
/// result must match minimizing the value's JSON.
@Suite("Minimizing Encodable values")
struct MinimizingEncoderTests {
    let fixtures: MinimizationFixtures

    init() throws { fixtures = try MinimizationFixtures() }

    struct SignUp: Codable, Equatable {
        var name: String
        var phone: String?
        var birthday: Date
        var email: String
    }

    struct Newsletter: Decodable, Equatable {
        var email: String
    }

    @Test func newsletterSignUpThroughCodable() throws {
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let signUp = SignUp(name: "Ada", phone: "+44", birthday: Date(timeIntervalSince1970: 0), email: "ada@example.com")
        let result = try plan.strip(signUp)
        #expect(result.kept == ["email": "ada@example.com"])
        #expect(result.dropped.map(\.rawValue) == ["birthday", "name", "phone"])
        #expect(try result.decode(Newsletter.self) == Newsletter(email: "ada@example.com"))
        let error = #expect(throws: MinimizationError.self) { try plan.reject(signUp) }
        #expect(error?.fields.map(\.rawValue) == ["birthday", "name", "phone"])
        // A nil optional is not encoded, so it is not dropped either.
        let quiet = SignUp(name: "Ada", phone: nil, birthday: Date(timeIntervalSince1970: 0), email: "a")
        #expect(try plan.strip(quiet).dropped.map(\.rawValue) == ["birthday", "name"])
    }

    @Test func droppedMembersAreNeverEncoded() throws {
        struct Tripwire: Encodable {
            func encode(to encoder: any Encoder) throws {
                Issue.record("a dropped member was encoded")
            }
        }
        struct Holder: Encodable {
            var email = "a@example.com"
            var secret = Tripwire()
            var nested = [Tripwire()]
        }
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.newsletter])
        let result = try plan.strip(Holder())
        #expect(result.kept == ["email": "a@example.com"])
        #expect(result.dropped.map(\.rawValue) == ["nested", "secret"])
    }

    @Test func jsonValuesInsideEncodablesAreMinimizedToo() throws {
        struct Envelope: Encodable {
            var email: String
            var orders: JSONValue
            var address: JSONValue
        }
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        let envelope = Envelope(
            email: "a", orders: [["sku": "A", "price": 3], nil], address: ["city": "Paris", "zip": "75001"])
        let result = try plan.strip(envelope)
        #expect(result.kept == ["email": "a", "orders": [["sku": "A"], nil], "address": ["city": "Paris", "zip": "75001"]])
        #expect(result.dropped.map(\.rawValue) == ["orders.price"])
        // A JSONValue given as the generic value is a payload like any other.
        #expect(try plan.strip(MinimizationFixtures.order as JSONValue) == plan.strip(MinimizationFixtures.order))
        let wrong = Envelope(email: "a", orders: "ENG-1", address: nil)
        let error = #expect(throws: MinimizationError.self) { try plan.strip(wrong) }
        #expect(error?.code == .wrongType)
        #expect(error?.fields.map(\.rawValue) == ["orders"])
        struct Devices: Encodable { var devices: JSONValue }
        let support = try fixtures.catalog.minimizationPlan(for: [fixtures.support])
        let inner = #expect(throws: MinimizationError.self) { try support.strip(Devices(devices: ["laptop": 3])) }
        #expect(inner?.fields.map(\.rawValue) == ["devices.laptop"])
    }

    @Test func shapesThePlanForbids() throws {
        struct Orders: Encodable { var orders: [String] }
        struct Scalar: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode("just a string")
            }
        }
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        let wrongType = #expect(throws: MinimizationError.self) { try plan.strip(Orders(orders: ["ENG-1"])) }
        #expect(wrongType?.code == .wrongType)
        #expect(wrongType?.fields.map(\.rawValue) == ["orders"])
        #expect(wrongType?.message.contains("orders holds a string in an array") == true)
        for root in [try? plan.strip(Scalar()), try? plan.strip([1, 2]), try? plan.strip([String]())] {
            #expect(root == nil)
        }
        let rootError = #expect(throws: MinimizationError.self) { try plan.strip(Scalar()) }
        #expect(rootError?.code == .wrongType)
        #expect(rootError?.message.contains("string") == true)
        #expect(throws: MinimizationError.self) { try plan.strip([1, 2]) }
        #expect(try plan.strip(["email": "a", "other": "b"]).kept == ["email": "a"])
    }

    @Test func limitsAndEncodingFailures() throws {
        struct Deep: Encodable {
            var level: Int
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                if level > 0 { try container.encode(Deep(level: level - 1), forKey: .a) } else { try container.encode(1, forKey: .a) }
            }
            enum Key: CodingKey { case a }
        }
        let plan = MinimizationPlan(allowing: [try FieldPath("a")])
        #expect(try plan.strip(Deep(level: 63)).isUnchanged)
        let deep = #expect(throws: MinimizationError.self) { try plan.strip(Deep(level: 64)) }
        #expect(deep?.code == .tooDeep)
        let small = MinimizationPlan(allowing: [try FieldPath("a")], limits: .init(maximumNodeCount: 10))
        #expect(try small.strip(["a": Array(repeating: 1, count: 8)]).isUnchanged)
        let large = #expect(throws: MinimizationError.self) { try small.strip(["a": Array(repeating: 1, count: 9)]) }
        #expect(large?.code == .tooLarge)
        let failed = #expect(throws: MinimizationError.self) { try plan.strip(["a": Int64.max]) }
        #expect(failed?.code == .encodingFailed)
        #expect(failed?.message.contains("9223372036854775807") == true)
        let nan = #expect(throws: MinimizationError.self) { try plan.strip(["a": Double.nan]) }
        #expect(nan?.code == .encodingFailed)
    }

    @Test func nestedContainersFollowThePlan() throws {
        struct Manual: Encodable {
            enum Key: String, CodingKey { case email, contact, phone, orders, sku, price, audit }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode("a@example.com", forKey: .email)
                var contact = container.nestedContainer(keyedBy: Key.self, forKey: .contact)
                try contact.encode("+44", forKey: .phone)
                var orders = container.nestedUnkeyedContainer(forKey: .orders)
                var order = orders.nestedContainer(keyedBy: Key.self)
                try order.encode("A", forKey: .sku)
                try order.encode(3, forKey: .price)
                var audit = container.superEncoder(forKey: .audit).container(keyedBy: Key.self)
                try audit.encode("x", forKey: .email)
            }
        }
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        let result = try plan.strip(Manual())
        #expect(result.kept == ["email": "a@example.com", "orders": [["sku": "A"]]])
        #expect(result.dropped.map(\.rawValue) == ["audit", "contact", "orders.price"])
        let everything = MinimizationPlan(allowing: [try FieldPath("*")])
        #expect(
            try everything.strip(Manual()).kept == [
                "email": "a@example.com", "contact": ["phone": "+44"], "orders": [["sku": "A", "price": 3]],
                "audit": ["email": "x"],
            ])
    }

    @Test(arguments: 0..<6)
    func encodingMatchesTheJSONWalk(seed: UInt64) throws {
        var random = MinimizationRandom(seed: seed &+ 1_000)
        let names = ["a", "b", "c", "d"]
        var agreed = (succeeded: 0, failed: 0)
        for round in 0..<150 {
            let patterns = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    Int.random(in: 0..<6, using: &random) == 0 ? "*" : names.randomElement(using: &random) ?? "a"
                }.joined(separator: ".")
            }
            let plan = MinimizationPlan(allowing: try patterns.map { try FieldPath($0) })
            let payload = randomPayload(depth: 0, using: &random, names: names)
            let replay = Replay(value: payload, nested: round.isMultiple(of: 2))
            let viaWalk = Result { () throws(MinimizationError) in try plan.strip(payload) }
            let viaEncoder = Result { () throws(MinimizationError) in try plan.strip(replay) }
            switch (viaWalk, viaEncoder) {
            case (.success(let walked), .success(let encoded)):
                agreed.succeeded += 1
                #expect(encoded.kept == walked.kept, "plan \(patterns) on \(payload)")
                #expect(encoded.dropped == walked.dropped, "plan \(patterns) on \(payload)")
                let rejected = Result { () throws(MinimizationError) in try plan.reject(replay) }
                #expect((try? rejected.get()) != nil || !walked.isUnchanged)
            case (.failure(let walked), .failure(let encoded)):
                agreed.failed += 1
                #expect(walked.code == encoded.code, "\(walked) vs \(encoded)")
            default:
                Issue.record("walk \(viaWalk) but encoder \(viaEncoder) for plan \(patterns) on \(payload)")
            }
        }
        #expect(agreed.succeeded > 40 && agreed.failed > 5, "\(agreed)")
    }

    private func randomPayload(depth: Int, using random: inout MinimizationRandom, names: [String]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for name in names + ["x"] where Int.random(in: 0..<3, using: &random) > 0 {
            members[name] = randomValue(depth: depth + 1, using: &random, names: names)
        }
        return .object(members)
    }

    private func randomValue(depth: Int, using random: inout MinimizationRandom, names: [String]) -> JSONValue {
        switch Int.random(in: 0..<(depth >= 4 ? 4 : 10), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Double(Int.random(in: -5...5, using: &random)))
        case 3: return .string("s\(Int.random(in: 0...9, using: &random))")
        case 4, 5:
            return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in
                Bool.random(using: &random)
                    ? randomPayload(depth: depth + 1, using: &random, names: names)
                    : randomValue(depth: depth + 1, using: &random, names: names)
            })
        default: return randomPayload(depth: depth, using: &random, names: names)
        }
    }
}

/// Encodes a JSON value through the `Encoder` containers, as a hand-written
/// `Encodable` would (not through `JSONValue`'s own fast path).
private struct Replay: Encodable {
    let value: JSONValue
    /// Use nested containers instead of encoding child values.
    let nested: Bool

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            try Self.encode(members, into: &container, nested: nested)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            try Self.encode(elements, into: &container, nested: nested)
        default:
            var container = encoder.singleValueContainer()
            switch value {
            case .null: try container.encodeNil()
            case .bool(let flag): try container.encode(flag)
            case .number(let number): try container.encode(number)
            case .string(let text): try container.encode(text)
            case .array, .object: break
            }
        }
    }

    static func encode(_ members: [String: JSONValue], into container: inout KeyedEncodingContainer<Key>, nested: Bool) throws {
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            let key = Key(stringValue: name)
            switch member {
            case .null: try container.encodeNil(forKey: key)
            case .string(let text): try container.encode(text, forKey: key)
            case .object(let inner) where nested:
                var child = container.nestedContainer(keyedBy: Key.self, forKey: key)
                try encode(inner, into: &child, nested: nested)
            case .array(let elements) where nested:
                var child = container.nestedUnkeyedContainer(forKey: key)
                try encode(elements, into: &child, nested: nested)
            default: try container.encode(Replay(value: member, nested: nested), forKey: key)
            }
        }
    }

    static func encode(_ elements: [JSONValue], into container: inout any UnkeyedEncodingContainer, nested: Bool) throws {
        for element in elements {
            switch element {
            case .object(let inner) where nested:
                var child = container.nestedContainer(keyedBy: Key.self)
                try encode(inner, into: &child, nested: nested)
            case .null: try container.encodeNil()
            default: try container.encode(Replay(value: element, nested: nested))
            }
        }
    }
}
