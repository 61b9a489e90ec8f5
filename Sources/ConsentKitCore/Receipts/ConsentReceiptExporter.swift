#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import ConsentKitCrypto

/// Builds ``ConsentReceipt``s: a subject's consent record with the
/// controller's details, ready to export as ISO/IEC TS 27560-shaped or
/// Kantara CR v1.1 JSON.
///
/// The exporter is a value configured once (controller, service name, DPV
/// purpose categories, withdrawal method). ``receipt(for:events:context:notices:issuedAt:receiptID:proof:)``
/// is a pure function of its inputs — the same inputs give byte-identical
/// JSON — and ``receipt(of:ledger:noticeStore:context:proof:)`` reads them
/// from a ledger and a notice store.
///
/// An unknown subject gets a receipt with no purposes and no events, not an error.
public struct ConsentReceiptExporter: Sendable {
    /// What the exporter adds to every receipt besides the controller.
    public struct Options: Hashable, Sendable {
        /// The service the consents are for; the controller's name when `nil`.
        public var serviceName: String?
        /// DPV purpose categories per catalog purpose (ISO `purpose_type`,
        /// Kantara `purposeCategory`), such as `[newsletter: [.directMarketing]]`.
        public var purposeTypes: [PurposeID: [DPVTerm]]
        /// The purposes that are the service's primary purposes (Kantara `primaryPurpose`).
        public var primaryPurposes: Set<PurposeID>
        /// How a subject withdraws consent, in words or as a URL.
        public var withdrawalMethod: String
        /// The controller's public key, when receipts are signed.
        public var publicKey: String?
        /// The language when no notice the subject saw says otherwise (BCP 47).
        public var defaultLanguage: String

        /// Creates options.
        public init(
            serviceName: String? = nil, purposeTypes: [PurposeID: [DPVTerm]] = [:], primaryPurposes: Set<PurposeID> = [],
            withdrawalMethod: String = "Withdraw at any time in your privacy settings, as easily as you gave consent.",
            publicKey: String? = nil, defaultLanguage: String = "en"
        ) {
            self.serviceName = serviceName
            self.purposeTypes = purposeTypes
            self.primaryPurposes = primaryPurposes
            self.withdrawalMethod = withdrawalMethod
            self.publicKey = publicKey
            self.defaultLanguage = defaultLanguage
        }
    }

    /// The controller every receipt names.
    public let controller: ReceiptController
    /// The options every receipt uses.
    public let options: Options
    private let timeSource: any TimeSource

    /// Creates an exporter.
    public init(controller: ReceiptController, options: Options = Options(), timeSource: any TimeSource = SystemTimeSource()) {
        self.controller = controller
        self.options = options
        self.timeSource = timeSource
    }

    /// Reads the subject's consent state and history from `ledger`, the
    /// notices they name from `noticeStore`, and builds the receipt, judged in
    /// `context`. Three kinds of reads: the state, the history, one per notice
    /// version named. The history is cut at the state's sequence, so the
    /// events and the decisions always agree.
    public func receipt(
        of subject: SubjectID, ledger: ConsentLedger, noticeStore: any NoticeStore, context: DecisionContext,
        proof: ReceiptProof? = nil
    ) async throws -> ConsentReceipt {
        let state = try await ledger.state(of: subject)
        let events = try await ledger.history(of: subject).prefix { $0.sequence <= state.sequence }
        var notices: [PrivacyNotice] = []
        var seen = Set<NoticeReference>()
        for reference in events.compactMap(\.notice) where seen.insert(reference).inserted {
            if let notice = try await noticeStore.notice(reference.id, version: reference.version) {
                notices.append(notice)
            }
        }
        return receipt(for: state, events: Array(events), context: context, notices: notices, proof: proof)
    }

    /// The receipt for the subject of `state`, from its events (oldest first;
    /// events of other subjects or beyond the state's sequence are ignored)
    /// and the notice versions they name (others are ignored; a version not
    /// given still appears by reference, without language or recipients).
    /// Pure and allocation-light: about a dozen small arrays per purpose.
    public func receipt(
        for state: ConsentState, events: [ConsentEvent], context: DecisionContext, notices: [PrivacyNotice] = [],
        issuedAt: Date? = nil, receiptID: String? = nil, proof: ReceiptProof? = nil
    ) -> ConsentReceipt {
        let subject = state.subject
        let catalog = state.catalog
        var events = events
        if !Self.isHistory(events, of: subject, upTo: state.sequence) {
            events = events.filter { $0.subject == subject && $0.sequence <= state.sequence }
            events.sort { $0.sequence < $1.sequence }
        }
        let issued = issuedAt ?? timeSource.now()

        // One pass over the events: every purpose they name, once, with its
        // catalog handle and the latest event naming it with a notice.
        var slots: [Slot] = []
        for eventIndex in events.indices {
            let hasNotice = events[eventIndex].notice != nil
            for purpose in events[eventIndex].purposes {
                let handle = catalog.handle(for: purpose)
                let slot =
                    handle.flatMap { handle in slots.firstIndex { $0.handle == handle } }
                    ?? (handle == nil ? slots.firstIndex { $0.handle == nil && $0.id == purpose } : nil)
                if let slot {
                    if hasNotice { slots[slot].noticeEvent = eventIndex }
                } else {
                    slots.append(Slot(id: purpose, handle: handle, noticeEvent: hasNotice ? eventIndex : nil))
                }
            }
        }
        // Catalog order first, then undeclared purposes by id.
        slots.sort { lhs, rhs in
            switch (lhs.handle, rhs.handle) {
            case (let l?, let r?): l < r
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.id < rhs.id
            }
        }

        var purposes: [ConsentReceipt.PurposeRecord] = []
        purposes.reserveCapacity(slots.count)
        var language: (event: Int, language: String)?
        for slot in slots {
            let id = slot.id
            let purpose = slot.handle.map { catalog[$0] }
            let decision = slot.handle.map { state.decision(for: $0, in: context) } ?? state.decision(for: id, in: context)
            let reference = slot.noticeEvent.flatMap { events[$0].notice }
            let notice = reference.flatMap { reference in
                notices.first { $0.version == reference.version && $0.id == reference.id }
            }
            if let notice, let event = slot.noticeEvent, event > (language?.event ?? -1) {
                language = (event, notice.language)
            }
            var grantMethod: ConsentMethod?
            if let sequence = decision.eventSequence, sequence >= 1, sequence <= events.count,
                events[sequence - 1].sequence == sequence, events[sequence - 1].kind == .grant
            {
                grantMethod = events[sequence - 1].method
            }
            var categories: [DataCategory] = []
            var special: [DataCategory] = []
            if let purpose, !purpose.categories.isEmpty {
                categories = purpose.categories.sorted()
                special = categories.filter { catalog.category($0)?.isSpecial ?? false }
            }
            var recipients: [String] = []
            if let terms = notice?.terms(for: id), !terms.recipients.isEmpty {
                recipients = terms.recipients.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }
            purposes.append(
                ConsentReceipt.PurposeRecord(
                    id: id, purpose: purpose,
                    purposeTypes: options.purposeTypes.isEmpty ? [] : options.purposeTypes[id] ?? [],
                    isPrimary: !options.primaryPurposes.isEmpty && options.primaryPurposes.contains(id),
                    categories: categories, specialCategories: special, recipients: recipients, notice: reference,
                    noticeLanguage: notice?.language, decision: decision, grantMethod: grantMethod))
        }

        return ConsentReceipt(
            receiptID: receiptID
                ?? Self.uuid(
                    "consentkit.receipt.v1", subject.rawValue, state.sequence,
                    Int(ReceiptTimestamp.millisecondsSince1970(issued))),
            recordID: Self.uuid("consentkit.record.v1", subject.rawValue),
            subject: subject, issuedAt: issued, jurisdiction: context.jurisdiction,
            language: language?.language ?? options.defaultLanguage, controller: controller,
            serviceName: options.serviceName ?? controller.name, withdrawalMethod: options.withdrawalMethod,
            publicKey: options.publicKey, purposes: purposes, events: events, proof: proof)
    }

    /// A purpose the events name, while a receipt is built.
    private struct Slot {
        let id: PurposeID
        let handle: PurposeHandle?
        /// The index of the latest event naming the purpose with a notice.
        var noticeEvent: Int?
    }

    /// Whether `events` already are `subject`'s events 1, 2, ... up to at most `sequence`.
    private static func isHistory(_ events: [ConsentEvent], of subject: SubjectID, upTo sequence: Int) -> Bool {
        guard events.count <= sequence else { return false }
        for index in events.indices where events[index].sequence != index + 1 || events[index].subject != subject {
            return false
        }
        return true
    }

    /// A UUID of version 8 (RFC 9562 §5.8) from the first 16 bytes of SHA-256
    /// over the length-prefixed domain and subject and the big-endian
    /// numbers: deterministic, unique in practice.
    static func uuid(_ domain: StaticString, _ subject: String, _ numbers: Int...) -> String {
        var hasher = SHA256()
        func field(_ bytes: UnsafeRawBufferPointer) {
            var length = UInt64(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hasher.update($0) }
            hasher.update(bytes)
        }
        field(UnsafeRawBufferPointer(start: domain.utf8Start, count: domain.utf8CodeUnitCount))
        var subject = subject
        subject.withUTF8 { field(UnsafeRawBufferPointer($0)) }
        for number in numbers {
            var value = Int64(number).bigEndian
            withUnsafeBytes(of: &value) { hasher.update($0) }
        }
        let digest = hasher.finalize()
        return String(unsafeUninitializedCapacity: 36) { text in
            digest.withUnsafeBytes { bytes in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    var byte = bytes[index]
                    if index == 6 { byte = (byte & 0x0F) | 0x80 }
                    if index == 8 { byte = (byte & 0x3F) | 0x80 }
                    text[position] = hexDigit(byte >> 4)
                    text[position + 1] = hexDigit(byte & 0x0F)
                    position += 2
                }
                return position
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
