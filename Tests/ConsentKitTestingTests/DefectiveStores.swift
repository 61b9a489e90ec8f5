import ConsentKitCore
import Foundation
import Synchronization

/// A consent store with exactly one deliberate defect, to prove that
/// ``ConsentStoreConformance`` notices it. Otherwise it behaves like
/// ``InMemoryConsentStore``.
final class DefectiveConsentStore: ConsentStore {
    enum Defect: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Appends whatever the stream's state: no compare-and-set.
        case ignoresExpectedSequence
        /// Returns streams newest first.
        case readsNewestFirst
        /// Hides deleted streams but keeps them (and their latest sequence).
        case softDeletes
        /// Stores a batch's events up to the first duplicate id.
        case nonAtomicBatches
        /// Never checks event ids.
        case acceptsDuplicateIDs
        /// Never checks subjects or sequences of appended events.
        case skipsRequestValidation
        /// Keys streams by the lower-cased subject id (a case-insensitive collation).
        case foldsCase
        /// Keeps timestamps to whole microseconds since 1970, like a `timestamptz` column.
        case truncatesTimestamps
        /// Acknowledges every 97th append without storing it (a lost write).
        case dropsWrites
        /// Uses the stream length as its version, which repeats after an erasure.
        case reusesStreamVersions

        var description: String { rawValue }
    }

    private struct State {
        var streams: [String: [ConsentEvent]] = [:]
        var softDeleted: Set<String> = []
        var appends = 0
    }

    private let defect: Defect
    private let state = Mutex(State())

    init(_ defect: Defect) {
        self.defect = defect
    }

    private func key(_ subject: SubjectID) -> String {
        defect == .foldsCase ? subject.rawValue.lowercased() : subject.rawValue
    }

    func append(_ events: [ConsentEvent], for subject: SubjectID, expectedSequence: Int) async throws {
        if defect != .skipsRequestValidation {
            for (offset, event) in events.enumerated()
            where event.subject != subject || event.sequence != expectedSequence + offset + 1 {
                throw StorageError(code: .invalidRequest, message: "event \(event.id) does not fit \(subject)'s stream")
            }
        }
        let key = key(subject)
        try state.withLock { state in
            state.appends += 1
            if defect == .dropsWrites && state.appends % 97 == 0 { return }
            var stream = state.streams[key] ?? []
            if defect != .ignoresExpectedSequence && stream.count != expectedSequence {
                throw StorageError.conflict("stream \(subject)", expected: expectedSequence, actual: stream.count)
            }
            state.softDeleted.remove(key)
            for event in events {
                if defect != .acceptsDuplicateIDs && stream.contains(where: { $0.id == event.id }) {
                    if defect == .nonAtomicBatches { state.streams[key] = stream }
                    throw StorageError(code: .duplicate, message: "event \(event.id) exists")
                }
                stream.append(defect == .truncatesTimestamps ? Self.truncated(event) : event)
            }
            state.streams[key] = stream
        }
    }

    func events(for subject: SubjectID, fromSequence: Int) async throws -> [ConsentEvent] {
        guard fromSequence >= 1 else { throw StorageError(code: .invalidRequest, message: "from \(fromSequence)") }
        let key = key(subject)
        let events: [ConsentEvent] = state.withLock { state in
            guard !state.softDeleted.contains(key) else { return [] }
            return (state.streams[key] ?? []).filter { $0.sequence >= fromSequence }
        }
        return defect == .readsNewestFirst ? events.reversed() : events
    }

    func latestSequence(for subject: SubjectID) async throws -> Int {
        let key = key(subject)
        return state.withLock { $0.streams[key]?.count ?? 0 }
    }

    func streamVersion(for subject: SubjectID) async throws -> UInt64? {
        guard defect == .reusesStreamVersions else { return nil }
        let key = key(subject)
        return state.withLock { UInt64($0.streams[key]?.count ?? 0) }
    }

    func deleteEvents(for subject: SubjectID) async throws -> Int {
        let key = key(subject)
        return state.withLock { state in
            if defect == .softDeletes {
                guard !state.softDeleted.contains(key) else { return 0 }
                state.softDeleted.insert(key)
                return state.streams[key]?.count ?? 0
            }
            return state.streams.removeValue(forKey: key)?.count ?? 0
        }
    }

    private static func truncated(_ event: ConsentEvent) -> ConsentEvent {
        let microseconds = (event.timestamp.timeIntervalSince1970 * 1_000_000).rounded(.down)
        return ConsentEvent(
            id: event.id, subject: event.subject, sequence: event.sequence, kind: event.kind, purposes: event.purposes,
            notice: event.notice, method: event.method, channel: event.channel, actor: event.actor,
            jurisdiction: event.jurisdiction, timestamp: Date(timeIntervalSince1970: microseconds / 1_000_000),
            expiresAt: event.expiresAt, evidence: event.evidence, subjectAge: event.subjectAge,
            financialIncentive: event.financialIncentive)
    }
}

/// A notice store with exactly one deliberate defect, to prove that
/// ``NoticeStoreConformance`` notices it.
final class DefectiveNoticeStore: NoticeStore {
    enum Defect: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Stores any version, replacing what was there: no latest + 1 check, no immutability.
        case acceptsAnyVersion
        /// Returns versions newest first.
        case readsNewestFirst
        /// Clamps out-of-range versions to the nearest one instead of returning `nil`.
        case clampsVersions
        /// Lists a notice id once per version.
        case listsIDsPerVersion

        var description: String { rawValue }
    }

    private let defect: Defect
    private let notices = Mutex<[NoticeID: [Int: PrivacyNotice]]>([:])

    init(_ defect: Defect) {
        self.defect = defect
    }

    func publish(_ notice: PrivacyNotice) async throws {
        try notices.withLock { notices in
            let latest = notices[notice.id]?.keys.max() ?? 0
            if defect != .acceptsAnyVersion && notice.version != latest + 1 {
                throw StorageError.conflict("notice \(notice.id)", expected: notice.version - 1, actual: latest)
            }
            notices[notice.id, default: [:]][notice.version] = notice
        }
    }

    func notice(_ id: NoticeID, version: Int) async throws -> PrivacyNotice? {
        notices.withLock { notices in
            guard let versions = notices[id] else { return nil }
            if defect == .clampsVersions, let low = versions.keys.min(), let high = versions.keys.max() {
                return versions[min(max(version, low), high)]
            }
            return versions[version]
        }
    }

    func versions(of id: NoticeID) async throws -> [PrivacyNotice] {
        let versions = notices.withLock { ($0[id] ?? [:]).sorted { $0.key < $1.key }.map(\.value) }
        return defect == .readsNewestFirst ? versions.reversed() : versions
    }

    func noticeIDs() async throws -> [NoticeID] {
        notices.withLock { notices in
            defect == .listsIDsPerVersion
                ? notices.flatMap { id, versions in Array(repeating: id, count: versions.count) }
                : Array(notices.keys)
        }
    }
}
