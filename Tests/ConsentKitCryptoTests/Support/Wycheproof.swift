import Foundation

/// The subset of the Wycheproof JSON schemas these tests read.
enum Wycheproof {
    struct File<Group: Decodable>: Decodable {
        let algorithm: String
        let numberOfTests: Int
        let testGroups: [Group]
    }

    enum Result: String, Decodable {
        case valid, invalid, acceptable
    }

    /// `mac_test_schema_v1.json`
    struct MACGroup: Decodable {
        let keySize: Int
        let tagSize: Int
        let tests: [MACTest]
    }

    struct MACTest: Decodable {
        let tcId: Int
        let comment: String
        let key: String
        let msg: String
        let tag: String
        let result: Result
    }

    /// `hkdf_test_schema_v1.json`
    struct HKDFGroup: Decodable {
        let keySize: Int
        let tests: [HKDFTest]
    }

    struct HKDFTest: Decodable {
        let tcId: Int
        let comment: String
        let ikm: String
        let salt: String
        let info: String
        let size: Int
        let okm: String
        let result: Result
    }

    /// `aead_test_schema_v1.json`
    struct AEADGroup: Decodable {
        let ivSize: Int
        let keySize: Int
        let tagSize: Int
        let tests: [AEADTest]
    }

    struct AEADTest: Decodable {
        let tcId: Int
        let comment: String
        let key: String
        let iv: String
        let aad: String
        let msg: String
        let ct: String
        let tag: String
        let result: Result
    }

    /// Loads `Vectors/wycheproof/<name>` from the test bundle.
    static func load<Group: Decodable>(_ name: String, as _: Group.Type) throws -> File<Group> {
        guard let url = Bundle.module.url(forResource: "Vectors/wycheproof/\(name)", withExtension: nil) else {
            throw VectorFileMissing(name: name)
        }
        return try JSONDecoder().decode(File<Group>.self, from: Data(contentsOf: url))
    }

    struct VectorFileMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "test vector file Vectors/wycheproof/\(name) is not in the test bundle" }
    }
}

/// Hex → bytes for test inputs; a malformed literal fails the test loudly.
func hex(_ string: String) -> [UInt8] {
    guard let bytes = decodeHex(string) else {
        preconditionFailure("malformed hex literal in a test vector: \(string)")
    }
    return bytes
}

private func decodeHex(_ string: String) -> [UInt8]? {
    let cleaned = string.filter { !$0.isWhitespace }
    guard cleaned.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    var index = cleaned.startIndex
    while index < cleaned.endIndex {
        let next = cleaned.index(index, offsetBy: 2)
        guard let byte = UInt8(cleaned[index..<next], radix: 16) else { return nil }
        bytes.append(byte)
        index = next
    }
    return bytes
}
