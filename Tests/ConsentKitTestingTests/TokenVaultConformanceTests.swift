import ConsentKitCore
import ConsentKitTesting
import Foundation
import Masking
import Synchronization
import Testing

@Suite("TokenVault conformance: InMemoryTokenVault")
struct TokenVaultConformanceTests {
    /// One shared vault, as the suite asks: every handle sees the same tokens.
    let conformance: TokenVaultConformance = {
        let vault = InMemoryTokenVault()
        return TokenVaultConformance { vault }
    }()

    @Test func determinism() async throws { try await conformance.determinism() }
    @Test func namespaceIsolation() async throws { try await conformance.namespaceIsolation() }
    @Test func randomTokens() async throws { try await conformance.randomTokens() }
    @Test func roundTrip() async throws { try await conformance.roundTrip() }
    @Test func erasure() async throws { try await conformance.erasure() }
    @Test func concurrentTokenization() async throws { try await conformance.concurrentTokenization() }
    @Test func sizeLimit() async throws { try await conformance.sizeLimit() }
    @Test func runAll() async throws { try await conformance.runAll() }

    @Test func aRunLeavesNothingBehind() async throws {
        let vault = InMemoryTokenVault()
        try await TokenVaultConformance { vault }.runAll()
        #expect(vault.tokenCount == 0)
    }

    @Test func independentVaultsAreReported() async {
        // Handles that do not share data cannot model two instances: the suite says so.
        let conformance = TokenVaultConformance { InMemoryTokenVault() }
        await withKnownIssue("makeVault returned independent vaults") {
            try await conformance.concurrentTokenization()
        }
    }
}

@Suite("TokenVault conformance catches defective vaults")
struct TokenVaultConformanceFailureTests {
    enum Area: String, Sendable, CustomStringConvertible {
        case determinism, namespaceIsolation, randomTokens, roundTrip, erasure, concurrentTokenization, sizeLimit

        var description: String { rawValue }

        func run(_ conformance: TokenVaultConformance) async throws {
            switch self {
            case .determinism: try await conformance.determinism()
            case .namespaceIsolation: try await conformance.namespaceIsolation()
            case .randomTokens: try await conformance.randomTokens()
            case .roundTrip: try await conformance.roundTrip()
            case .erasure: try await conformance.erasure()
            case .concurrentTokenization: try await conformance.concurrentTokenization()
            case .sizeLimit: try await conformance.sizeLimit()
            }
        }
    }

    @Test(arguments: [
        (DefectiveTokenVault.Defect.newTokenEveryTime, Area.determinism),
        (.normalizesValues, .determinism),
        (.ignoresNamespaces, .namespaceIsolation),
        (.concatenatesIndexKey, .namespaceIsolation),
        (.sequentialTokens, .randomTokens),
        (.tokenFromValue, .randomTokens),
        (.truncatesAtNUL, .roundTrip),
        (.softDeletes, .erasure),
        (.keepsIndexAfterErasure, .erasure),
        (.racyIndex, .concurrentTokenization),
        (.countsCharacters, .sizeLimit),
    ])
    func defectIsReported(_ defect: DefectiveTokenVault.Defect, _ area: Area) async {
        let vault = DefectiveTokenVault(defect)
        await withKnownIssue("a vault that \(defect) must fail \(area)") {
            try await area.run(TokenVaultConformance { vault })
        }
    }

    @Test(arguments: DefectiveTokenVault.Defect.allCases)
    func runAllReportsEveryDefect(_ defect: DefectiveTokenVault.Defect) async {
        let vault = DefectiveTokenVault(defect)
        await withKnownIssue("a vault that \(defect) must fail runAll()") {
            try await TokenVaultConformance { vault }.runAll()
        }
    }

    @Test func theDefectFreeDoubleReportsNothing() async throws {
        // Proves the failures above come from the defects, not from the double.
        let vault = DefectiveTokenVault(nil)
        try await TokenVaultConformance { vault }.runAll()
    }
}

/// A token vault with exactly one deliberate defect; otherwise a plain,
/// unencrypted vault that keeps the contract (values in the clear are fine
/// for a test double, never for an adapter).
final class DefectiveTokenVault: TokenVault {
    enum Defect: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Issues a fresh token on every call: no value index.
        case newTokenEveryTime
        /// Indexes values after Unicode normalization and lower-casing (a normalizing, case-insensitive collation).
        case normalizesValues
        /// Ignores the namespace in the index and in lookups.
        case ignoresNamespaces
        /// Indexes `namespace + "." + value`, so different pairs can run together.
        case concatenatesIndexKey
        /// Issues tokens from a counter.
        case sequentialTokens
        /// Derives the token from the value (its digits and letters, then padding).
        case tokenFromValue
        /// Stores values up to the first NUL, like a C-string driver.
        case truncatesAtNUL
        /// Unlinks an erased subject but keeps its tokens resolvable.
        case softDeletes
        /// Deletes erased tokens but leaves their index entries, so the old token comes back.
        case keepsIndexAfterErasure
        /// Checks the index, waits, then inserts without checking again.
        case racyIndex
        /// Applies the size limit to characters instead of UTF-8 bytes.
        case countsCharacters

        var description: String { rawValue }
    }

    private struct Slot: Hashable {
        let namespace: String
        let token: Token
    }

    private struct State {
        var index: [[UInt8]: Token] = [:]
        var values: [Slot: String] = [:]
        var links: [SubjectID: Set<Slot>] = [:]
        var counter = 0
    }

    private let defect: Defect?
    private let state = Mutex(State())

    init(_ defect: Defect?) {
        self.defect = defect
    }

    func tokenize(_ value: String, namespace: TokenNamespace, subject: SubjectID?) async throws -> Token {
        let byteCount = defect == .countsCharacters ? value.count : value.utf8.count
        guard byteCount <= TokenVaultLimits.maximumValueByteCount else {
            throw MaskingError(code: .tooLarge, message: "value of \(byteCount) over the limit")
        }
        let key = indexKey(value, namespace)
        let slotNamespace = defect == .ignoresNamespaces ? "" : namespace.rawValue
        if defect != .newTokenEveryTime, let existing = lookUp(key, namespace: slotNamespace, subject: subject) {
            return existing
        }
        if defect == .racyIndex { try await Task.sleep(for: .milliseconds(20)) }
        let stored = defect == .truncatesAtNUL ? String(value.prefix { $0 != "\u{0}" }) : value
        return state.withLock { state in
            if defect != .racyIndex && defect != .newTokenEveryTime, let winner = state.index[key] {
                link(subject, Slot(namespace: slotNamespace, token: winner), &state)
                return winner
            }
            let token = newToken(value, &state)
            let slot = Slot(namespace: slotNamespace, token: token)
            state.index[key] = token
            state.values[slot] = stored
            link(subject, slot, &state)
            return token
        }
    }

    func detokenize(_ token: Token, namespace: TokenNamespace) async throws -> String? {
        let slotNamespace = defect == .ignoresNamespaces ? "" : namespace.rawValue
        return state.withLock { $0.values[Slot(namespace: slotNamespace, token: token)] }
    }

    func deleteTokens(of subject: SubjectID) async throws -> Int {
        state.withLock { state in
            guard let slots = state.links.removeValue(forKey: subject) else { return 0 }
            if defect == .softDeletes { return slots.count }
            var deleted = 0
            for slot in slots where state.values.removeValue(forKey: slot) != nil {
                deleted += 1
                if defect != .keepsIndexAfterErasure {
                    state.index = state.index.filter { $0.value != slot.token }
                }
                for other in state.links.keys { state.links[other]?.remove(slot) }
            }
            return deleted
        }
    }

    private func indexKey(_ value: String, _ namespace: TokenNamespace) -> [UInt8] {
        switch defect {
        case .normalizesValues:
            return Array(namespace.rawValue.utf8) + [0xFF] + Array(value.precomposedStringWithCanonicalMapping.lowercased().utf8)
        case .ignoresNamespaces:
            return Array(value.utf8)
        case .concatenatesIndexKey:
            return Array("\(namespace.rawValue).\(value)".utf8)
        default:
            // 0xFF never occurs in UTF-8, so namespace and value cannot run together.
            return Array(namespace.rawValue.utf8) + [0xFF] + Array(value.utf8)
        }
    }

    private func lookUp(_ key: [UInt8], namespace: String, subject: SubjectID?) -> Token? {
        state.withLock { state in
            guard let token = state.index[key] else { return nil }
            link(subject, Slot(namespace: namespace, token: token), &state)
            return token
        }
    }

    private func link(_ subject: SubjectID?, _ slot: Slot, _ state: inout State) {
        if let subject { state.links[subject, default: []].insert(slot) }
    }

    private func newToken(_ value: String, _ state: inout State) -> Token {
        switch defect {
        case .sequentialTokens:
            state.counter += 1
            let digits = String(state.counter)
            return (try? Token("tok_" + String(repeating: "0", count: 26 - digits.count) + digits)) ?? Token.random()
        case .tokenFromValue:
            let allowed = Set(Token.alphabet)
            let kept = String(value.lowercased().filter { allowed.contains($0) }.prefix(26))
            let random = Token.random().rawValue.dropFirst(4)
            return (try? Token("tok_" + kept + random.prefix(26 - kept.count))) ?? Token.random()
        default:
            return Token.random()
        }
    }
}
