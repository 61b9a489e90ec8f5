/// Allowed field paths compiled into a deterministic automaton over member
/// names: a trie where `*` edges are merged into the literal ones, so
/// applying it follows exactly one edge per member.
///
/// One immutable object (a plan and its copies share it, and applying a plan
/// retains it once), holding flat arrays, with no per-state objects. A state's
/// edges are grouped by the UTF-8 length of their names, so finding a
/// member's edge reads one pair of bounds for its length and compares the
/// name only with edges of that length (usually none or one): no hashing,
/// and a cost independent of how many fields the state allows.
final class MinimizationAutomaton: Sendable {
    /// Everything below state `s` is allowed.
    let isTerminal: [Bool]
    /// Where a name without its own edge goes (a `*` segment), or -1: dropped.
    let wildcard: [Int32]
    /// The number of edges of each state, for sizing kept copies.
    let edgeCount: [Int]
    /// Edges of state `s` with names of length `l` are at
    /// `lengthBounds[s * stride + b] ..< lengthBounds[s * stride + b + 1]`,
    /// `b = min(l, longLength)`; longer names share the last bucket.
    let lengthBounds: [Int]
    let edgeNames: [String]
    let edgeTargets: [Int32]

    static let longLength = 32
    static let stride = longLength + 2

    /// The state a member named `name` leads to from `state`, or -1 when the
    /// member is dropped.
    @inline(__always)
    func target(from state: Int, for name: String) -> Int32 {
        let bucket = state &* Self.stride &+ Swift.min(name.utf8.count, Self.longLength)
        var edge = lengthBounds[bucket]
        let end = lengthBounds[bucket &+ 1]
        while edge < end {
            if edgeNames[edge] == name {
                return edgeTargets[edge]
            }
            edge &+= 1
        }
        return wildcard[state]
    }

    /// The most members an object in `state` can keep, for sizing its copy;
    /// `nil` when a `*` lets any member through.
    func keptCapacityBound(_ state: Int) -> Int? {
        wildcard[state] >= 0 ? nil : edgeCount[state]
    }

    private struct TrieNode {
        var children: [String: Int] = [:]
        var wildcard: Int?
        var isTerminal = false
    }

    init(_ fields: [FieldPath]) {
        var trie = [TrieNode()]
        for field in fields {
            var node = 0
            for segment in field.segments {
                let next: Int
                if segment == "*" {
                    if let existing = trie[node].wildcard {
                        next = existing
                    } else {
                        next = trie.count
                        trie.append(TrieNode())
                        trie[node].wildcard = next
                    }
                } else if let existing = trie[node].children[segment] {
                    next = existing
                } else {
                    next = trie.count
                    trie.append(TrieNode())
                    trie[node].children[segment] = next
                }
                node = next
            }
            trie[node].isTerminal = true
        }

        // Subset construction: a state is the set of trie nodes the same
        // member names lead to. States are numbered as discovered and built
        // in that order, so the edge arrays can be appended to directly.
        var stateOf: [[Int]: Int32] = [[0]: 0]
        var sets: [[Int]] = [[0]]
        var isTerminal: [Bool] = []
        var wildcard: [Int32] = []
        var edgeCount: [Int] = []
        var lengthBounds: [Int] = []
        var edgeNames: [String] = []
        var edgeTargets: [Int32] = []
        var current = 0
        while current < sets.count {
            let set = sets[current]
            func stateID(_ nodes: Set<Int>) -> Int32 {
                guard !nodes.isEmpty else { return -1 }
                let key = nodes.sorted()
                if let existing = stateOf[key] { return existing }
                let new = Int32(sets.count)
                stateOf[key] = new
                sets.append(key)
                return new
            }
            var names: [String] = []
            if set.contains(where: { trie[$0].isTerminal }) {
                isTerminal.append(true)
                wildcard.append(-1)
            } else {
                isTerminal.append(false)
                let wildcards = Set(set.compactMap { trie[$0].wildcard })
                var unique: Set<String> = []
                for node in set { unique.formUnion(trie[node].children.keys) }
                names = unique.sorted { (Self.bucket($0), $0) < (Self.bucket($1), $1) }
                let targets = names.map { name in
                    stateID(Set(set.compactMap { trie[$0].children[name] }).union(wildcards))
                }
                wildcard.append(stateID(wildcards))
                edgeTargets += targets
            }
            edgeCount.append(names.count)
            let base = edgeNames.count
            var position = 0
            for bucket in 0...(Self.longLength + 1) {
                while position < names.count && Self.bucket(names[position]) < bucket { position += 1 }
                lengthBounds.append(base + position)
            }
            edgeNames += names
            current += 1
        }
        self.isTerminal = isTerminal
        self.wildcard = wildcard
        self.edgeCount = edgeCount
        self.lengthBounds = lengthBounds
        self.edgeNames = edgeNames
        self.edgeTargets = edgeTargets
    }

    private static func bucket(_ name: String) -> Int {
        Swift.min(name.utf8.count, longLength)
    }
}
