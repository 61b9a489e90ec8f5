/// The outbox refused to acknowledge or fail a delivery. Nothing was changed.
public struct OutboxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The delivery was already acknowledged. For a drainer this means
        /// another instance delivered it first (at-least-once delivery): treat
        /// it as done.
        public static let alreadyAcknowledged = Code("alreadyAcknowledged")
        /// No such delivery: the message or the recipient is unknown (or was erased).
        public static let unknownDelivery = Code("unknownDelivery")

        /// A short human-readable form.
        public var description: String { name }
    }

    /// The kind of problem.
    public let code: Code
    /// What was wrong, naming the delivery.
    public let message: String

    /// Creates an error; prefer the static factories.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// A short human-readable form.
    public var description: String { "OutboxError.\(code): \(message)" }

    /// The delivery was acknowledged before.
    public static func alreadyAcknowledged(_ delivery: OutboxDeliveryID, at time: String) -> OutboxError {
        OutboxError(code: .alreadyAcknowledged, message: "delivery \(delivery) was already acknowledged at \(time)")
    }

    /// The delivery is not in the outbox.
    public static func unknownDelivery(_ delivery: OutboxDeliveryID) -> OutboxError {
        OutboxError(code: .unknownDelivery, message: "delivery \(delivery) is not in the outbox")
    }
}
