import Foundation

/// `Vectors/merkle/rfc6962-transparency-dev.json`: the transparency-dev/merkle
/// RFC 6962 test data, re-encoded as hex (see `Vectors/merkle/README.md`).
struct MerkleVectors: Decodable {
    struct Hash: Decodable {
        let empty_tree_root: String
    }

    struct HasherVector: Decodable {
        let kind: String
        let input_hex: String?
        let left_hex: String?
        let right_hex: String?
        let want: String
    }

    struct Tree: Decodable {
        let leaf_inputs_hex: [String]
        let node_hashes_by_level: [[String]]
        let roots_by_size: [String]
    }

    struct InclusionCase: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]
        let desc: String
        let wantErr: Bool
        var testDescription: String { file }
    }

    struct ConsistencyCase: Decodable, Sendable, CustomTestStringConvertible {
        let file: String
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]
        let desc: String
        let wantErr: Bool
        var testDescription: String { file }
    }

    let hash: Hash
    let hasher_vectors: [HasherVector]
    let tree: Tree
    let inclusion: [InclusionCase]
    let consistency: [ConsistencyCase]

    /// The file, loaded once.
    static let shared: MerkleVectors = {
        guard
            let url = Bundle.module.url(forResource: "Vectors/merkle/rfc6962-transparency-dev", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let vectors = try? JSONDecoder().decode(MerkleVectors.self, from: data)
        else {
            preconditionFailure("Vectors/merkle/rfc6962-transparency-dev.json is missing from the test bundle or malformed")
        }
        return vectors
    }()

    /// The eight leaf inputs as bytes.
    var leafInputs: [[UInt8]] { tree.leaf_inputs_hex.map(AuditTestSupport.bytes(hex:)) }
}

import ConsentKitCore
import Testing

/// Helpers shared by the audit tests (namespaced: the test target is shared).
enum AuditTestSupport {
    /// Hex → bytes; a malformed literal fails the test run loudly.
    static func bytes(hex: String) -> [UInt8] {
        precondition(hex.count % 2 == 0, "odd-length hex literal \(hex)")
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else {
                preconditionFailure("malformed hex literal \(hex)")
            }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// The ``AuditError`` code `body` throws, or `nil` when it succeeds; any
    /// other error is recorded as an issue.
    static func errorCode(_ body: () throws -> Void) -> AuditError.Code? {
        do {
            try body()
            return nil
        } catch let error as AuditError {
            return error.code
        } catch {
            Issue.record("expected an AuditError, got \(type(of: error)): \(error)")
            return nil
        }
    }

    /// The ``AuditError`` code `body` throws, or `nil` when it succeeds.
    static func errorCode(_ body: () async throws -> Void) async -> AuditError.Code? {
        do {
            try await body()
            return nil
        } catch let error as AuditError {
            return error.code
        } catch {
            Issue.record("expected an AuditError, got \(type(of: error)): \(error)")
            return nil
        }
    }

    /// `bytes` with bit `bit` (0 = most significant bit of byte 0) flipped.
    static func flipping(_ bytes: [UInt8], bit: Int) -> [UInt8] {
        var copy = bytes
        copy[bit / 8] ^= 0x80 >> UInt8(bit % 8)
        return copy
    }
}
