/// The record of what a walk dropped, cheap to append to: no path is
/// built while walking; ``FieldPath`` values are made only when asked.
///
/// (Measured: keeping each name as its own `String` beats copying names
/// into one shared buffer, since most member names are small strings that
/// cost nothing to retain.)
struct MinimizationTrail: Sendable {
    struct Entry: Sendable {
        /// The index of the parent entry, or -1 for the root object (while
        /// walking: for "the object being walked", fixed up on return).
        var parent: Int
        let name: String
        /// A dropped member, or the parent on the way to some.
        let isDropped: Bool
    }

    private(set) var entries: [Entry] = []

    var count: Int { entries.count }

    @inline(__always)
    mutating func append(_ name: String, isDropped: Bool, reserving expected: Int) {
        if entries.isEmpty { entries.reserveCapacity(expected) }
        entries.append(Entry(parent: -1, name: name, isDropped: isDropped))
    }

    /// Appends an entry whose parent is already known.
    mutating func append(_ name: String, parent: Int, isDropped: Bool) {
        if entries.isEmpty { entries.reserveCapacity(16) }
        entries.append(Entry(parent: parent, name: name, isDropped: isDropped))
    }

    /// Appends another walk's record, its top-level entries under `parent`.
    mutating func merge(_ other: MinimizationTrail, under parent: Int) {
        let offset = entries.count
        for entry in other.entries {
            entries.append(
                Entry(parent: entry.parent < 0 ? parent : entry.parent + offset, name: entry.name, isDropped: entry.isDropped))
        }
    }

    /// Points the entries recorded since `start` that still point at the
    /// walked object to the entry `parent`.
    mutating func adopt(from start: Int, parent: Int) {
        for index in start..<entries.count where entries[index].parent == -1 {
            entries[index].parent = parent
        }
    }

    /// The distinct dropped paths, sorted.
    func paths() -> [FieldPath] {
        var paths: Set<FieldPath> = []
        for entry in entries where entry.isDropped {
            var segments = [entry.name]
            var parent = entry.parent
            while parent >= 0 {
                segments.append(entries[parent].name)
                parent = entries[parent].parent
            }
            paths.insert(FieldPath(payloadSegments: segments.reversed()))
        }
        return paths.sorted()
    }
}
