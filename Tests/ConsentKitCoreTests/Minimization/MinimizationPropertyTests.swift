import ConsentKitCore
import Foundation
import Testing

/// Random payloads against random plans, checked against the properties
/// minimization promises and against a naive reference implementation.
@Suite("Minimization properties")
struct MinimizationPropertyTests {
    private static let names = ["a", "b", "c", "d"]

    @Test(arguments: 0..<8)
    func randomPayloadsAgainstRandomPlans(seed: UInt64) throws {
        var random = MinimizationRandom(seed: seed &* 0x5851_F42D_4C95_7F2D &+ 11)
        var checked = 0
        for _ in 0..<250 {
            let patterns = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                (0..<Int.random(in: 1...3, using: &random)).map { _ in
                    Int.random(in: 0..<6, using: &random) == 0 ? "*" : Self.names.randomElement(using: &random) ?? "a"
                }
            }
            let plan = MinimizationPlan(allowing: try patterns.map { try FieldPath($0.joined(separator: ".")) })
            let payload = JSONValue.object(randomObject(depth: 0, using: &random))

            let reference = Reference.apply(patterns, to: payload)
            let stripped: MinimizedPayload
            do {
                stripped = try plan.strip(payload)
            } catch {
                #expect(reference == nil, "strip failed (\(error)) where the reference did not")
                #expect(error.code == .wrongType)
                let rejectError = #expect(throws: MinimizationError.self) { try plan.reject(payload) }
                #expect(rejectError?.code == .wrongType)
                continue
            }
            checked += 1
            let (expectedKept, expectedDropped) = try #require(reference)
            #expect(stripped.kept == expectedKept, "plan \(patterns) on \(payload)")
            #expect(stripped.dropped.map(\.segments) == expectedDropped)

            // Kept is a sub-tree of the payload, and stripping is idempotent.
            #expect(MinimizationFixtures.isSubtree(stripped.kept, of: payload))
            let again = try plan.strip(stripped.kept)
            #expect(again.dropped.isEmpty && again.isUnchanged)
            #expect(again.kept == stripped.kept)
            #expect(try plan.reject(stripped.kept) == stripped.kept)

            // Reject succeeds exactly when strip drops nothing.
            do {
                let accepted = try plan.reject(payload)
                #expect(stripped.dropped.isEmpty)
                #expect(accepted == payload)
            } catch {
                #expect(error.code == .fieldsNotAllowed)
                #expect(error.fields == stripped.dropped)
                #expect(!stripped.dropped.isEmpty)
            }
        }
        #expect(checked > 50)
    }

    @Test func codableValuesMinimizeLikeTheirJSON() throws {
        struct Item: Codable { var sku: String; var price: Int; var note: String? }
        struct Cart: Codable { var email: String; var items: [Item]; var coupon: String?; var meta: [String: Int] }
        let fixtures = try MinimizationFixtures()
        let plan = try fixtures.catalog.minimizationPlan(for: [fixtures.shipping])
        var random = MinimizationRandom(seed: 7)
        for _ in 0..<100 {
            let cart = Cart(
                email: "a@example.com",
                items: (0..<Int.random(in: 0...3, using: &random)).map {
                    Item(sku: "S\($0)", price: Int.random(in: 0...1000, using: &random), note: Bool.random(using: &random) ? "n" : nil)
                },
                coupon: Bool.random(using: &random) ? "SAVE" : nil, meta: ["v": 1])
            let viaValue = try plan.strip(try JSONValueEncoder().encode(cart))
            #expect(try plan.strip(cart) == viaValue)
            struct Narrow: Decodable, Equatable { struct Line: Decodable, Equatable { var sku: String }; var email: String; var orders: [Line]? }
            #expect(try viaValue.decode(Narrow.self).email == "a@example.com")
        }
        let error = #expect(throws: MinimizationError.self) { try plan.reject(Cart(email: "a", items: [], coupon: nil, meta: [:])) }
        #expect(error?.fields.map(\.rawValue) == ["items", "meta"])
    }

    private func randomObject(depth: Int, using random: inout MinimizationRandom) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for name in Self.names + ["x"] where Int.random(in: 0..<3, using: &random) > 0 {
            members[name] = randomValue(depth: depth + 1, using: &random)
        }
        return members
    }

    private func randomValue(depth: Int, using random: inout MinimizationRandom) -> JSONValue {
        let pick = Int.random(in: 0..<(depth >= 4 ? 4 : 10), using: &random)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .number(Double(Int.random(in: -5...5, using: &random)))
        case 3: return .string(String(Int.random(in: 0...99, using: &random)))
        case 4, 5:
            return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in
                Bool.random(using: &random) ? .object(randomObject(depth: depth + 1, using: &random)) : randomValue(depth: depth + 1, using: &random)
            })
        default: return .object(randomObject(depth: depth, using: &random))
        }
    }
}

/// Minimization as the documentation describes it, simulated pattern by
/// pattern with no automaton: the oracle for the property test.
private enum Reference {
    struct WrongType: Error {}

    /// The kept value and the sorted, distinct dropped paths; `nil` for a
    /// wrong-type payload.
    static func apply(_ patterns: [[String]], to payload: JSONValue) -> (JSONValue, [[String]])? {
        var dropped: Set<[String]> = []
        guard case .object(let members) = payload,
            let kept = try? object(members, patterns: patterns, path: [], dropped: &dropped)
        else { return nil }
        return (.object(kept), dropped.sorted { $0.lexicographicallyPrecedes($1) })
    }

    private static func object(
        _ members: [String: JSONValue], patterns: [[String]], path: [String], dropped: inout Set<[String]>
    ) throws -> [String: JSONValue] {
        var kept: [String: JSONValue] = [:]
        for (key, value) in members {
            let rests = patterns.filter { $0.first == key || $0.first == "*" }.map { Array($0.dropFirst()) }
            if rests.isEmpty {
                dropped.insert(path + [key])
            } else if rests.contains(where: \.isEmpty) {
                kept[key] = value
            } else {
                kept[key] = try below(value, patterns: rests, path: path + [key], dropped: &dropped)
            }
        }
        return kept
    }

    private static func below(
        _ value: JSONValue, patterns: [[String]], path: [String], dropped: inout Set<[String]>
    ) throws -> JSONValue {
        switch value {
        case .object(let members): return .object(try object(members, patterns: patterns, path: path, dropped: &dropped))
        case .array(let elements):
            return .array(try elements.map { try below($0, patterns: patterns, path: path, dropped: &dropped) })
        case .null: return .null
        default: throw WrongType()
        }
    }
}
