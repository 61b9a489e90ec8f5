import ConsentKitCore
import Foundation
import Testing

/// A customer record with every shape the coders handle.
private struct Customer: Codable, Equatable {
    enum Tier: String, Codable { case basic, gold }
    enum Channel: Codable, Equatable {
        case email(address: String)
        case post(lines: [String], country: String?)
    }
    struct Address: Codable, Equatable {
        var street: String
        var city: String
        var geo: [Double]?
    }
    struct Order: Codable, Equatable {
        var sku: String
        var quantity: UInt16
        var price: Decimalish
    }
    /// A single-value wrapper, as many domain types are.
    struct Decimalish: Codable, Equatable {
        var cents: Int64
        init(cents: Int64) { self.cents = cents }
        init(from decoder: any Decoder) throws { cents = try decoder.singleValueContainer().decode(Int64.self) }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(cents)
        }
    }

    var id: UUID
    var name: String
    var nickname: String?
    var tier: Tier
    var channels: [Channel]
    var address: Address
    var previous: Address?
    var orders: [Order]
    var tags: Set<String>
    var scores: [String: Int]
    var joined: Date
    var avatar: Data
    var homepage: URL
    var verified: Bool
    var ratio: Float
    var small: Int8
    var medium: Int32
    var large: Int64
    var unsigned: UInt64
    var big: Int
    var matrix: [[Int]]
    var optionals: [Int?]
}

private func sampleCustomer() -> Customer {
    Customer(
        id: UUID(uuidString: "6BA7B810-9DAD-11D1-80B4-00C04FD430C8") ?? UUID(),
        name: "Ada Lovelace", nickname: nil, tier: .gold,
        channels: [.email(address: "ada@example.com"), .post(lines: ["12 St James's Square"], country: nil)],
        address: .init(street: "12 St James's Square", city: "London", geo: [51.5, -0.13]),
        previous: nil,
        orders: [.init(sku: "ENG-1", quantity: 1, price: .init(cents: 120_000)), .init(sku: "ENG-2", quantity: 65_535, price: .init(cents: -5))],
        tags: ["maths"], scores: ["analysis": 10, "poetry": -3],
        joined: Date(timeIntervalSince1970: 1_767_225_600.125),
        avatar: Data([0, 1, 2, 250, 251, 252]), homepage: URL(string: "https://example.com/ada?x=1") ?? URL(fileURLWithPath: "/"),
        verified: true, ratio: 0.25, small: -128, medium: .max, large: 9_007_199_254_740_992, unsigned: 1 << 60,
        big: -42, matrix: [[1, 2], [], [3]], optionals: [1, nil, 3])
}

@Suite("JSONValueEncoder and JSONValueDecoder")
struct JSONValueCodingTests {
    @Test func roundTripsNestedStructsArraysOptionalsEnumsAndFoundationTypes() throws {
        let customer = sampleCustomer()
        let value = try JSONValueEncoder().encode(customer)
        #expect(value["name"] == "Ada Lovelace")
        #expect(value["nickname"] == nil, "nil optionals are left out")
        #expect(value["tier"] == "gold")
        #expect(value["address"]?["geo"] == [51.5, -0.13])
        #expect(value["orders"]?[1]?["price"] == -5)
        #expect(value["joined"] == "2026-01-01T00:00:00.125Z")
        #expect(value["avatar"] == "AAEC+vv8")
        #expect(value["homepage"] == "https://example.com/ada?x=1")
        #expect(value["id"] == "6BA7B810-9DAD-11D1-80B4-00C04FD430C8")
        #expect(value["optionals"] == [1, nil, 3])
        #expect(value["channels"]?[0]?["email"]?["address"] == "ada@example.com")
        let back = try JSONValueDecoder().decode(Customer.self, from: value)
        #expect(back == customer)
    }

    @Test func matchesJSONEncoderThroughText() throws {
        let customer = sampleCustomer()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let viaText = try JSONValue(parsing: try encoder.encode(customer))
        #expect(try JSONValueEncoder().encode(customer) == viaText)
        // And JSONValue decodes from JSONDecoder too.
        #expect(try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(customer)) == viaText)
    }

    @Test func datesAsSecondsAndLenientDecoding() throws {
        var encoder = JSONValueEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let date = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(try encoder.encode(["at": date]) == ["at": 1_767_225_600])
        #expect(try JSONValueEncoder().encode(["at": date]) == ["at": "2026-01-01T00:00:00Z"])
        let decoder = JSONValueDecoder()
        #expect(try decoder.decode(Date.self, from: 1_767_225_600) == date)
        #expect(try decoder.decode(Date.self, from: "2026-01-01T02:00:00+02:00") == date)
        #expect(throws: DecodingError.self) { try decoder.decode(Date.self, from: "yesterday") }
        #expect(throws: DecodingError.self) { try decoder.decode(Data.self, from: "not base64!") }
        #expect(throws: DecodingError.self) { try decoder.decode(URL.self, from: 5) }
    }

    @Test func integersMustFitExactly() throws {
        let decoder = JSONValueDecoder()
        #expect(try decoder.decode(Int8.self, from: 127) == 127)
        let overflow = #expect(throws: DecodingError.self) { try decoder.decode([String: Int8].self, from: ["n": 300]) }
        guard case .dataCorrupted(let context) = overflow else {
            Issue.record("expected dataCorrupted, got \(String(describing: overflow))")
            return
        }
        #expect(context.debugDescription == "Number 300 does not fit in Int8.")
        #expect(context.codingPath.map(\.stringValue) == ["n"])
        #expect(throws: DecodingError.self) { try decoder.decode(UInt8.self, from: -1) }
        #expect(throws: DecodingError.self) { try decoder.decode(Int.self, from: 1.5) }
        #expect(throws: DecodingError.self) { try decoder.decode([Int16].self, from: [1, 40_000]) }
        #expect(throws: DecodingError.self) { try decoder.decode(UInt32.self, from: 4_294_967_296) }
        #expect(try decoder.decode(UInt32.self, from: 4_294_967_295) == .max)
        #expect(try decoder.decode(Int64.self, from: -9_007_199_254_740_992) == -9_007_199_254_740_992)
        #expect(throws: DecodingError.self) { try decoder.decode(Float.self, from: 1e300) }
        #expect(try decoder.decode(Float.self, from: 0.5) == 0.5)

        let encoder = JSONValueEncoder()
        #expect(try encoder.encode(Int64(1) << 62) == .number(4_611_686_018_427_387_904))
        #expect(throws: EncodingError.self) { try encoder.encode(Int64.max) }
        #expect(throws: EncodingError.self) { try encoder.encode(["n": UInt64.max - 1]) }
        #expect(throws: EncodingError.self) { try encoder.encode([Int.max]) }
        #expect(throws: EncodingError.self) { try encoder.encode(Double.nan) }
        #expect(throws: EncodingError.self) { try encoder.encode(["x": Float.infinity]) }
        #expect(try encoder.encode([Int8.min, 0, Int8.max]) == [-128, 0, 127])
    }

    @Test func typeErrorsNameTheCodingPath() throws {
        struct Narrow: Decodable { var email: String; var age: Int }
        let decoder = JSONValueDecoder()
        let missing = #expect(throws: DecodingError.self) { try decoder.decode(Narrow.self, from: ["email": "a"]) }
        guard case .keyNotFound(let key, _) = missing else {
            Issue.record("expected keyNotFound")
            return
        }
        #expect(key.stringValue == "age")
        let mismatch = #expect(throws: DecodingError.self) { try decoder.decode([Narrow].self, from: [["email": 1, "age": 2]]) }
        guard case .typeMismatch(_, let context) = mismatch else {
            Issue.record("expected typeMismatch")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["0", "email"])
        #expect(context.debugDescription.contains("found a number"))
        let null = #expect(throws: DecodingError.self) { try decoder.decode(Narrow.self, from: ["email": nil, "age": 2]) }
        guard case .valueNotFound = null else {
            Issue.record("expected valueNotFound")
            return
        }
        #expect(throws: DecodingError.self) { try decoder.decode(Narrow.self, from: [1]) }
    }

    @Test func nestedContainersAndSuperEncoders() throws {
        let value = try JSONValueEncoder().encode(Manual(a: 1, b: ["x", "y"], parent: "p", rows: [[1, 2], [3]]))
        #expect(
            value == [
                "a": 1, "inner": ["b": ["x", "y"], "list": [["k": 1]]], "super": ["base": "p"],
                "rows": [[1, 2], [3]], "custom": ["base": "p"],
            ])
        let back = try JSONValueDecoder().decode(Manual.self, from: value)
        #expect(back == Manual(a: 1, b: ["x", "y"], parent: "p", rows: [[1, 2], [3]]))
    }

    @Test func depthIsLimitedWhileEncoding() throws {
        var encoder = JSONValueEncoder()
        encoder.maximumDepth = 3
        #expect(try encoder.encode([[[1]]]) == [[[1]]])
        #expect(throws: EncodingError.self) { try encoder.encode([[[[1]]]]) }
        // A cyclic object graph stops at the limit instead of running forever.
        let node = Node()
        node.next = node
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(node) }
        node.next = nil
    }

    @Test func userInfoReachesTheEncodedType() throws {
        var encoder = JSONValueEncoder()
        let key = try #require(CodingUserInfoKey(rawValue: "mode"))
        encoder.userInfo[key] = "loud"
        #expect(try encoder.encode(Loud()) == "LOUD")
        var decoder = JSONValueDecoder()
        decoder.userInfo[key] = "loud"
        #expect(try decoder.decode(Loud.self, from: "x") == Loud())
    }
}

private final class Node: Encodable {
    var next: Node?
}

private struct Loud: Codable, Equatable {
    init() {}
    init(from decoder: any Decoder) throws {
        guard let key = CodingUserInfoKey(rawValue: "mode"), decoder.userInfo[key] as? String == "loud" else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no mode"))
        }
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        let key = CodingUserInfoKey(rawValue: "mode")
        try container.encode(key.flatMap { encoder.userInfo[$0] as? String } == "loud" ? "LOUD" : "quiet")
    }
}

/// Uses nested keyed and unkeyed containers and super encoders by hand.
private struct Manual: Codable, Equatable {
    var a: Int
    var b: [String]
    var parent: String
    var rows: [[Int]]

    init(a: Int, b: [String], parent: String, rows: [[Int]]) {
        self.a = a
        self.b = b
        self.parent = parent
        self.rows = rows
    }

    enum Keys: String, CodingKey { case a, inner, b, list, k, base, rows, custom }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(a, forKey: .a)
        var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
        try inner.encode(b, forKey: .b)
        var list = inner.nestedUnkeyedContainer(forKey: .list)
        var element = list.nestedContainer(keyedBy: Keys.self)
        try element.encode(1, forKey: .k)
        var base = container.superEncoder().container(keyedBy: Keys.self)
        try base.encode(parent, forKey: .base)
        var rowsContainer = container.nestedUnkeyedContainer(forKey: .rows)
        for row in rows {
            var nested = rowsContainer.nestedUnkeyedContainer()
            for cell in row { try nested.encode(cell) }
        }
        var custom = container.superEncoder(forKey: .custom).container(keyedBy: Keys.self)
        try custom.encode(parent, forKey: .base)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        a = try container.decode(Int.self, forKey: .a)
        let inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
        b = try inner.decode([String].self, forKey: .b)
        var list = try inner.nestedUnkeyedContainer(forKey: .list)
        let element = try list.nestedContainer(keyedBy: Keys.self)
        guard try element.decode(Int.self, forKey: .k) == 1, list.isAtEnd else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad list"))
        }
        parent = try container.superDecoder().container(keyedBy: Keys.self).decode(String.self, forKey: .base)
        var rowsContainer = try container.nestedUnkeyedContainer(forKey: .rows)
        var rows: [[Int]] = []
        while !rowsContainer.isAtEnd {
            var nested = try rowsContainer.nestedUnkeyedContainer()
            var row: [Int] = []
            while !nested.isAtEnd { row.append(try nested.decode(Int.self)) }
            rows.append(row)
        }
        self.rows = rows
        let custom = try container.superDecoder(forKey: .custom).container(keyedBy: Keys.self)
        guard try custom.decode(String.self, forKey: .base) == parent else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad custom"))
        }
    }
}
