#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes compact JSON straight into a byte buffer for the receipt
/// serializers. Written by hand rather than with `JSONEncoder` so the bytes
/// are the same on every platform and Foundation version (no `\/` escaping
/// differences, no float formatting) and so an export costs one buffer, not
/// a tree of boxed values.
///
/// Callers write object members in UTF-8 byte order of their keys, which is
/// what makes the output canonical; debug builds assert it. The buffer is
/// owned by the writer (noncopyable) and freed when it goes away.
struct ReceiptJSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Bit `depth`: the container at that depth already holds an element.
    private var hasElement: UInt64 = 0
    /// Bit `depth`: the container at that depth is an array.
    private var isArray: UInt64 = 0
    private var depth = 0
    #if DEBUG
    private var lastKeys: [StaticString?] = [nil]
    #endif

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// The JSON written.
    consuming func finish() -> Data {
        Data(bytes: base, count: count)
    }

    // MARK: Containers

    mutating func beginObject() {
        beginValue()
        append(UInt8(ascii: "{"))
        push(array: false)
    }

    mutating func endObject() {
        pop()
        append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        beginValue()
        append(UInt8(ascii: "["))
        push(array: true)
    }

    mutating func endArray() {
        pop()
        append(UInt8(ascii: "]"))
    }

    /// Writes `"key":`; the next write is its value.
    mutating func key(_ key: StaticString) {
        #if DEBUG
        if let last = lastKeys[depth] {
            let ordered = UnsafeBufferPointer(start: last.utf8Start, count: last.utf8CodeUnitCount)
                .lexicographicallyPrecedes(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            assert(ordered, "receipt JSON keys out of order: \(last) before \(key)")
        }
        lastKeys[depth] = key
        #endif
        separate()
        append(UInt8(ascii: "\""))
        append(key.utf8Start, key.utf8CodeUnitCount)
        append(UInt8(ascii: "\""))
        append(UInt8(ascii: ":"))
    }

    // MARK: Scalars

    /// RFC 8259 §7: quote, backslash and C0 controls escaped, everything else as UTF-8.
    mutating func string(_ text: String) {
        beginValue()
        append(UInt8(ascii: "\""))
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil {
            var contiguous = text
            contiguous.makeContiguousUTF8()
            contiguous.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        }
        append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` escaped, copying runs that need no escaping in one go.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index, let start = utf8.baseAddress { append(start + runStart, index - runStart) }
            runStart = index + 1
            switch byte {
            case UInt8(ascii: "\""): appendEscape(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): appendEscape(UInt8(ascii: "\\"))
            case 0x0A: appendEscape(UInt8(ascii: "n"))
            case 0x0D: appendEscape(UInt8(ascii: "r"))
            case 0x09: appendEscape(UInt8(ascii: "t"))
            default:
                appendEscape(UInt8(ascii: "u"))
                append(UInt8(ascii: "0"))
                append(UInt8(ascii: "0"))
                append(Self.hexDigit(byte >> 4))
                append(Self.hexDigit(byte & 0x0F))
            }
        }
        if runStart < utf8.count, let start = utf8.baseAddress { append(start + runStart, utf8.count - runStart) }
    }

    /// A string known to need no escaping (a literal).
    mutating func literal(_ text: StaticString) {
        beginValue()
        append(UInt8(ascii: "\""))
        append(text.utf8Start, text.utf8CodeUnitCount)
        append(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int64) {
        beginValue()
        appendDigits(value)
    }

    mutating func bool(_ value: Bool) {
        beginValue()
        if value {
            append(StaticString("true"))
        } else {
            append(StaticString("false"))
        }
    }

    /// `"YYYY-MM-DDTHH:MM:SS.sssZ"`, see ``ReceiptTimestamp``.
    mutating func timestamp(_ date: Date) {
        beginValue()
        append(UInt8(ascii: "\""))
        ensure(24)
        ReceiptTimestamp.write(date, to: base + count)
        count += 24
        append(UInt8(ascii: "\""))
    }

    mutating func strings<S: Sequence<String>>(_ values: S) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    // MARK: Members

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        if let value { field(name, value) }
    }

    mutating func field(_ name: StaticString, literal value: StaticString) {
        key(name)
        literal(value)
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        if let value {
            key(name)
            integer(Int64(value))
        }
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func field(_ name: StaticString, timestamp value: Date?) {
        if let value {
            key(name)
            timestamp(value)
        }
    }

    mutating func field<S: Sequence<String>>(_ name: StaticString, strings values: S) {
        key(name)
        strings(values)
    }

    // MARK: Plumbing

    private mutating func push(array: Bool) {
        depth += 1
        precondition(depth < 64, "receipt JSON nested too deeply")
        hasElement &= ~(1 << UInt64(depth))
        if array { isArray |= 1 << UInt64(depth) } else { isArray &= ~(1 << UInt64(depth)) }
        #if DEBUG
        lastKeys.append(nil)
        #endif
    }

    private mutating func pop() {
        depth -= 1
        #if DEBUG
        lastKeys.removeLast()
        #endif
    }

    /// Before a value: a comma when it is not the first element of an array.
    @inline(__always)
    private mutating func beginValue() {
        if isArray & (1 << UInt64(depth)) != 0 { separate() }
    }

    @inline(__always)
    private mutating func separate() {
        let bit: UInt64 = 1 << UInt64(depth)
        if hasElement & bit != 0 { append(UInt8(ascii: ",")) }
        hasElement |= bit
    }

    private mutating func appendDigits(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var width = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        ensure(width)
        var position = count + width
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += width
    }

    @inline(__always)
    private mutating func ensure(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let grown = max(capacity * 2, needed)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = grown
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        ensure(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        append(text.utf8Start, text.utf8CodeUnitCount)
    }

    @inline(__always)
    private mutating func appendEscape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        append(byte)
    }

    @inline(__always)
    private mutating func append(_ start: UnsafePointer<UInt8>, _ length: Int) {
        ensure(length)
        (base + count).update(from: start, count: length)
        count += length
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}

/// Receipt timestamps: RFC 3339 / ISO 8601 in UTC with millisecond precision,
/// `2026-01-01T00:00:00.000Z`, computed without a calendar or formatter.
enum ReceiptTimestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.sssZ`, milliseconds rounded down.
    static func string(_ date: Date) -> String {
        String(unsafeUninitializedCapacity: 24) { buffer in
            guard let start = buffer.baseAddress else { return 0 }
            write(date, to: start)
            return 24
        }
    }

    /// Writes the 24 bytes of `YYYY-MM-DDTHH:MM:SS.sssZ` at `out` (years
    /// outside 0...9999 are clamped).
    static func write(_ date: Date, to out: UnsafeMutablePointer<UInt8>) {
        let milliseconds = millisecondsSince1970(date)
        let (days, millisecondOfDay) = floorDivide(milliseconds, 86_400_000)
        let civil = UTCDateArithmetic.civil(fromDays: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        let second = millisecondOfDay / 1_000
        func put(_ value: Int64, _ width: Int, at offset: Int) {
            var rest = value
            for position in stride(from: offset + width - 1, through: offset, by: -1) {
                out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(min(max(year, 0), 9_999), 4, at: 0)
        out[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        out[7] = UInt8(ascii: "-")
        put(day, 2, at: 8)
        out[10] = UInt8(ascii: "T")
        put(second / 3_600, 2, at: 11)
        out[13] = UInt8(ascii: ":")
        put(second / 60 % 60, 2, at: 14)
        out[16] = UInt8(ascii: ":")
        put(second % 60, 2, at: 17)
        out[19] = UInt8(ascii: ".")
        put(millisecondOfDay % 1_000, 3, at: 20)
        out[23] = UInt8(ascii: "Z")
    }

    /// Whole milliseconds since 1970, rounded down; clamped to ±10¹⁵ ms (about ±31,000 years).
    static func millisecondsSince1970(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1_000).rounded(.down)
        guard value.isFinite else { return 0 }
        return Int64(min(max(value, -1e15), 1e15))
    }

    /// Whole seconds since 1970-01-01T00:00:00Z, rounded down (Kantara CR v1.1 §4.3.3).
    static func unixSeconds(_ date: Date) -> Int64 {
        let (seconds, _) = floorDivide(millisecondsSince1970(date), 1_000)
        return seconds
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
