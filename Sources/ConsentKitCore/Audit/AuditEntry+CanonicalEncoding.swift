import ConsentKitCrypto

extension AuditEntry {
    /// The current canonical encoding version.
    public static let encodingVersion: UInt8 = 1

    private static let magic: [UInt8] = [0x43, 0x4B, 0x41, 0x45]  // "CKAE"

    /// Decodes an entry from its canonical encoding, accepting only canonical input.
    ///
    /// Format version 1, all integers big-endian; `str` is a `UInt16` byte
    /// length followed by that many bytes of UTF-8:
    ///
    /// | bytes | field |
    /// | --- | --- |
    /// | 4 | ASCII `CKAE` |
    /// | 1 | version, `0x01` |
    /// | 8 | `timestampMilliseconds`, two's complement |
    /// | str | `kind` |
    /// | str | `actor` |
    /// | 1 (+32) | `subject`: `0x00` absent, or `0x01` then the 32 pseudonym bytes |
    /// | 1 (+str) | `purpose`: `0x00` absent, or `0x01` then the purpose id |
    /// | str | `action` |
    /// | str | `outcome` |
    /// | 2 | number of details |
    /// | str, str | each detail's key and value, keys in strictly ascending order of their UTF-8 bytes |
    ///
    /// Nothing may follow the last detail. The encoding is deterministic (no
    /// maps, no floating point, no optional whitespace), so the same entry
    /// always has the same bytes and the same leaf hash on every platform;
    /// and it is checked on the way in: `AuditEntry(canonicalEncoding: bytes).canonicalEncoding == bytes`
    /// for every input that does not throw. Future versions get a new version byte.
    /// - Throws: ``AuditError`` `.invalidEntry` naming the byte offset and what was wrong.
    public init(canonicalEncoding bytes: [UInt8]) throws(AuditError) {
        var reader = Reader(bytes: bytes)
        guard try reader.read(count: 4) == Self.magic[...] else {
            throw .invalidEntry("canonical audit entry does not start with \"CKAE\"")
        }
        let version = try reader.readByte()
        guard version == Self.encodingVersion else {
            throw .invalidEntry("canonical audit entry has version \(version), only version \(Self.encodingVersion) is known")
        }
        let timestamp = Int64(bitPattern: try reader.readUInt64())
        let kind = try reader.readString("kind")
        let actor = try reader.readString("actor")
        let subject: SubjectPseudonym? =
            switch try reader.readFlag("subject") {
            case true: try SubjectPseudonym(bytes: try reader.read(count: SubjectPseudonym.byteCount))
            case false: nil
            }
        let purpose: PurposeID?
        if try reader.readFlag("purpose") {
            let offset = reader.offset
            let raw = try reader.readString("purpose")
            do {
                purpose = try PurposeID(raw)
            } catch {
                throw .invalidEntry("canonical audit entry purpose at byte \(offset): \(error.description)")
            }
        } else {
            purpose = nil
        }
        let action = try reader.readString("action")
        let outcome = try reader.readString("outcome")
        let detailCount = Int(try reader.readUInt16())
        guard detailCount <= Self.maximumDetailCount else {
            throw .invalidEntry("canonical audit entry has \(detailCount) details, the limit is \(Self.maximumDetailCount)")
        }
        var details: [String: String] = [:]
        details.reserveCapacity(detailCount)
        for _ in 0..<detailCount {
            let offset = reader.offset
            let key = try reader.readString("detail key")
            let value = try reader.readString("detail value")
            guard details.updateValue(value, forKey: key) == nil else {
                throw .invalidEntry("canonical audit entry repeats detail key \(key.debugDescription) at byte \(offset)")
            }
        }
        guard reader.isAtEnd else {
            throw .invalidEntry("canonical audit entry has \(bytes.count - reader.offset) bytes after its last field")
        }
        try self.init(
            kind: Kind(rawValue: kind), actor: actor, subject: subject, purpose: purpose, action: action,
            outcome: Outcome(rawValue: outcome), details: details, timestampMilliseconds: timestamp)
        // Everything the reader accepted was well-formed; what remains is order
        // and uniqueness (unsorted keys, keys equal only under Unicode
        // canonical equivalence), which re-encoding exposes.
        guard canonicalEncoding == bytes else {
            throw .invalidEntry("audit entry encoding is well-formed but not canonical (detail keys out of order)")
        }
    }

    static func encode(
        kind: Kind,
        actor: String,
        subject: SubjectPseudonym?,
        purpose: PurposeID?,
        action: String,
        outcome: Outcome,
        details: [String: String],
        timestampMilliseconds: Int64
    ) -> [UInt8] {
        var capacity = 4 + 1 + 8 + 1 + 32 + 1 + 2 + 5 * 2
        capacity += kind.rawValue.utf8.count + actor.utf8.count + action.utf8.count + outcome.rawValue.utf8.count
        capacity += purpose?.rawValue.utf8.count ?? 0
        for (key, value) in details { capacity += 4 + key.utf8.count + value.utf8.count }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        bytes += magic
        bytes.append(encodingVersion)
        bytes.auditAppend(bigEndian: UInt64(bitPattern: timestampMilliseconds))
        bytes.appendString(kind.rawValue)
        bytes.appendString(actor)
        if let subject {
            bytes.append(1)
            subject.value.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            bytes.append(0)
        }
        if let purpose {
            bytes.append(1)
            bytes.appendString(purpose.rawValue)
        } else {
            bytes.append(0)
        }
        bytes.appendString(action)
        bytes.appendString(outcome.rawValue)
        bytes.auditAppend(bigEndian: UInt16(truncatingIfNeeded: details.count))
        if details.count == 1, let only = details.first {
            bytes.appendString(only.key)
            bytes.appendString(only.value)
        } else if !details.isEmpty {
            for (key, value) in details.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                bytes.appendString(key)
                bytes.appendString(value)
            }
        }
        return bytes
    }

    /// A bounds-checked cursor over canonical bytes.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func read(count: Int) throws(AuditError) -> ArraySlice<UInt8> {
            guard count <= bytes.count - offset else {
                throw .invalidEntry(
                    "canonical audit entry ends at byte \(bytes.count), \(count) more bytes were needed at byte \(offset)")
            }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func readByte() throws(AuditError) -> UInt8 {
            let byte = try read(count: 1)
            return byte[byte.startIndex]
        }

        mutating func readUInt16() throws(AuditError) -> UInt16 {
            try read(count: 2).reduce(0) { $0 << 8 | UInt16($1) }
        }

        mutating func readUInt64() throws(AuditError) -> UInt64 {
            try read(count: 8).reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func readFlag(_ field: String) throws(AuditError) -> Bool {
            let position = offset
            switch try readByte() {
            case 0: return false
            case 1: return true
            case let other:
                throw .invalidEntry("canonical audit entry \(field) flag at byte \(position) is \(other), expected 0 or 1")
            }
        }

        mutating func readString(_ field: String) throws(AuditError) -> String {
            let position = offset
            let length = Int(try readUInt16())
            let utf8 = try read(count: length)
            guard let string = String(validating: utf8, as: UTF8.self) else {
                throw .invalidEntry("canonical audit entry \(field) at byte \(position) is not valid UTF-8")
            }
            return string
        }
    }
}

extension [UInt8] {
    /// Appends a `UInt16` byte length and the UTF-8 bytes; callers have
    /// validated that every string fits.
    fileprivate mutating func appendString(_ string: String) {
        let utf8 = string.utf8
        auditAppend(bigEndian: UInt16(truncatingIfNeeded: utf8.count))
        append(contentsOf: utf8)
    }
}
