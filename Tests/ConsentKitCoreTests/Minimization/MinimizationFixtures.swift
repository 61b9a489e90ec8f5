import ConsentKitCore
import Foundation

/// A small shop catalog for the minimization tests: the fields each purpose
/// may use, with nested, wildcard and array paths.
struct MinimizationFixtures {
    let newsletter: PurposeID
    let shipping: PurposeID
    let support: PurposeID
    let analytics: PurposeID
    let catalog: PrivacyCatalog

    init() throws {
        newsletter = try PurposeID("newsletter")
        shipping = try PurposeID("shipping")
        support = try PurposeID("support")
        analytics = try PurposeID("analytics")
        let contact = try DataCategory("contact")
        let notice = try NoticeID("privacy-notice")
        catalog = try PrivacyCatalog(
            categories: [DataCategoryDefinition(contact, title: "Contact details")],
            purposes: [
                Purpose(
                    newsletter, title: "Newsletter", description: "We email you our news.", legalBasis: .consent,
                    categories: [contact], fields: [try FieldPath("email")], notice: notice),
                Purpose(
                    shipping, title: "Shipping", description: "We deliver what you buy.", legalBasis: .contract,
                    categories: [contact],
                    fields: [
                        try FieldPath("email"), try FieldPath("name"), try FieldPath("address"),
                        try FieldPath("orders.sku"), try FieldPath("orders.quantity"),
                    ]),
                Purpose(
                    support, title: "Support", description: "We answer your questions.", legalBasis: .contract,
                    fields: [try FieldPath("phone"), try FieldPath("devices.*.model"), try FieldPath("orders.sku")]),
                Purpose(
                    analytics, title: "Analytics", description: "We measure the site.", legalBasis: .consent,
                    notice: notice),
            ])
    }

    /// The example: a newsletter sign-up that says too much.
    static let signUp: JSONValue = [
        "name": "Ada Lovelace",
        "phone": "+44 20 7946 0000",
        "birthday": "1815-12-10",
        "email": "ada@example.com",
    ]

    static let order: JSONValue = [
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "phone": "+44 20 7946 0000",
        "address": ["street": "12 St James's Square", "city": "London", "geo": ["lat": 51.5, "lon": -0.13]],
        "orders": [
            ["sku": "ENG-1", "quantity": 1, "price": 1200, "note": "gift"],
            ["sku": "ENG-2", "quantity": 2, "price": 80],
        ],
        "devices": [
            "laptop": ["model": "Analytical", "serial": "AE-1843"],
            "phone": ["model": "Difference", "serial": "DE-1822", "imei": "35-209900-176148-1"],
        ],
        "cardNumber": "4111111111111111",
    ]

    /// A value nested `depth` containers deep (objects, with one array level
    /// in the middle), the innermost member holding `innermost`.
    static func nested(depth: Int, key: String = "a", innermost: JSONValue = 1) -> JSONValue {
        var value = innermost
        for level in stride(from: depth, to: 0, by: -1) {
            value = level == depth / 2 && level > 1 ? .array([value]) : .object([key: value])
        }
        return value
    }

    /// Whether `kept` is `original` with some object members removed.
    static func isSubtree(_ kept: JSONValue, of original: JSONValue) -> Bool {
        switch (kept, original) {
        case (.object(let mine), .object(let theirs)):
            return mine.allSatisfy { key, value in theirs[key].map { isSubtree(value, of: $0) } ?? false }
        case (.array(let mine), .array(let theirs)):
            return mine.count == theirs.count && zip(mine, theirs).allSatisfy { isSubtree($0, of: $1) }
        default:
            return kept == original
        }
    }
}

/// SplitMix64, so randomized tests replay exactly from their seed.
struct MinimizationRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

