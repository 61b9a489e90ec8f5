/// One consent change to deliver to a set of recipients, each tracked separately.
///
/// Its ``id`` makes enqueueing idempotent: the same id enqueued again with
/// the same content is ignored, so a retried ledger write never notifies twice.
public struct OutboxMessage: Hashable, Sendable, Codable, Identifiable {
    /// The message's identity (at most 256 UTF-8 bytes, no control characters).
    public let id: String
    /// What to tell the recipients.
    public let notice: ConsentChangeNotice
    /// Who must be told, by the names used in the notice terms
    /// (``PrivacyNotice/PurposeTerms/recipients``); sorted, without duplicates.
    public let recipients: [String]

    /// Creates a message.
    /// - Throws: ``ValidationError`` for an invalid id or recipient name, or
    ///   `.empty` when there is no recipient.
    public init<Recipients: Sequence<String>>(id: String, notice: ConsentChangeNotice, recipients: Recipients) throws(ValidationError) {
        self.id = try IdentifierValidation.validate(id, kind: "OutboxMessage id")
        var names = Set<String>()
        for recipient in recipients {
            names.insert(try IdentifierValidation.validate(recipient, kind: "OutboxMessage recipient"))
        }
        guard !names.isEmpty else {
            throw ValidationError(code: .empty, kind: "OutboxMessage recipients", message: "message \(id) has no recipient")
        }
        self.notice = notice
        self.recipients = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private enum CodingKeys: String, CodingKey {
        case id, notice, recipients
    }

    /// Decodes and validates like ``init(id:notice:recipients:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                id: container.decode(String.self, forKey: .id),
                notice: container.decode(ConsentChangeNotice.self, forKey: .notice),
                recipients: container.decode([String].self, forKey: .recipients))
        } catch let error as ValidationError {
            throw DecodingError.dataCorruptedError(forKey: .recipients, in: container, debugDescription: error.description)
        }
    }

    /// The delivery of this message to `recipient`.
    public func delivery(to recipient: String) -> OutboxDeliveryID {
        OutboxDeliveryID(messageID: id, recipient: recipient)
    }
}

/// Names one delivery: a message to one recipient.
public struct OutboxDeliveryID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The message delivered.
    public let messageID: String
    /// The recipient it is delivered to.
    public let recipient: String

    /// Names the delivery of `messageID` to `recipient`.
    public init(messageID: String, recipient: String) {
        self.messageID = messageID
        self.recipient = recipient
    }

    /// A short human-readable form.
    public var description: String { "\(messageID) → \(recipient)" }
}
