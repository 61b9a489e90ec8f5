extension Sequence<UInt8> {
    /// Calls `body` with the bytes laid out contiguously: directly for arrays,
    /// slices, `String.UTF8View` and other contiguous collections, through one
    /// temporary copy otherwise.
    @inlinable
    package func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let result = try withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(self).withUnsafeBytes(body)
    }
}

extension UnsafeRawBufferPointer {
    /// Reads a big-endian `UInt32` at `offset` (no alignment needed).
    @inline(__always)
    package func loadBigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a little-endian `UInt32` at `offset` (no alignment needed).
    @inline(__always)
    package func loadLittleEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a little-endian `UInt64` at `offset` (no alignment needed).
    @inline(__always)
    package func loadLittleEndianUInt64(at offset: Int) -> UInt64 {
        UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

extension UnsafeMutableRawBufferPointer {
    /// Writes `value` big-endian at `offset` (no alignment needed).
    @inline(__always)
    package func storeBigEndian(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Writes `value` little-endian at `offset` (no alignment needed).
    @inline(__always)
    package func storeLittleEndian(_ value: UInt32, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Writes `value` little-endian at `offset` (no alignment needed).
    @inline(__always)
    package func storeLittleEndian(_ value: UInt64, at offset: Int) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt64.self)
    }
}
