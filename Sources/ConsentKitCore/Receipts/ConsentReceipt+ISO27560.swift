#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension ConsentReceipt {
    /// The receipt as a consent record shaped after ISO/IEC TS 27560:2023:
    /// compact UTF-8 JSON, object keys in byte order, timestamps in UTC with
    /// milliseconds (`2026-01-01T00:00:00.000Z`), optional fields left out
    /// rather than `null`. Byte-identical for equal receipts, on every platform.
    ///
    /// Field names follow the 27560 fields as the W3C DPVCG guide "Consent
    /// Records and Receipts as per ISO/IEC TS 27560:2023 using DPV"
    /// (w3id.org/dpv/guides/consent-27560, 2026-02-15) lists them with their
    /// clause numbers — `schema_version`, `record_id`, `receipt_id`,
    /// `pii_principal_id`, `language`, `purposes` / `purpose` /
    /// `purpose_type`, `lawful_basis`, `pii_information` / `pii_type` /
    /// `special_pii_category`, `pii_controllers` with `party_*` fields,
    /// `collection_method`, `retention_period`, `jurisdiction`,
    /// `recipient_third_parties`, `withdrawal_method`, `privacy_notice`,
    /// `service`, and the event fields `event_time`, `entity_id`,
    /// `event_type`, `event_state`. The standard's own JSON schema is not
    /// public; fields it does not define (`purpose_id`, `consent_state`,
    /// `event_kind`, `receipt_timestamp`, `namespaces`, `proof`, ...) are
    /// ConsentKit extensions, which 27560 permits. Legal bases, purpose
    /// types, consent types and states are W3C DPV terms (``DPVTerm``).
    public func iso27560JSON() -> Data {
        iso27560Writer().finish()
    }

    /// The 27560-shaped JSON, written. Members are written in key order by hand.
    func iso27560Writer() -> ReceiptJSONWriter {
        let underGDPR = jurisdiction.id.hasPrefix("gdpr")
        var json = ReceiptJSONWriter(capacity: 1_024 + 640 * purposes.count + 480 * events.count)
        json.beginObject()
        json.key("events")
        json.beginArray()
        for event in events { writeEvent(event, to: &json) }
        json.endArray()
        json.field("jurisdiction", jurisdiction.id)
        json.field("language", language)
        json.key("namespaces")
        json.beginObject()
        json.field("dpv", literal: "https://w3id.org/dpv#")
        json.field("eu-gdpr", literal: "https://w3id.org/dpv/legal/eu/gdpr#")
        json.field("pd", literal: "https://w3id.org/dpv/pd#")
        json.endObject()
        json.key("pii_controllers")
        json.beginArray()
        writeController(to: &json)
        json.endArray()
        json.field("pii_principal_id", subject.rawValue)
        if let proof {
            json.key("proof")
            Self.writeProof(proof, to: &json)
        }
        json.key("purposes")
        json.beginArray()
        for record in purposes { writePurpose(record, underGDPR: underGDPR, to: &json) }
        json.endArray()
        json.field("receipt_id", receiptID)
        json.field("receipt_timestamp", timestamp: issuedAt)
        json.field("record_id", recordID)
        json.field("schema_version", literal: "consentkit-27560/1")
        json.endObject()
        return json
    }

    private func writeController(to json: inout ReceiptJSONWriter) {
        json.beginObject()
        json.field("on_behalf", controller.onBehalf)
        json.key("party_address")
        Self.writeAddress(controller.address, to: &json)
        json.field("party_contact", controller.contact)
        json.field("party_email", controller.email)
        json.field("party_id", controller.name)
        json.field("party_name", controller.name)
        json.field("party_phone", controller.phone)
        json.field("party_role", literal: "dpv:DataController")
        json.field("party_url", controller.url)
        json.field("policy_url", controller.policyURL)
        json.endObject()
    }

    private func writePurpose(_ record: PurposeRecord, underGDPR: Bool, to json: inout ReceiptJSONWriter) {
        let basis = record.purpose?.legalBasis
        let decision = record.decision
        json.beginObject()
        json.key("consent_state")
        json.beginObject()
        json.field("allowed", decision.isAllowed)
        json.field("event_sequence", decision.eventSequence)
        json.field("event_state", DPVTerm.consentStatus(for: decision.reason)?.compactIRI)
        json.field("event_time", timestamp: decision.eventTimestamp)
        json.field("expires_at", timestamp: decision.expiresAt)
        json.field("material_notice_version", decision.materialNoticeVersion)
        json.field("notice_version", decision.noticeVersion)
        json.key("reason")
        if let name = Self.reasonName(decision.reason) { json.literal(name) } else { json.string(decision.reason.description) }
        json.endObject()
        json.field("lawful_basis", basis?.dpvTerm.compactIRI)
        if underGDPR { json.field("lawful_basis_eu_gdpr", basis?.euGDPRTerm.compactIRI) }
        json.key("pii_information")
        json.beginArray()
        for category in record.categories {
            json.beginObject()
            json.field("pii_type", category.rawValue)
            json.field("special_pii_category", record.specialCategories.contains(category))
            json.endObject()
        }
        json.endArray()
        json.field("primary_purpose", record.isPrimary)
        if let notice = record.notice {
            json.key("privacy_notice")
            Self.writeNotice(notice, language: record.noticeLanguage, policyURL: controller.policyURL, to: &json)
        }
        json.field("purpose", record.purpose?.description ?? record.id.rawValue)
        json.field("purpose_id", record.id.rawValue)
        json.field("purpose_title", record.purpose?.title)
        if !record.purposeTypes.isEmpty { json.field("purpose_type", strings: record.purposeTypes.lazy.map(\.compactIRI)) }
        json.field("recipient_third_parties", strings: record.recipients)
        json.field("retention_period", record.purpose?.retention?.description)
        json.field("service", serviceName)
        if basis == .consent { json.field("withdrawal_method", withdrawalMethod) }
        json.endObject()
    }

    private func writeEvent(_ event: ConsentEvent, to json: inout ReceiptJSONWriter) {
        json.beginObject()
        json.field("channel", event.channel.rawValue)
        json.field("collection_method", event.method.rawValue)
        if event.actor.kind == .subject && event.actor.reference == nil {
            json.field("entity_id", event.subject.rawValue)
        } else {
            json.field("entity_id", event.actor.description)
        }
        json.field("entity_role", event.actor.kind.rawValue)
        json.field("event_id", event.id.rawValue)
        json.field("event_kind", event.kind.rawValue)
        json.field("event_sequence", event.sequence)
        json.field("event_state", DPVTerm.consentStatus(after: event.kind)?.compactIRI)
        json.field("event_time", timestamp: event.timestamp)
        if event.kind == .grant { json.field("event_type", DPVTerm.consentType(of: event.method).compactIRI) }
        json.field("expires_at", timestamp: event.expiresAt)
        if event.financialIncentive { json.field("financial_incentive", true) }
        json.field("jurisdiction", event.jurisdiction)
        if let notice = event.notice {
            json.key("privacy_notice")
            Self.writeNotice(notice, language: nil, policyURL: nil, to: &json)
        }
        json.field("purposes", strings: event.purposes.lazy.map(\.rawValue))
        json.endObject()
    }

    private static func writeNotice(
        _ notice: NoticeReference, language: String?, policyURL: String?, to json: inout ReceiptJSONWriter
    ) {
        json.beginObject()
        json.field("content_hash", notice.contentHash)
        json.field("language", language)
        json.field("notice_id", notice.id.rawValue)
        json.field("notice_version", notice.version)
        json.field("policy_url", policyURL)
        json.endObject()
    }

    static func writeAddress(_ address: ReceiptController.PostalAddress, to json: inout ReceiptJSONWriter) {
        json.beginObject()
        json.field("addressCountry", address.addressCountry)
        json.field("addressLocality", address.addressLocality)
        json.field("addressRegion", address.addressRegion)
        json.field("postalCode", address.postalCode)
        json.field("streetAddress", address.streetAddress)
        json.endObject()
    }

    private static func writeProof(_ proof: ReceiptProof, to json: inout ReceiptJSONWriter) {
        json.beginObject()
        json.field("inclusion_path", strings: proof.inclusionPath)
        json.key("leaf_index")
        json.integer(Int64(truncatingIfNeeded: proof.leafIndex))
        json.field("root_hash", proof.rootHash)
        json.field("tree_head_signature", proof.treeHeadSignature)
        json.key("tree_size")
        json.integer(Int64(truncatingIfNeeded: proof.treeSize))
        json.endObject()
    }

    /// The reason's name without going through its reflective `description`.
    private static func reasonName(_ reason: ConsentDecision.Reason) -> StaticString? {
        switch reason {
        case .granted: "granted"
        case .withdrawn: "withdrawn"
        case .denied: "denied"
        case .noRecord: "noRecord"
        case .expired: "expired"
        case .objected: "objected"
        case .legalBasis: "legalBasis"
        case .legitimateInterest: "legitimateInterest"
        case .reconsentNeeded: "reconsentNeeded"
        case .notOptedOut: "notOptedOut"
        case .optOutSignal: "optOutSignal"
        case .unknownPurpose: "unknownPurpose"
        case .grantedBySignal: "grantedBySignal"
        case .deniedBySignal: "deniedBySignal"
        case .minorWithoutOptIn: "minorWithoutOptIn"
        case .grantUpheldByFinancialIncentive: "grantUpheldByFinancialIncentive"
        default: nil
        }
    }
}
