public import ConsentKitCore

/// Which access decisions an ``AccessController`` writes to the audit log.
///
/// By default every denial is recorded (a refused access is what a security
/// review looks for first), plus every decision — allowed or not — made for
/// one of ``sensitivePurposes``.
public struct AccessAuditPolicy: Hashable, Sendable {
    /// Record every denied decision; `true` by default.
    public var recordsDenials: Bool
    /// Record every decision made for one of these purposes.
    public var sensitivePurposes: Set<PurposeID>
    /// Record every decision; `false` by default (it costs one audit append per check).
    public var recordsEveryDecision: Bool

    /// Creates an audit policy; every parameter has the documented default.
    public init(recordsDenials: Bool = true, sensitivePurposes: Set<PurposeID> = [], recordsEveryDecision: Bool = false) {
        self.recordsDenials = recordsDenials
        self.sensitivePurposes = sensitivePurposes
        self.recordsEveryDecision = recordsEveryDecision
    }

    /// Whether a decision must be recorded.
    public func records(allowed: Bool, purpose: PurposeID?) -> Bool {
        if recordsEveryDecision { return true }
        if !allowed && recordsDenials { return true }
        if let purpose, sensitivePurposes.contains(purpose) { return true }
        return false
    }
}
