/// Moves a date by a keyed, per-record number of days, so intervals and
/// seasons stay roughly right while the true date is hidden.
///
/// The offset is a whole number of days in `-maximumDays...maximumDays`,
/// never 0, drawn from HMAC-SHA256 under a subkey of the masking key
/// (HKDF label `consentkit.masking.dateshift.v1`) over the masking context
/// and a record key. It is deterministic: every read of the same record gets
/// the same shifted date, so reads cannot be averaged back to the original.
///
/// By default the field is part of the seed, so a record's dates move by
/// unrelated offsets. With `consistentAcrossFields`, the field is left out
/// and every date of a record (in one tenant and purpose) moves by the same
/// offset, keeping the intervals between them exact.
///
/// The output keeps the input's format: a `YYYY-MM-DD` date stays a date; an
/// RFC 3339 timestamp keeps its time and offset text as written (the wall
/// time is kept; no time zone rules are applied).
///
/// The draw maps 64 hash bits onto the `2 × maximumDays` offsets by modulo;
/// with at most 73,000 offsets the bias is below 2^-46, far under any
/// observable level.
public struct DateShift: Sendable, CustomStringConvertible {
    /// The largest accepted ``maximumDays``: 100 years.
    public static let maximumDaysLimit = 36_500
    /// The HKDF label of the subkey.
    static let label = "consentkit.masking.dateshift.v1"

    /// The id of the key the offsets derive from.
    public let keyID: MaskingKeyID
    /// The largest shift, in days, either way.
    public let maximumDays: Int
    /// Whether every date of a record moves by the same offset.
    public let consistentAcrossFields: Bool
    private let draw: KeyedDraw

    /// Creates a date shift. Cost: one HKDF-SHA256.
    /// - Throws: ``MaskingError`` `.invalidPolicy` unless `maximumDays` is in
    ///   `1...36500` (``maximumDaysLimit``).
    public init(key: MaskingKey, maximumDays: Int, consistentAcrossFields: Bool = false) throws(MaskingError) {
        guard (1...Self.maximumDaysLimit).contains(maximumDays) else {
            throw MaskingError(
                code: .invalidPolicy,
                message: "date shift maximumDays must be 1...\(Self.maximumDaysLimit), got \(maximumDays)")
        }
        self.keyID = key.id
        self.maximumDays = maximumDays
        self.consistentAcrossFields = consistentAcrossFields
        self.draw = KeyedDraw(key: key, label: Self.label)
    }

    /// The record's offset in days: in `-maximumDays...maximumDays`, never 0.
    /// Cost: one HMAC-SHA256.
    public func offsetDays(recordKey: String, context: MaskingContext) -> Int {
        let (word, _) = draw.words(recordKey: recordKey, context: context, includingField: !consistentAcrossFields)
        let index = Int(word % UInt64(2 * maximumDays))
        // 0..<max → -max ... -1; max..<2·max → 1 ... max.
        return index < maximumDays ? index - maximumDays : index - maximumDays + 1
    }

    /// `value` moved by ``offsetDays(recordKey:context:)``, in the same format.
    ///
    /// Cost: one HMAC-SHA256 and a pass over the value.
    /// - Throws: ``MaskingError``
    ///   - `.invalidFormat` when `value` is not a valid `YYYY-MM-DD` date or
    ///     RFC 3339 timestamp, or the shifted date falls outside years 0000-9999;
    ///   - `.tooLarge` when `value` or `recordKey` is over
    ///     ``MaskingLimits/maximumValueByteCount`` bytes.
    public func apply(to value: String, recordKey: String, context: MaskingContext) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "date shift input")
        try MaskingLimits.check(recordKey, "date shift record key")
        let date = try CalendarDate(parsing: value)
        let offset = offsetDays(recordKey: recordKey, context: context)
        guard let shifted = CalendarDate(dayNumber: date.dayNumber + offset, timeText: date.timeText) else {
            throw MaskingError(code: .invalidFormat, message: "the shifted date falls outside years 0000-9999")
        }
        return shifted.text
    }

    /// `DateShift(key: id, ±N days)`; never key material.
    public var description: String {
        "DateShift(key: \(keyID), ±\(maximumDays) days\(consistentAcrossFields ? ", consistent across fields" : ""))"
    }
}
