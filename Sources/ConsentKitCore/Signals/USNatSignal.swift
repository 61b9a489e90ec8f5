/// The opt-outs a US National (GPP usnat) section asks a server to honour,
/// with Global Privacy Control folded in: the value the consent ledger applies.
///
/// GPC counts as an opt-out of sale, sharing and targeted advertising, which is
/// how California and the other MSPA states treat a universal opt-out signal. An
/// explicit opt-out wins over GPC in the explanation; either way the activity is
/// opted out.
public struct USNatSignal: Sendable, Hashable, CustomStringConvertible {
    /// The outcome for one activity, with where it came from.
    public enum Choice: Sendable, Hashable, CustomStringConvertible {
        /// The consumer opted out in the CMP.
        case optedOut
        /// The consumer did not opt out in the CMP, but sent GPC.
        case optedOutByGPC
        /// The consumer was offered the opt-out and did not take it, and sent no GPC.
        case notOptedOut
        /// The field was not applicable (no notice, or the business does not do this) and no GPC was sent.
        case notApplicable

        /// Whether the activity must stop for this consumer.
        public var isOptedOut: Bool { self == .optedOut || self == .optedOutByGPC }

        /// The outcome in words, for example `opted out by GPC`.
        public var description: String {
            switch self {
            case .optedOut: "opted out"
            case .optedOutByGPC: "opted out by GPC"
            case .notOptedOut: "not opted out"
            case .notApplicable: "not applicable"
            }
        }
    }

    /// Sale of personal information.
    public let sale: Choice
    /// Sharing of personal information (cross-context behavioural advertising).
    public let sharing: Choice
    /// Processing for targeted advertising.
    public let targetedAdvertising: Choice
    /// Whether the GPC subsection said GPC was on.
    public let gpc: Bool

    /// Combines the section's opt-out fields with its GPC bit.
    public init(
        saleOptOut: USNatSection.OptOut, sharingOptOut: USNatSection.OptOut,
        targetedAdvertisingOptOut: USNatSection.OptOut, gpc: Bool
    ) {
        func choice(_ field: USNatSection.OptOut) -> Choice {
            switch field {
            case .optedOut: .optedOut
            case _ where gpc: .optedOutByGPC
            case .didNotOptOut: .notOptedOut
            case .notApplicable: .notApplicable
            }
        }
        sale = choice(saleOptOut)
        sharing = choice(sharingOptOut)
        targetedAdvertising = choice(targetedAdvertisingOptOut)
        self.gpc = gpc
    }

    /// Whether sale must stop.
    public var optsOutOfSale: Bool { sale.isOptedOut }
    /// Whether sharing must stop.
    public var optsOutOfSharing: Bool { sharing.isOptedOut }
    /// Whether targeted advertising must stop.
    public var optsOutOfTargetedAdvertising: Bool { targetedAdvertising.isOptedOut }
    /// Whether sale, sharing or targeted advertising must stop: the one answer for a
    /// catalog purpose marked as "sale/share" under CCPA/CPRA.
    public var optsOutOfSaleOrSharingOrTargetedAdvertising: Bool {
        optsOutOfSale || optsOutOfSharing || optsOutOfTargetedAdvertising
    }

    /// For example `sale: opted out, sharing: opted out by GPC, targeted advertising: not applicable`.
    public var description: String {
        "sale: \(sale), sharing: \(sharing), targeted advertising: \(targetedAdvertising)"
    }
}
