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

    // Derived once so the per-value fast path never reads the Character.
    private let maskBytes: MaskBytes?

    /// Creates an email mask.
    /// - Parameters:
    ///   - keepLocalFirst: leading local-part characters to keep (negative counts as zero).
    ///   - keepDomain: keep the whole domain (`true`) or only its top-level label.
    ///   - maskCharacter: the replacement character, `*` by default.
    public init(keepLocalFirst: Int = 1, keepDomain: Bool = true, maskCharacter: Character = "*") {
        self.keepLocalFirst = min(max(0, keepLocalFirst), MaskingLimits.maximumValueByteCount)
        self.keepDomain = keepDomain
        self.maskCharacter = maskCharacter
        self.maskBytes = MaskBytes(maskCharacter)
    }

    /// The masked form of `value`, with as many characters as `value`.
    ///
    /// Masking an output again never shows more than the first pass did.
    /// Cost: two passes over the bytes of an ASCII value (one string
    /// allocation for over 15 bytes of output); two passes over the
    /// characters otherwise.
    /// - Throws: ``MaskingError`` `.tooLarge` when `value` is over
    ///   ``MaskingLimits/maximumValueByteCount`` UTF-8 bytes.
    public func apply(to value: String) throws(MaskingError) -> String {
        try MaskingLimits.check(value, "email")
        if let maskBytes, let result = SingleByteText.withBytes(of: value, { maskSingleByte($0, maskBytes) }) {
            return result
        }
        return maskCharacters(value)
    }

    /// Two masks are equal when their parameters are (the derived bytes follow from them).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.keepLocalFirst == rhs.keepLocalFirst && lhs.keepDomain == rhs.keepDomain
            && lhs.maskCharacter == rhs.maskCharacter
    }

    /// Hashes the parameters that ``==(_:_:)`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keepLocalFirst)
        hasher.combine(keepDomain)
        hasher.combine(maskCharacter)
    }

    /// The mask of a value whose every byte is one character.
    private func maskSingleByte(_ bytes: UnsafeBufferPointer<UInt8>, _ maskBytes: MaskBytes) -> String {
        guard let at = Self.separatorOffset(in: bytes) else {
            return SingleByteText.makeString(count: bytes.count * maskBytes.count) { output in
                var written = 0
                for _ in bytes.indices { written = maskBytes.write(to: output, at: written) }
                return written
            }
        }
        let reveal = min(keepLocalFirst, at / 2)
        // Every domain label but the last is hidden; the dots stay so the TLD reads as one.
        let domainShownFrom = keepDomain ? at + 1 : (Self.lastDotOffset(in: bytes, after: at) ?? bytes.count - 1) + 1
        func isShown(_ offset: Int) -> Bool {
            if offset < at { return offset < reveal }
            return offset == at || offset >= domainShownFrom || bytes[offset] == UInt8(ascii: ".")
        }
        // Room for every byte masked: exact for a one-byte mask character.
        return SingleByteText.makeString(count: bytes.count * maskBytes.count) { output in
            if let mask = maskBytes.singleByte {
                for offset in bytes.indices { output[offset] = isShown(offset) ? bytes[offset] : mask }
                return bytes.count
            }
            var written = 0
            for offset in bytes.indices {
                if isShown(offset) {
                    output[written] = bytes[offset]
                    written += 1
                } else {
                    written = maskBytes.write(to: output, at: written)
                }
            }
            return written
        }
    }

    /// The offset of the one `@` of a well-formed address, `nil` otherwise;
    /// the byte-level twin of `separatorIndex(in:)`.
    private static func separatorOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var at: Int?
        for offset in bytes.indices where bytes[offset] == UInt8(ascii: "@") {
            guard at == nil else { return nil }
            at = offset
        }
        guard let at, at > 0, at + 1 < bytes.count else { return nil }
        // An empty label (`a@.com`, `a@b..c`, `a@b.`) is not a domain.
        var previousWasBoundary = true
        for offset in (at + 1)..<bytes.count {
            let isDot = bytes[offset] == UInt8(ascii: ".")
            if isDot && previousWasBoundary { return nil }
            previousWasBoundary = isDot
        }
        return previousWasBoundary ? nil : at
    }

    /// The offset of the last `.` in `bytes` after offset `start`, if any.
    private static func lastDotOffset(in bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Int? {
        var offset = bytes.count
        while offset > start + 1 {
            offset -= 1
            if bytes[offset] == UInt8(ascii: ".") { return offset }
        }
        return nil
    }

    /// The mask computed on grapheme clusters, for any value.
    private func maskCharacters(_ value: String) -> String {
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
