/// The limits every ``TokenVault`` enforces, so that a value accepted by one
/// vault is accepted by every other (and by a database column sized for it).
public enum TokenVaultLimits {
    /// The longest value a vault tokenizes, in UTF-8 bytes: 64 KiB. Longer
    /// values are refused with ``MaskingError`` `.tooLarge`; tokenization is
    /// for identifiers and short fields, not documents.
    public static let maximumValueByteCount = 65_536
}
