public import ConsentKitCore

/// What happens to one field's value when a record is masked.
///
/// Each case wraps a small value type with its own contract; the plan
/// applies it to the field's value. `null` stays `null` under every strategy
/// (there is nothing to hide). Strategies that read text refuse numbers,
/// booleans, objects and arrays with `.typeMismatch` rather than guess,
/// except the keyed stand-ins (pseudonym, deterministic encryption,
/// tokenization), which also accept numbers and booleans by their JSON text.
public enum MaskingStrategy: Sendable {
    /// The value as is.
    case keep
    /// The field is removed from the record.
    case redact
    /// The field stays, with value `null`.
    case nullify
    /// The value is replaced by a fixed value, such as `"[redacted]"`.
    case constant(JSONValue)
    /// First/last characters kept, the rest masked (strings).
    case partial(PartialMask)
    /// `j***@example.com` (strings).
    case email(EmailMask)
    /// `+** *** *** **42` (strings).
    case phone(PhoneMask)
    /// A coarser value: number bucket, age band, date truncation, postal-code prefix.
    case generalize(Generalization)
    /// A date moved by a keyed, per-record number of days (date strings).
    case dateShift(DateShift)
    /// A number moved by keyed, per-record bounded noise (numbers).
    case numericNoise(NumericNoise)
    /// A keyed HMAC pseudonym `keyID:…`, stable per field, tenant and purpose.
    case pseudonym(KeyedPseudonymizer)
    /// NIST FF1 encryption keeping the format (digits stay digits, a card number stays Luhn-valid).
    case formatPreserving(FormatPreservingEncryption)
    /// AES-SIV deterministic encryption `keyID:…`, reversible with the key and the same context.
    case deterministicEncryption(DeterministicEncryption)
    /// A random token from the token vault, the same for the same value in the namespace.
    case tokenize(TokenNamespace)

    /// How much of the value this strategy reveals, used to pick the most
    /// revealing of several rules that apply to one access (as for grants).
    public var level: MaskingLevel {
        switch self {
        case .keep: .full
        case .partial, .email, .phone, .generalize, .dateShift, .numericNoise: .partial
        case .pseudonym, .formatPreserving, .deterministicEncryption, .tokenize: .pseudonym
        case .redact, .nullify, .constant: .none
        }
    }

    /// A short name for messages and explanations, such as `partial` or `pseudonym`.
    public var name: String {
        switch self {
        case .keep: "keep"
        case .redact: "redact"
        case .nullify: "nullify"
        case .constant: "constant"
        case .partial: "partial"
        case .email: "email"
        case .phone: "phone"
        case .generalize: "generalize"
        case .dateShift: "dateShift"
        case .numericNoise: "numericNoise"
        case .pseudonym: "pseudonym"
        case .formatPreserving: "formatPreserving"
        case .deterministicEncryption: "deterministicEncryption"
        case .tokenize: "tokenize"
        }
    }
}
