/// A decoded IAB Global Privacy Platform (GPP) string: the header's section
/// list and each section as it was encoded.
///
/// Decoding checks the header and that every listed section is present;
/// sections are decoded on demand, so a string carrying sections this SDK does
/// not read still decodes. Read the US National section with ``usNat()`` and
/// the EU TCF section with ``tcfEuV2()``.
///
/// ```swift
/// let gpp = try GPPString(decoding: request.query["gpp"])
/// if let usNat = try gpp.usNat(), usNat.signal.optsOutOfSale { ... }
/// ```
public struct GPPString: Sendable, Hashable {
    /// The longest string, in UTF-8 bytes, that ``init(decoding:)`` accepts: 64 KiB.
    public static let maximumEncodedLength = 65_536
    /// The header's `Type` field: 3 identifies a GPP header.
    public static let headerType = 3
    /// The GPP string version this type reads and writes.
    public static let version = 1

    /// The section IDs the header lists, ascending, in the order the sections follow it.
    public let sectionIDs: [GPPSectionID]
    /// The encoded sections, parallel to ``sectionIDs``.
    public let sections: [String]

    /// A GPP string of the given encoded sections, for ``encoded()``.
    /// - Throws: ``ValidationError`` with code `.invalidFormat` when IDs are not positive,
    ///   not ascending or repeated, or a section is empty or contains `~`.
    public init(sections: [(id: GPPSectionID, encoded: String)]) throws(ValidationError) {
        var previous = 0
        for (id, encoded) in sections {
            guard id.rawValue > previous else {
                throw ValidationError(
                    code: .invalidFormat, kind: "GPPString",
                    message: "section IDs must be positive and ascending; \(id) follows \(previous)")
            }
            guard !encoded.isEmpty, !encoded.utf8.contains(UInt8(ascii: "~")) else {
                throw ValidationError(
                    code: .invalidFormat, kind: "GPPString",
                    message: "section \(id) must be non-empty and free of '~'")
            }
            previous = id.rawValue
        }
        self.sectionIDs = sections.map(\.id)
        self.sections = sections.map(\.encoded)
    }

    /// Decodes a GPP string as CMPs send it (the `gpp` query parameter, the
    /// OpenRTB `regs.gpp` field, a cookie).
    ///
    /// - Throws: ``GPPError``: `.tooLong` (over ``maximumEncodedLength`` bytes, before any
    ///   decoding), `.empty`, `.emptySection`, `.invalidCharacter`, `.truncated`,
    ///   `.unsupportedType`, `.unsupportedVersion`, `.invalidValue`, `.sectionCountMismatch`,
    ///   `.trailingData`. Never traps on any input.
    /// - Complexity: O(*n*) in the string's length.
    public init(decoding string: String) throws(GPPError) {
        let length = string.utf8.count
        guard length <= Self.maximumEncodedLength else {
            throw GPPError(
                code: .tooLong, section: 0, subsection: 0, bitOffset: nil, field: nil,
                message: "the string is \(length) bytes, the limit is \(Self.maximumEncodedLength)")
        }
        let parts = string.utf8.split(separator: UInt8(ascii: "~"), omittingEmptySubsequences: false)
        guard let headerPart = parts.first, !headerPart.isEmpty else {
            throw GPPError(
                code: .empty, section: 0, subsection: 0, bitOffset: nil, field: nil, message: "the header is empty")
        }
        for (index, part) in parts.enumerated().dropFirst() where part.isEmpty {
            throw GPPError(
                code: .emptySection, section: index, subsection: 0, bitOffset: nil, field: nil,
                message: "section \(index) is empty")
        }
        let header = Array(headerPart)
        let sectionCount = parts.count - 1
        let outcome: Result<[GPPSectionID], GPPError> = header.withUnsafeBufferPointer { characters in
            Result { () throws(GPPError) -> [GPPSectionID] in
                try Self.decodeHeader(characters, sectionCount: sectionCount)
            }
        }
        sectionIDs = try outcome.get()
        sections = parts.dropFirst().map { String(Substring($0)) }
    }

    private static func decodeHeader(
        _ characters: UnsafeBufferPointer<UInt8>, sectionCount: Int
    ) throws(GPPError) -> [GPPSectionID] {
        let dataCount: Int
        switch WebSafeBase64.dataCharacterCount(characters) {
        case .success(let count) where count == characters.count: dataCount = count
        case .success(let count): throw GPPError.base64(.invalidPadding(offset: count), subsection: 0).inSection(0)
        case .failure(let problem): throw GPPError.base64(problem, subsection: 0).inSection(0)
        }
        do {
            return try WebSafeBase64.withBits(of: UnsafeBufferPointer(rebasing: characters[0..<dataCount])) {
                (bits) throws(GPPError) -> [GPPSectionID] in
                let type = try bits.int(6, subsection: 0, "Type")
                guard type == headerType else {
                    let hint = type == 2 ? " (type 2 is a TC string: decode it with TCString)" : ""
                    throw GPPError(
                        code: .unsupportedType, section: nil, subsection: 0, bitOffset: 0, field: "Type",
                        message: "header type \(type) is not 3\(hint)")
                }
                let version = try bits.int(6, subsection: 0, "Version")
                guard version == Self.version else {
                    throw GPPError(
                        code: .unsupportedVersion, section: nil, subsection: 0, bitOffset: 6, field: "Version",
                        message: "GPP version \(version) is not supported, only version 1")
                }
                let entryCount = try bits.int(12, subsection: 0, "SectionIds.NumEntries")
                var ids: [GPPSectionID] = []
                ids.reserveCapacity(sectionCount)
                var last = 0
                for _ in 0..<entryCount {
                    let entryOffset = bits.position
                    let isRange = try bits.bit(subsection: 0, "SectionIds.IsRange")
                    let first = last + (try bits.fibonacci(subsection: 0, "SectionIds.Offset"))
                    let end = isRange ? first + (try bits.fibonacci(subsection: 0, "SectionIds.Length")) : first
                    guard end - first < sectionCount, ids.count + (end - first) < sectionCount else {
                        throw GPPError(
                            code: .sectionCountMismatch, section: nil, subsection: 0, bitOffset: entryOffset,
                            field: "SectionIds",
                            message: "the header lists more than the \(sectionCount) sections present")
                    }
                    for id in first...end { ids.append(GPPSectionID(rawValue: id)) }
                    last = end
                }
                guard ids.count == sectionCount else {
                    throw GPPError(
                        code: .sectionCountMismatch, section: nil, subsection: 0, bitOffset: bits.position,
                        field: "SectionIds",
                        message: "the header lists \(ids.count) sections but \(sectionCount) follow it")
                }
                if let trailing = GPPError.trailing(bits, subsection: 0) { throw trailing }
                return ids
            }
        } catch {
            throw error.inSection(0)
        }
    }

    /// The encoded section with `id`, or `nil` when the string has none.
    public func section(_ id: GPPSectionID) -> String? {
        sectionIDs.firstIndex(of: id).map { sections[$0] }
    }

    /// The US National (usnat, ID 7) section, decoded, or `nil` when absent.
    /// - Throws: ``GPPError`` from ``USNatSection/init(decoding:)``, with `section` set to its index.
    public func usNat() throws(GPPError) -> USNatSection? {
        guard let index = sectionIDs.firstIndex(of: .usNat) else { return nil }
        do {
            return try USNatSection(decoding: sections[index])
        } catch {
            throw error.inSection(index + 1)
        }
    }

    /// The EU TCF v2 (tcfeuv2, ID 2) section, decoded as a TC string, or `nil` when absent.
    /// - Throws: ``TCStringError`` from ``TCString/init(decoding:)``.
    public func tcfEuV2() throws(TCStringError) -> TCString? {
        guard let encoded = section(.tcfEuV2) else { return nil }
        return try TCString(decoding: encoded)
    }

    /// The GPP string: the header, then each section, joined by `~`.
    ///
    /// The header lists runs of consecutive IDs as ranges and is padded like the
    /// reference encoder (to a whole byte, then a whole character), so
    /// `GPPString(decoding: x.encoded()) == x`.
    public func encoded() -> String {
        var writer = BitWriter()
        writer.write(Self.headerType, width: 6)
        writer.write(Self.version, width: 6)
        var groups: [ClosedRange<Int>] = []
        for id in sectionIDs.map(\.rawValue) {
            if let last = groups.last, last.upperBound + 1 == id {
                groups[groups.count - 1] = last.lowerBound...id
            } else {
                groups.append(id...id)
            }
        }
        writer.write(groups.count, width: 12)
        var last = 0
        for group in groups {
            writer.write(group.count > 1)
            writer.writeFibonacci(group.lowerBound - last)
            if group.count > 1 { writer.writeFibonacci(group.upperBound - group.lowerBound) }
            last = group.upperBound
        }
        return ([WebSafeBase64.encode(writer)] + sections).joined(separator: "~")
    }
}
