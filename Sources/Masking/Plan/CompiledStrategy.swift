import ConsentKitCore

/// A strategy with everything it needs for one plan bound in: keyed
/// strategies carry their context, pseudonyms their prepared per-context key.
enum CompiledStrategy: Sendable {
    case keep
    case redact
    case nullify
    case constant(JSONValue)
    indirect case partial(PartialMask)
    indirect case email(EmailMask)
    indirect case phone(PhoneMask)
    indirect case generalize(Generalization)
    indirect case dateShift(DateShift, MaskingContext)
    indirect case numericNoise(NumericNoise, MaskingContext)
    indirect case pseudonym(BoundPseudonymizer)
    indirect case formatPreserving(FormatPreservingEncryption, MaskingContext)
    indirect case deterministicEncryption(DeterministicEncryption, MaskingContext)
    case tokenize(TokenNamespace)

    init(_ strategy: MaskingStrategy, context: MaskingContext) {
        switch strategy {
        case .keep: self = .keep
        case .redact: self = .redact
        case .nullify: self = .nullify
        case .constant(let value): self = .constant(value)
        case .partial(let mask): self = .partial(mask)
        case .email(let mask): self = .email(mask)
        case .phone(let mask): self = .phone(mask)
        case .generalize(let generalization): self = .generalize(generalization)
        case .dateShift(let shift): self = .dateShift(shift, context)
        case .numericNoise(let noise): self = .numericNoise(noise, context)
        case .pseudonym(let pseudonymizer): self = .pseudonym(pseudonymizer.bound(to: context))
        case .formatPreserving(let cipher): self = .formatPreserving(cipher, context)
        case .deterministicEncryption(let cipher): self = .deterministicEncryption(cipher, context)
        case .tokenize(let namespace): self = .tokenize(namespace)
        }
    }

    /// Whether the strategy reads the record key.
    var needsRecordKey: Bool {
        switch self {
        case .dateShift, .numericNoise: true
        default: false
        }
    }
}
