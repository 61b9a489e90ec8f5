import ConsentKitCore
import ConsentKitTesting
import Foundation
import RBAC
import Synchronization
import Testing

@Suite("PolicyStore conformance: InMemoryPolicyStore")
struct PolicyStoreConformanceTests {
    let conformance = PolicyStoreConformance(makeStore: { InMemoryPolicyStore() }, openAnotherHandle: { $0 })

    @Test func emptyStore() async throws { try await conformance.emptyStore() }
    @Test func roundTrip() async throws { try await conformance.roundTrip() }
    @Test func expectedVersionConflicts() async throws { try await conformance.expectedVersionConflicts() }
    @Test func concurrentWriters() async throws { try await conformance.concurrentWriters() }
    @Test func exactIdentifiers() async throws { try await conformance.exactIdentifiers() }
    @Test func largePolicy() async throws { try await conformance.largePolicy() }
    @Test func runAll() async throws { try await conformance.runAll() }

    @Test func jsonBackedStorePasses() async throws {
        // A store keeping only the JSON document, as a database adapter would.
        try await PolicyStoreConformance(makeStore: { DefectivePolicyStore(nil) }).runAll()
    }

    @Test func prefilledStoreIsReported() async {
        let conformance = PolicyStoreConformance {
            InMemoryPolicyStore(policy: try PolicyStoreConformanceFixtures.onePolicy())
        }
        await withKnownIssue("makeStore must return an empty store") {
            try await conformance.emptyStore()
        }
    }

    @Test func independentHandlesAreReported() async {
        // A second handle that does not share the first one's data cannot model two instances.
        let conformance = PolicyStoreConformance(makeStore: { InMemoryPolicyStore() }, openAnotherHandle: { _ in InMemoryPolicyStore() })
        await withKnownIssue("openAnotherHandle returned an independent store") {
            try await conformance.concurrentWriters()
        }
    }
}

enum PolicyStoreConformanceFixtures {
    static func onePolicy() throws -> RBACPolicy {
        var policy = RBACPolicy()
        policy.addRole(try RoleID("someone-elses"))
        return policy
    }
}

@Suite("PolicyStore conformance catches defective stores")
struct PolicyStoreConformanceFailureTests {
    enum Area: String, Sendable, CaseIterable, CustomStringConvertible {
        case emptyStore, roundTrip, expectedVersionConflicts, concurrentWriters, exactIdentifiers, largePolicy

        var description: String { rawValue }

        func run(_ conformance: PolicyStoreConformance) async throws {
            switch self {
            case .emptyStore: try await conformance.emptyStore()
            case .roundTrip: try await conformance.roundTrip()
            case .expectedVersionConflicts: try await conformance.expectedVersionConflicts()
            case .concurrentWriters: try await conformance.concurrentWriters()
            case .exactIdentifiers: try await conformance.exactIdentifiers()
            case .largePolicy: try await conformance.largePolicy()
            }
        }
    }

    @Test(arguments: [
        (DefectivePolicyStore.Defect.ignoresExpectedVersion, Area.expectedVersionConflicts),
        (.throwsStorageError, .expectedVersionConflicts),
        (.startsAtVersionZero, .emptyStore),
        (.dropsWrites, .concurrentWriters),
        (.losesDenyRules, .roundTrip),
        (.keepsOldSeparations, .roundTrip),
        (.foldsCase, .exactIdentifiers),
        (.truncatesAssignments, .largePolicy),
    ])
    func defectIsReported(_ defect: DefectivePolicyStore.Defect, _ area: Area) async {
        await withKnownIssue("a store that \(defect) must fail \(area)") {
            try await area.run(PolicyStoreConformance(makeStore: { DefectivePolicyStore(defect) }, openAnotherHandle: { $0 }))
        }
    }

    @Test(arguments: DefectivePolicyStore.Defect.allCases)
    func runAllReportsEveryDefect(_ defect: DefectivePolicyStore.Defect) async {
        await withKnownIssue("a store that \(defect) must fail runAll()") {
            try await PolicyStoreConformance(makeStore: { DefectivePolicyStore(defect) }, openAnotherHandle: { $0 }).runAll()
        }
    }
}

/// A policy store that keeps the policy as its JSON document, like a
/// database adapter, with at most one deliberate defect.
final class DefectivePolicyStore: PolicyStore {
    enum Defect: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Saves whatever the stored version: no compare-and-set.
        case ignoresExpectedVersion
        /// Reports conflicts as StorageError instead of RBACError.
        case throwsStorageError
        /// Reports version 0 (not 1) after the first save, and counts from there.
        case startsAtVersionZero
        /// Acknowledges every 13th save without storing it.
        case dropsWrites
        /// Forgets deny rules (a missing column).
        case losesDenyRules
        /// Keeps the separation-of-duty sets of the first save forever (an upsert that never deletes).
        case keepsOldSeparations
        /// Lower-cases and composes every string of the document (a case-insensitive, normalizing collation).
        case foldsCase
        /// Keeps only the first 10,000 assignments (a row limit).
        case truncatesAssignments

        var description: String { rawValue }
    }

    private struct State {
        var document: [UInt8]?
        var version: UInt64 = 0
        var saves = 0
        var firstSeparations: JSONValue?
    }

    private let defect: Defect?
    private let state = Mutex(State())

    init(_ defect: Defect?) {
        self.defect = defect
    }

    func load() async throws -> VersionedPolicy? {
        let (document, version) = state.withLock { ($0.document, $0.version) }
        guard let document else { return nil }
        let policy = try RBACPolicy.decode(json: document)
        return VersionedPolicy(policy: policy, version: defect == .startsAtVersionZero ? version - 1 : version)
    }

    func save(_ policy: RBACPolicy, expectedVersion: UInt64) async throws -> UInt64 {
        var document = policy.jsonValue
        switch defect {
        case .losesDenyRules: document = Self.replacing("denyRules", with: [], in: document)
        case .truncatesAssignments:
            if let assignments = document["assignments"]?.arrayValue, assignments.count > 10_000 {
                document = Self.replacing("assignments", with: .array(Array(assignments.prefix(10_000))), in: document)
            }
        case .foldsCase: document = Self.folded(document)
        default: break
        }
        let bytes = Array(document.jsonString.utf8)
        let defect = defect
        return try state.withLock { state in
            state.saves += 1
            let visible = defect == .startsAtVersionZero ? state.version &- 1 : state.version
            let expected = state.document == nil ? 0 : visible
            if defect != .ignoresExpectedVersion && expectedVersion != expected {
                if defect == .throwsStorageError {
                    throw StorageError.conflict("policy", expected: Int(expectedVersion), actual: Int(expected))
                }
                throw RBACError(code: .conflict, message: "expected \(expectedVersion), found \(expected)")
            }
            if defect == .dropsWrites && state.saves % 13 == 0 { return expectedVersion + 1 }
            var stored = bytes
            if defect == .keepsOldSeparations {
                if let first = state.firstSeparations, case .object(var members) = document {
                    members["staticSeparations"] = first
                    stored = Array(JSONValue.object(members).jsonString.utf8)
                } else {
                    state.firstSeparations = document["staticSeparations"]
                }
            }
            state.document = stored
            state.version += 1
            return defect == .startsAtVersionZero ? state.version - 1 : state.version
        }
    }

    private static func replacing(_ key: String, with value: JSONValue, in document: JSONValue) -> JSONValue {
        guard case .object(var members) = document else { return document }
        members[key] = value
        return .object(members)
    }

    private static func folded(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text.precomposedStringWithCanonicalMapping.lowercased())
        case .array(let elements): .array(elements.map(folded))
        case .object(let members): .object(members.mapValues(folded))
        default: value
        }
    }
}
