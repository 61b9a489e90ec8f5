#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension ConsentReceipt {
    /// The receipt in the field names of the Kantara Initiative Consent
    /// Receipt Specification v1.1.0 (2018-02-20, §4.3–4.5): `version`,
    /// `jurisdiction`, `consentTimestamp`, `collectionMethod`,
    /// `consentReceiptID`, `publicKey`, `language`, `piiPrincipalId`,
    /// `piiControllers` (`piiController`, `onBehalf`, `contact`, `address` as
    /// a schema.org PostalAddress, `email`, `phone`, `piiControllerUrl`),
    /// `policyUrl`, `services` (`service`, `purposes` with `purpose`,
    /// `purposeCategory`, `consentType`, `piiCategory`, `primaryPurpose`,
    /// `termination`, `thirdPartyDisclosure`, `thirdPartyName`), `sensitive`
    /// and `spiCat`.
    ///
    /// Deterministic like ``iso27560JSON()``, with one difference the
    /// specification imposes: `consentTimestamp` is a number of seconds since
    /// 1970-01-01T00:00:00Z (§4.3.3), the time of the subject's latest consent
    /// event (the issue time when there is none). A Kantara receipt records
    /// consent given, so it lists only the purposes whose consent stands
    /// (``standingConsents``); `consentType` is `EXPLICIT` for an explicit
    /// method and otherwise names the method (§4.5.6). The audit ``proof`` is
    /// not part of this shape; use the 27560 shape to carry it.
    public func kantaraJSON() -> Data {
        kantaraWriter().finish()
    }

    /// The Kantara-shaped JSON, written. Members are written in key order by hand.
    func kantaraWriter() -> ReceiptJSONWriter {
        let latest = events.last
        let standing = standingConsents
        var special: [String] = []
        for record in standing {
            for category in record.specialCategories where !special.contains(category.rawValue) {
                special.append(category.rawValue)
            }
        }
        special.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var json = ReceiptJSONWriter(capacity: 768 + 448 * standing.count)
        json.beginObject()
        if let latest {
            json.key("collectionMethod")
            json.string(latest.method.rawValue + " via " + latest.channel.rawValue)
        } else {
            json.field("collectionMethod", literal: "no consent recorded")
        }
        json.field("consentReceiptID", receiptID)
        json.key("consentTimestamp")
        json.integer(ReceiptTimestamp.unixSeconds(latest?.timestamp ?? issuedAt))
        json.field("jurisdiction", jurisdiction.id)
        json.field("language", language)
        json.key("piiControllers")
        json.beginArray()
        json.beginObject()
        json.key("address")
        Self.writeAddress(controller.address, to: &json)
        json.field("contact", controller.contact)
        json.field("email", controller.email)
        json.field("onBehalf", controller.onBehalf)
        json.field("phone", controller.phone)
        json.field("piiController", controller.name)
        json.field("piiControllerUrl", controller.url)
        json.endObject()
        json.endArray()
        json.field("piiPrincipalId", subject.rawValue)
        json.field("policyUrl", controller.policyURL)
        json.field("publicKey", publicKey)
        json.field("sensitive", !special.isEmpty)
        json.key("services")
        json.beginArray()
        json.beginObject()
        json.key("purposes")
        json.beginArray()
        for record in standing { writeKantaraPurpose(record, to: &json) }
        json.endArray()
        json.field("service", serviceName)
        json.endObject()
        json.endArray()
        json.field("spiCat", strings: special)
        json.field("version", literal: "KI-CR-v1.1.0")
        json.endObject()
        return json
    }

    private func writeKantaraPurpose(_ record: PurposeRecord, to json: inout ReceiptJSONWriter) {
        json.beginObject()
        json.key("consentType")
        if let method = record.grantMethod, !method.isExplicit {
            json.string("EXPRESSED: " + method.rawValue)
        } else {
            json.literal("EXPLICIT")
        }
        json.field("piiCategory", strings: record.categories.lazy.map(\.rawValue))
        json.field("primaryPurpose", record.isPrimary)
        json.field("purpose", record.purpose?.description ?? record.id.rawValue)
        if record.purposeTypes.isEmpty {
            json.field("purposeCategory", strings: CollectionOfOne(record.id.rawValue))
        } else {
            json.field("purposeCategory", strings: record.purposeTypes.lazy.map(\.compactIRI))
        }
        json.key("termination")
        if let expiry = record.decision.expiresAt {
            json.string("Until withdrawn, at the latest " + ReceiptTimestamp.string(expiry) + ". " + withdrawalMethod)
        } else {
            json.string("Until withdrawn. " + withdrawalMethod)
        }
        json.field("thirdPartyDisclosure", !record.recipients.isEmpty)
        if !record.recipients.isEmpty { json.field("thirdPartyName", record.recipients.joined(separator: ", ")) }
        json.endObject()
    }
}
