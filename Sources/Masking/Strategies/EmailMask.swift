/// Masks an email address, keeping its shape: `jane.doe@example.com` becomes
/// `j*******@example.com`, or `j*******@*******.com` without the domain.
///
/// Works on user-perceived characters (grapheme clusters) and keeps every
/// part's length, so the output still reads as an address. At most half of
/// the local part is ever shown, so a 1-character local part is masked whole.
/// A value that is not an address (no `@` or more than one, an empty local
/// part, an empty domain or domain label) is masked entirely: it is never
/// handed back as is.
public struct EmailMask: Hashable, Sendable {
    /// How many leading characters of the local part stay visible (at most half of it).
    public let keepLocalFirst: Int
    /// Whether the domain stays visible; when `false` only its last label (the TLD) does.
    public let keepDomain: Bool
    /// The character that replaces each hidden one.
    public let maskCharacter: Character

    /// Creates an email mask.
    /// - Parameters:
    ///   - keepLocalFirst: leading local-part characters to keep (negative counts as zero).
    ///   - keepDomain: keep the whole domain (`true`) or only its top-level label.
    ///   - maskCharacter: the replacement character, `*` by default.
    public init(keepLocalFirst: Int = 1, keepDomain: Bool = true, maskCharacter: Character = "*") {
        self.keepLocalFirst = min(max(0, keepLocalFirst), MaskingLimits.maximumValueByteCount)
        self.keepDomain = keepDomain
        self.maskCharacter = maskCharacter
    }

    /// The masked form of `value`, with as many characters as `value`.
    ///
    /// Masking an output again never shows more than the first pass did.
    /// Cost: two passes over the characters.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` UTF-8 bytes.
    public func apply(to value: String) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "email")
        guard let at = Self.separatorIndex(in: value) else {
            return masked(value[...])
        }
        let local = value[..<at]
        let domain = value[value.index(after: at)...]

        var result = ""
        result.reserveCapacity(value.utf8.count)
        let reveal = min(keepLocalFirst, local.count / 2)
        for (position, character) in local.enumerated() {
            result.append(position < reveal ? character : maskCharacter)
        }
        result.append("@")
        if keepDomain {
            result += domain
        } else {
            // Every label but the last is hidden; the dots stay so the TLD reads as one.
            let lastDot = domain.lastIndex(of: ".")
            for index in domain.indices {
                if let lastDot, index > lastDot {
                    result.append(domain[index])
                } else {
                    result.append(domain[index] == "." ? "." : maskCharacter)
                }
            }
        }
        return result
    }

    /// The index of the one `@` of a well-formed address, `nil` otherwise.
    private static func separatorIndex(in value: String) -> String.Index? {
        guard let at = value.firstIndex(of: "@"), value.lastIndex(of: "@") == at else { return nil }
        let domain = value[value.index(after: at)...]
        guard at > value.startIndex, !domain.isEmpty else { return nil }
        // An empty label (`a@.com`, `a@b..c`, `a@b.`) is not a domain.
        guard !domain.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
            return nil
        }
        return at
    }

    private func masked(_ value: Substring) -> String {
        String(repeating: maskCharacter, count: value.count)
    }
}
