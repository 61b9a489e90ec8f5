/// A coding key for any object member name or array index.
struct JSONValueCodingKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = String(index)
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { self.init(index: intValue) }
}

/// A member name or array index on the way to a value, turned into a
/// `CodingKey` only when a coding path is asked for (errors, `codingPath`).
enum PathComponent {
    case none
    case key(any CodingKey)
    /// A member name, standing for its key: cheaper than boxing the key.
    case named(String)
    case index(Int)

    var key: (any CodingKey)? {
        switch self {
        case .none: nil
        case .key(let key): key
        case .named(let name): JSONValueCodingKey(name)
        case .index(let index): JSONValueCodingKey(index: index)
        }
    }
}

enum JSONValueCodingPath {
    /// `orders[2].sku`
    static func describe(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}

extension PathComponent {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
