// Big-endian integer writing for the canonical encodings of audit entries
// and tree heads, which must be identical on every platform.
extension [UInt8] {
    mutating func auditAppend(bigEndian value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func auditAppend(bigEndian value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }
}
