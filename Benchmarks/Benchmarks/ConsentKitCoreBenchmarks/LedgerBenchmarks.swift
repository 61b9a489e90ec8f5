// Costs of the consent ledger on a request's path: one `state(of:)` per
// request, then any number of decisions, plus recording into the in-memory
// store. Targets: a decision by handle ≤ 20 ns median with 0 allocations,
// `record` ≥ 300 k events/s, `state(of:)` ≥ 2 M/s for a subject with ~5 events.
//
// Decisions and state reads use a scaling factor so the clock's own overhead
// does not dominate: the wall clock is reported per decision (per read, per
// record), measured around the loop only.

import Benchmark
import ConsentKitCore
import Foundation

func ledgerBenchmarks() {
    let fixture: LedgerBenchmarkFixture
    do {
        fixture = try LedgerBenchmarkFixture()
    } catch {
        fatalError("cannot build the ledger benchmark fixture: \(error)")
    }
    let hotPath = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 10, scalingFactor: .mega,
        maxDuration: .seconds(2), maxIterations: 1_000, setup: { try await fixture.prepare() })
    let perRequest = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 10, scalingFactor: .kilo,
        maxDuration: .seconds(2), maxIterations: 10_000, setup: { try await fixture.prepare() })

    Benchmark("ConsentState.decision(for: PurposeHandle), 50 purposes", configuration: hotPath) { benchmark in
        let state = try await fixture.state()
        let handles = fixture.mixedHandles
        let context = fixture.context
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            blackHole(state.decision(for: handles[iteration & 63], in: context))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentState.decision(for: PurposeID), 50 purposes", configuration: hotPath) { benchmark in
        let state = try await fixture.state()
        let ids = fixture.mixedIDs
        let context = fixture.context
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            blackHole(state.decision(for: ids[iteration & 63], in: context))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentLedger.state(of:), 5 events, in-memory store", configuration: perRequest) { benchmark in
        let ledger = fixture.ledger
        let subject = fixture.subject
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await ledger.state(of: subject))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentLedger.state(of:), 5 one-purpose events, no lifetimes", configuration: perRequest) { benchmark in
        let ledger = fixture.ledger
        let subject = fixture.lightSubject
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await ledger.state(of: subject))
        }
        benchmark.stopMeasurement()
    }

    // The same read when the stream changed since the last one (or the store
    // gives no stream versions): the events are read and folded.
    Benchmark("ConsentLedger.state(of:), 5 events, uncached fold", configuration: perRequest) { benchmark in
        let ledger = fixture.unversionedLedger
        let subject = fixture.subject
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await ledger.state(of: subject))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentLedger.state(of:), 5 one-purpose events, uncached fold", configuration: perRequest) {
        benchmark in
        let ledger = fixture.unversionedLedger
        let subject = fixture.lightSubject
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await ledger.state(of: subject))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("ConsentLedger.record, 1 grant, in-memory store", configuration: perRequest) { benchmark in
        // A fresh store per sample, so every record starts a subject's stream
        // (one user's grant) instead of growing one stream without bound.
        let ledger = try await fixture.freshLedger()
        let drafts = fixture.grants(count: benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        for draft in drafts {
            blackHole(try await ledger.record(draft))
        }
        benchmark.stopMeasurement()
    }
}

/// A 50-purpose catalog (30 consent, 10 contract, 10 legitimate interest),
/// its notice, and a ledger with two subjects of five events each: one whose
/// events name 19 purposes (three with a 13-month consent lifetime), and a
/// light one whose events name one purpose each, none with a lifetime.
private final class LedgerBenchmarkFixture: Sendable {
    /// Always the same instant, so consent lifetimes never run out mid-run.
    struct FixedTime: TimeSource {
        let instant: Date
        func now() -> Date { instant }
    }

    let catalog: PrivacyCatalog
    let notice: PrivacyNotice
    let noticeStore = InMemoryNoticeStore()
    let ledger: ConsentLedger
    let consentStore = InMemoryConsentStore()
    /// The same events through a store that offers no stream versions, so
    /// every `state(of:)` reads and folds.
    let unversionedLedger: ConsentLedger
    let time = FixedTime(instant: Date(timeIntervalSince1970: 1_767_225_600))
    let subject: SubjectID
    let lightSubject: SubjectID
    /// Subjects for the record benchmark, one per draft.
    let subjects: [SubjectID]
    let purposes: [PurposeID]
    let channel: Channel
    /// 64 handles cycling over granted, withdrawn, denied, unrecorded,
    /// contract and legitimate-interest purposes.
    let mixedHandles: [PurposeHandle]
    /// The same purposes by id.
    let mixedIDs: [PurposeID]
    let context: DecisionContext

    init() throws {
        let contact = try DataCategory("contact")
        let behaviour = try DataCategory("behaviour")
        let noticeID = try NoticeID("benchmark-notice")
        let purposes = try (0..<50).map { try PurposeID("purpose-\($0 < 10 ? "0" : "")\($0)") }
        self.purposes = purposes
        let declared: [Purpose] = purposes.enumerated().map { index, id in
            switch index {
            case 0..<30:
                Purpose(
                    id, title: "Purpose \(index)", description: "Consent purpose \(index).", legalBasis: .consent,
                    categories: [index.isMultiple(of: 2) ? contact : behaviour],
                    defaults: index >= 20 ? ["ccpa": .optOut] : [:], isSaleOrSharing: index >= 20,
                    consentLifetime: index.isMultiple(of: 5) ? .months(13) : nil, notice: noticeID)
            case 30..<40:
                Purpose(id, title: "Purpose \(index)", description: "Contract purpose \(index).", legalBasis: .contract)
            default:
                Purpose(
                    id, title: "Purpose \(index)", description: "Legitimate interest \(index).",
                    legalBasis: .legitimateInterest)
            }
        }
        let catalog = try PrivacyCatalog(
            categories: [DataCategoryDefinition(contact, title: "Contact"), DataCategoryDefinition(behaviour, title: "Behaviour")],
            purposes: declared)
        self.catalog = catalog
        notice = PrivacyNotice(
            id: noticeID, version: 1, summary: "How we use your data.", fullText: "Everything, in detail.",
            terms: purposes.prefix(30).map { PrivacyNotice.PurposeTerms(purpose: $0, legalBasis: .consent) })
        ledger = ConsentLedger(catalog: catalog, consentStore: consentStore, noticeStore: noticeStore, timeSource: time)
        unversionedLedger = ConsentLedger(
            catalog: catalog, consentStore: UnversionedStore(inner: consentStore), noticeStore: noticeStore,
            timeSource: time)
        subject = try SubjectID("benchmark-subject")
        lightSubject = try SubjectID("benchmark-light-subject")
        subjects = try (0..<1_000).map { try SubjectID("subject-\($0)") }
        channel = try Channel("web")
        let decided = [0, 3, 12, 20, 25, 29, 31, 40, 41, 7]
        let order = (0..<64).map { decided[$0 % decided.count] }
        let ids = order.map { purposes[$0] }
        mixedIDs = ids
        mixedHandles = try ids.map { id in
            guard let handle = catalog.handle(for: id) else {
                throw ValidationError(code: .invalidFormat, kind: "PurposeHandle", message: "\(id) is not declared")
            }
            return handle
        }
        context = DecisionContext(jurisdiction: .gdpr, now: time.instant)
    }

    /// Publishes the notice and records the subject's five events, once.
    func prepare() async throws {
        guard try await ledger.history(of: subject).isEmpty else { return }
        try await ledger.publish(notice)
        try await unversionedLedger.refreshNotices()
        let events: [(ConsentEventKind, Range<Int>)] = [(.grant, 0..<10), (.grant, 10..<15), (.withdraw, 3..<4), (.deny, 20..<22), (.object, 40..<41)]
        let lightEvents: [(ConsentEventKind, Range<Int>)] = [(.grant, 1..<2), (.grant, 2..<3), (.withdraw, 1..<2), (.grant, 3..<4), (.deny, 4..<5)]
        for (who, script) in [(subject, events), (lightSubject, lightEvents)] {
            for (offset, (kind, range)) in script.enumerated() {
                try await ledger.record(
                    ConsentEventDraft(
                        subject: who, kind: kind, purposes: Array(purposes[range]),
                        notice: kind == .grant ? notice.reference : nil, method: .affirmativeAction, channel: channel,
                        jurisdiction: .gdpr, timestamp: time.instant.addingTimeInterval(TimeInterval(offset - 60))))
            }
        }
    }

    /// The subject's state.
    func state() async throws -> ConsentState {
        try await ledger.state(of: subject)
    }

    /// A ledger over an empty in-memory consent store and the published notice.
    func freshLedger() async throws -> ConsentLedger {
        let fresh = ConsentLedger(catalog: catalog, noticeStore: noticeStore, timeSource: time)
        try await fresh.refreshNotices()
        return fresh
    }

    /// `count` grants of two purposes under the notice, one per subject
    /// (cycling over 1,000 subjects).
    func grants(count: Int) -> [ConsentEventDraft] {
        (0..<count).map { index in
            ConsentEventDraft(
                subject: subjects[index % subjects.count], kind: .grant, purposes: [purposes[0], purposes[1]],
                notice: notice.reference, method: .affirmativeAction, channel: channel, jurisdiction: .gdpr,
                timestamp: time.instant)
        }
    }
}

/// Forwards to an in-memory store but offers no stream versions.
private struct UnversionedStore: ConsentStore {
    let inner: InMemoryConsentStore

    func append(_ events: [ConsentEvent], for subject: SubjectID, expectedSequence: Int) async throws {
        try await inner.append(events, for: subject, expectedSequence: expectedSequence)
    }

    func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent] {
        try await inner.events(for: subject, fromSequence: fromSequence)
    }

    func latestSequence(for subject: SubjectID) async throws -> Int {
        try await inner.latestSequence(for: subject)
    }

    func deleteEvents(for subject: SubjectID) async throws -> Int {
        try await inner.deleteEvents(for: subject)
    }
}
