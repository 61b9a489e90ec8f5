/// A set of IAB Global Vendor List vendor IDs (1...65,535) together with the
/// section's `MaxVendorId`, as a TC string carries vendor consents, vendor
/// legitimate interests, disclosed vendors and allowed vendors.
///
/// A set decoded from a bit field keeps that bit field (one bit per ID up to
/// `maxVendorID`); any other set is stored as sorted runs of consecutive IDs.
/// Either way memory grows with the encoded size, never with the ID space,
/// and ``contains(_:)`` never allocates (a bit test, or a binary search over
/// runs). Two sets are equal when they hold the same vendors and the same
/// `maxVendorID`, whatever their storage; ``decodedEncoding`` describes the
/// wire form a set was read from and is not part of its value.
public struct TCFVendorSet: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// The wire encodings of a vendor section.
    public enum Encoding: Sendable, Hashable {
        /// One bit per vendor ID from 1 to `MaxVendorId`.
        case bitField
        /// A count of entries, each a single ID or an inclusive range of IDs.
        case range
    }

    /// The largest vendor ID a TC string can carry (16-bit fields).
    public static let maximumVendorID = 65_535

    enum Storage: Sendable {
        /// Sorted, disjoint, non-adjacent runs.
        case runs([VendorRun])
        /// `(maxVendorID + 63) / 64` words; vendor `64k + j + 1` is bit `63 - j` of word `k`
        /// (most significant first, as on the wire); bits past `maxVendorID` are zero.
        case bits([UInt64])
    }

    let storage: Storage
    /// The section's `MaxVendorId`: at least the highest member, 0 for an empty section.
    public let maxVendorID: Int
    /// The number of vendors in the set.
    public let count: Int
    /// How the set was encoded in the string it was decoded from; `nil` for a
    /// set built in code. The encoder ignores it and writes the shorter encoding.
    public let decodedEncoding: Encoding?

    /// The empty set with `maxVendorID` 0.
    public init() {
        storage = .runs([])
        maxVendorID = 0
        count = 0
        decodedEncoding = nil
    }

    /// A set of the given vendor IDs, in any order, duplicates allowed.
    ///
    /// - Parameters:
    ///   - vendors: the vendor IDs.
    ///   - maxVendorID: the section's `MaxVendorId`; defaults to the highest ID (0 when empty).
    /// - Throws: ``ValidationError`` with code `.invalidFormat` when an ID is outside
    ///   1...65,535 or `maxVendorID` is below the highest ID or above 65,535.
    /// - Complexity: O(*n* log *n*) for *n* IDs.
    public init(_ vendors: some Sequence<Int>, maxVendorID: Int? = nil) throws(ValidationError) {
        var sorted: [Int] = []
        for id in vendors {
            guard (1...Self.maximumVendorID).contains(id) else {
                throw ValidationError(
                    code: .invalidFormat, kind: "TCFVendorSet",
                    message: "vendor ID \(id) is outside 1...\(Self.maximumVendorID)")
            }
            sorted.append(id)
        }
        sorted.sort()
        var builder = Builder()
        for id in sorted { builder.insertAscending(UInt16(id), UInt16(id)) }
        try self.init(builder: builder, maxVendorID: maxVendorID)
    }

    /// A set of the vendors in the given inclusive ranges, in any order, overlaps allowed.
    /// - Throws: ``ValidationError`` as ``init(_:maxVendorID:)``.
    public init(ranges: some Sequence<ClosedRange<Int>>, maxVendorID: Int? = nil) throws(ValidationError) {
        var sorted: [ClosedRange<Int>] = []
        for range in ranges {
            guard range.lowerBound >= 1, range.upperBound <= Self.maximumVendorID else {
                throw ValidationError(
                    code: .invalidFormat, kind: "TCFVendorSet",
                    message: "vendor range \(range) is outside 1...\(Self.maximumVendorID)")
            }
            sorted.append(range)
        }
        sorted.sort { $0.lowerBound < $1.lowerBound }
        var builder = Builder()
        for range in sorted { builder.insertAscending(UInt16(range.lowerBound), UInt16(range.upperBound)) }
        try self.init(builder: builder, maxVendorID: maxVendorID)
    }

    private init(builder: Builder, maxVendorID: Int?) throws(ValidationError) {
        let highest = builder.runs.last.map { Int($0.upper) } ?? 0
        let max = maxVendorID ?? highest
        guard max >= highest, max <= Self.maximumVendorID else {
            throw ValidationError(
                code: .invalidFormat, kind: "TCFVendorSet",
                message:
                    "maxVendorID \(max) must be between the highest vendor ID \(highest) and \(Self.maximumVendorID)")
        }
        self.init(storage: .runs(builder.runs), count: builder.count, maxVendorID: max, encoding: nil)
    }

    /// Wraps storage that is already canonical and within `maxVendorID`.
    init(storage: Storage, count: Int, maxVendorID: Int, encoding: Encoding?) {
        self.storage = storage
        self.count = count
        self.maxVendorID = maxVendorID
        self.decodedEncoding = encoding
    }

    /// The same vendors with another `maxVendorID` (at least ``highestID``) and no decoded encoding.
    func with(maxVendorID: Int) -> TCFVendorSet {
        TCFVendorSet(storage: storage, count: count, maxVendorID: maxVendorID, encoding: nil)
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { count == 0 }

    /// Whether `vendor` is in the set; `false` for IDs outside 1...65,535.
    /// - Complexity: O(1) for a decoded bit field, O(log *r*) for *r* runs; never allocates.
    public func contains(_ vendor: Int) -> Bool {
        guard vendor >= 1, vendor <= maxVendorID else { return false }
        switch storage {
        case .bits(let words):
            let index = vendor - 1
            return words.withUnsafeBufferPointer { words in
                (words[index &>> 6] &>> UInt64(63 - (index & 63))) & 1 == 1
            }
        case .runs(let runs):
            let id = UInt16(truncatingIfNeeded: vendor)
            return runs.withUnsafeBufferPointer { runs in
                var low = 0
                var high = runs.count
                while low < high {
                    let middle = (low + high) &>> 1
                    let run = runs[middle]
                    if id < run.lower {
                        high = middle
                    } else if id > run.upper {
                        low = middle + 1
                    } else {
                        return true
                    }
                }
                return false
            }
        }
    }

    /// The highest member, or 0 for the empty set.
    public var highestID: Int {
        switch storage {
        case .runs(let runs):
            return runs.last.map { Int($0.upper) } ?? 0
        case .bits(let words):
            guard let index = words.lastIndex(where: { $0 != 0 }) else { return 0 }
            return index * 64 + 64 - words[index].trailingZeroBitCount
        }
    }

    /// Calls `body` with each maximal run of consecutive IDs, ascending. Never allocates.
    func forEachRun(_ body: (_ lower: Int, _ upper: Int) -> Void) {
        switch storage {
        case .runs(let runs):
            for run in runs { body(Int(run.lower), Int(run.upper)) }
        case .bits(let words):
            var runStart = 0
            var inRun = false
            for (index, word) in words.enumerated() {
                var remaining = word
                var offset = 0
                while offset < 64 {
                    if inRun {
                        let ones = Swift.min((~remaining).leadingZeroBitCount, 64 - offset)
                        offset += ones
                        remaining <<= UInt64(ones)
                        if offset < 64 {
                            body(runStart, index * 64 + offset)
                            inRun = false
                        }
                    } else {
                        if remaining == 0 { break }
                        let zeros = remaining.leadingZeroBitCount
                        offset += zeros
                        remaining <<= UInt64(zeros)
                        runStart = index * 64 + offset + 1
                        inRun = true
                    }
                }
            }
            if inRun { body(runStart, maxVendorID) }
        }
    }

    /// The number of maximal runs of consecutive IDs: the entries a range encoding needs.
    var runCount: Int {
        if case .runs(let runs) = storage { return runs.count }
        var count = 0
        forEachRun { _, _ in count += 1 }
        return count
    }

    /// The members as maximal ranges of consecutive IDs, ascending.
    public var ranges: [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        forEachRun { result.append($0...$1) }
        return result
    }

    /// Iterates the vendor IDs in ascending order.
    public struct Iterator: IteratorProtocol, Sendable {
        private let storage: Storage
        private var index = 0
        private var current: UInt64 = 0
        private var nextID = 0

        init(storage: Storage) {
            self.storage = storage
            switch storage {
            case .runs(let runs): nextID = runs.first.map { Int($0.lower) } ?? 0
            case .bits(let words): current = words.first ?? 0
            }
        }

        /// The next vendor ID, or `nil` after the highest.
        public mutating func next() -> Int? {
            switch storage {
            case .runs(let runs):
                guard index < runs.count else { return nil }
                let value = nextID
                if value >= Int(runs[index].upper) {
                    index += 1
                    if index < runs.count { nextID = Int(runs[index].lower) }
                } else {
                    nextID = value + 1
                }
                return value
            case .bits(let words):
                while current == 0 {
                    index += 1
                    guard index < words.count else { return nil }
                    current = words[index]
                }
                let bit = current.leadingZeroBitCount
                current &= ~(UInt64(1) &<< UInt64(63 - bit))
                return index * 64 + bit + 1
            }
        }
    }

    /// Iterates the vendor IDs in ascending order.
    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    /// Whether both sets hold the same vendors and the same `maxVendorID`, whatever their storage.
    public static func == (lhs: TCFVendorSet, rhs: TCFVendorSet) -> Bool {
        guard lhs.maxVendorID == rhs.maxVendorID, lhs.count == rhs.count else { return false }
        switch (lhs.storage, rhs.storage) {
        case (.runs(let left), .runs(let right)): return left == right
        case (.bits(let left), .bits(let right)): return left == right
        default: return lhs.ranges == rhs.ranges
        }
    }

    /// Hashes `maxVendorID` and the runs of members, consistent with `==` across storages.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(maxVendorID)
        hasher.combine(count)
        forEachRun { lower, upper in
            hasher.combine(lower)
            hasher.combine(upper)
        }
    }

    /// For example `3 vendors [11, 28-29], max 29`.
    public var description: String {
        var parts: [String] = []
        forEachRun { parts.append($0 == $1 ? "\($0)" : "\($0)-\($1)") }
        return "\(count) vendors [\(parts.joined(separator: ", "))], max \(maxVendorID)"
    }
}

/// An inclusive run of consecutive vendor IDs.
struct VendorRun: Hashable, Sendable {
    var lower: UInt16
    var upper: UInt16
}

extension TCFVendorSet {
    /// Collects runs given in ascending order of their lower bounds, merging
    /// overlapping and adjacent ones, so the result is canonical.
    struct Builder {
        private(set) var runs: [VendorRun] = []
        private(set) var count = 0

        /// Adds `lower...upper`; `lower` must be at least the previous run's lower bound.
        mutating func insertAscending(_ lower: UInt16, _ upper: UInt16) {
            if let last = runs.last, Int(lower) <= Int(last.upper) + 1 {
                if upper > last.upper {
                    count += Int(upper) - Int(last.upper)
                    runs[runs.count - 1].upper = upper
                }
                return
            }
            runs.append(VendorRun(lower: lower, upper: upper))
            count += Int(upper) - Int(lower) + 1
        }
    }
}
