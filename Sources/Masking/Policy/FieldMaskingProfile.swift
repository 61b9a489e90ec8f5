public import ConsentKitCore

/// How a field looks at each `MaskingLevel` when access is described by
/// field grants (from RBAC) instead of explicit rules: the grant says
/// "partial", the profile says what partial means for this field — the last
/// four digits of a card, the first letter of an email.
///
/// `full` always keeps the value and `none` always removes it; the profile
/// supplies the two levels in between. A level without a strategy falls back
/// to the next less revealing one (`partial` → `pseudonym` → removed), never
/// to a more revealing one.
public struct FieldMaskingProfile: Sendable {
    /// What a `.partial` grant shows; nil falls back to ``pseudonym``.
    public let partial: MaskingStrategy?
    /// What a `.pseudonym` grant shows; nil removes the field.
    public let pseudonym: MaskingStrategy?

    /// Creates a profile.
    public init(partial: MaskingStrategy? = nil, pseudonym: MaskingStrategy? = nil) {
        self.partial = partial
        self.pseudonym = pseudonym
    }

    /// The strategy for `level`.
    public func strategy(for level: MaskingLevel) -> MaskingStrategy {
        switch level {
        case .full: .keep
        case .partial: partial ?? pseudonym ?? .redact
        case .pseudonym: pseudonym ?? .redact
        case .none: .redact
        }
    }
}
