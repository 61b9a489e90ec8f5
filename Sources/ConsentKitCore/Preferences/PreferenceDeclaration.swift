/// A preference as a host submits it to ``PreferenceCenter/remember(_:for:in:)-(PreferenceDeclaration,_,_)``:
/// everything but the timestamps, which the centre sets.
public struct PreferenceDeclaration: Hashable, Sendable {
    /// What the preference is about.
    public var key: PreferenceKey
    /// The value.
    public var value: PreferenceValue
    /// The purpose it serves; must be allowed for the subject when remembered.
    public var purpose: PurposeID
    /// Where it came from; zero-party (declared by the customer) by default.
    public var provenance: Provenance
    /// Where it was captured.
    public var source: Channel

    /// Creates a declaration.
    public init(
        _ key: PreferenceKey, _ value: PreferenceValue, for purpose: PurposeID, provenance: Provenance = .zeroParty,
        source: Channel
    ) {
        self.key = key
        self.value = value
        self.purpose = purpose
        self.provenance = provenance
        self.source = source
    }
}
