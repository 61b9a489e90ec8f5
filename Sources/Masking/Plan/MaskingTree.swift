import ConsentKitCore

/// The fields of a plan compiled into a trie over member names, with `*`
/// edges merged into their literal siblings so a member follows exactly one
/// edge, and edges grouped by name length so finding one compares the name
/// with at most a few same-length names — no hashing.
///
/// Node 0 is the record itself. Immutable once built; shared by copies of a plan.
final class MaskingTree: Sendable {
    /// The best strategy declared exactly at each node, or -1.
    let own: [Int32]
    /// Where a name without its own edge goes (`*`), or -1.
    let wildcard: [Int32]
    /// Whether a node has any edge (literal or `*`): below a leaf, values are
    /// masked whole.
    let hasChildren: [Bool]
    /// Edges of node `n` with names of UTF-8 length `l` are at
    /// `bounds[n * stride + b] ..< bounds[n * stride + b + 1]`, `b = min(l, longLength)`.
    let bounds: [Int]
    let edgeNames: [String]
    let edgeTargets: [Int32]

    static let longLength = 32
    static let stride = longLength + 2

    /// The child of `node` for member `name`, or -1.
    @inline(__always)
    func child(of node: Int32, named name: String) -> Int32 {
        let bucket = Int(node) &* Self.stride &+ Swift.min(name.utf8.count, Self.longLength)
        var edge = bounds[bucket]
        let end = bounds[bucket &+ 1]
        while edge < end {
            if edgeNames[edge] == name { return edgeTargets[edge] }
            edge &+= 1
        }
        return wildcard[Int(node)]
    }

    /// A node under construction.
    struct Builder {
        var children: [String: Int] = [:]
        var wildcard: Int?
        /// Candidate strategies declared here: (strategy index, declaration order).
        var candidates: [Int] = []
    }

    /// Builds the tree for `entries` (field, index into the plan's strategies),
    /// keeping at each node the candidate `better` prefers.
    init(entries: [(field: FieldPath, strategy: Int)], better: (Int, Int) -> Bool) {
        var nodes = [Builder()]
        for entry in entries {
            var node = 0
            for segment in entry.field.segments {
                if segment == "*" {
                    if let next = nodes[node].wildcard {
                        node = next
                    } else {
                        nodes.append(Builder())
                        nodes[node].wildcard = nodes.count - 1
                        node = nodes.count - 1
                    }
                } else if let next = nodes[node].children[segment] {
                    node = next
                } else {
                    nodes.append(Builder())
                    nodes[node].children[segment] = nodes.count - 1
                    node = nodes.count - 1
                }
            }
            nodes[node].candidates.append(entry.strategy)
        }
        Self.mergeWildcards(&nodes, at: 0)

        var own: [Int32] = []
        var wildcard: [Int32] = []
        var hasChildren: [Bool] = []
        var bounds: [Int] = []
        var names: [String] = []
        var targets: [Int32] = []
        for node in nodes {
            let best = node.candidates.reduce(-1) { current, candidate in
                current < 0 || better(candidate, current) ? candidate : current
            }
            own.append(Int32(best))
            wildcard.append(Int32(node.wildcard ?? -1))
            hasChildren.append(!node.children.isEmpty || node.wildcard != nil)
            var byLength = Array(repeating: [(String, Int)](), count: Self.longLength + 1)
            for (name, target) in node.children {
                byLength[Swift.min(name.utf8.count, Self.longLength)].append((name, target))
            }
            for bucket in byLength {
                bounds.append(names.count)
                for (name, target) in bucket {
                    names.append(name)
                    targets.append(Int32(target))
                }
            }
            bounds.append(names.count)
        }
        self.own = own
        self.wildcard = wildcard
        self.hasChildren = hasChildren
        self.bounds = bounds
        self.edgeNames = names
        self.edgeTargets = targets
    }

    /// Copies each `*` subtree into its literal siblings, so a member with a
    /// literal edge also gets what `*` declares below it.
    private static func mergeWildcards(_ nodes: inout [Builder], at node: Int) {
        if let wild = nodes[node].wildcard {
            for (_, literal) in nodes[node].children.sorted(by: { $0.key < $1.key }) {
                merge(&nodes, from: wild, into: literal)
            }
        }
        for (_, child) in nodes[node].children.sorted(by: { $0.key < $1.key }) {
            mergeWildcards(&nodes, at: child)
        }
        if let wild = nodes[node].wildcard { mergeWildcards(&nodes, at: wild) }
    }

    private static func merge(_ nodes: inout [Builder], from source: Int, into target: Int) {
        nodes[target].candidates += nodes[source].candidates
        for (name, child) in nodes[source].children.sorted(by: { $0.key < $1.key }) {
            if let existing = nodes[target].children[name] {
                merge(&nodes, from: child, into: existing)
            } else {
                nodes.append(Builder())
                let copy = nodes.count - 1
                nodes[target].children[name] = copy
                merge(&nodes, from: child, into: copy)
            }
        }
        if let wild = nodes[source].wildcard {
            if let existing = nodes[target].wildcard {
                merge(&nodes, from: wild, into: existing)
            } else {
                nodes.append(Builder())
                let copy = nodes.count - 1
                nodes[target].wildcard = copy
                merge(&nodes, from: wild, into: copy)
            }
        }
    }
}
