/// One application of a plan to one payload.
///
/// Dropped members are recorded in post-order without building paths: a
/// member's entry first points at "my caller's object" (-1), and when a
/// nested object returns having recorded something, its caller appends one
/// entry for the nested member's name and points the new entries at it. So a
/// payload that drops nothing records nothing and allocates nothing.
struct MinimizationWalk {
    private let automaton: MinimizationAutomaton
    private let maximumDepth: Int
    private let maximumNodeCount: Int
    /// Strip mode builds the kept copy; reject mode only records.
    private let building: Bool
    private(set) var nodes = 0
    private(set) var trail = MinimizationTrail()

    init(plan: MinimizationPlan, building: Bool) {
        self.init(
            automaton: plan.automaton, maximumDepth: plan.limits.maximumDepth,
            maximumNodeCount: plan.limits.maximumNodeCount, building: building)
    }

    init(automaton: MinimizationAutomaton, maximumDepth: Int, maximumNodeCount: Int, building: Bool) {
        self.automaton = automaton
        self.maximumDepth = maximumDepth
        self.maximumNodeCount = maximumNodeCount
        self.building = building
    }

    struct Failure: Error {
        enum Kind {
            case tooDeep, tooLarge
            case wrongType(JSONValue)
        }
        let kind: Kind
        /// Member names from the offending value up to the root.
        var reversedPath: [String] = []
        /// A wrong-type value met as an array element.
        var inArray = false

        /// The same problem, as the encoder reports it.
        var violation: JSONValueEncoding.Violation {
            switch kind {
            case .tooDeep: .tooDeep
            case .tooLarge: .tooLarge
            case .wrongType(let found): .wrongType(found)
            }
        }

        func adding(_ key: String) -> Failure {
            var failure = self
            failure.reversedPath.append(key)
            return failure
        }
    }

    mutating func run(_ payload: JSONValue) throws(MinimizationError) -> JSONValue {
        guard case .object(let members) = payload else { throw .rootNotObject(payload) }
        do throws(Failure) {
            nodes = 1
            guard nodes <= maximumNodeCount else { throw Failure(kind: .tooLarge) }
            guard maximumDepth >= 1 else { throw Failure(kind: .tooDeep) }
            guard let changed = try object(members, state: 0, depth: 1) else { return payload }
            return .object(changed)
        } catch {
            let path = error.reversedPath.isEmpty ? nil : FieldPath(payloadSegments: error.reversedPath.reversed())
            switch error.kind {
            case .tooDeep: throw .tooDeep(at: path, limit: maximumDepth)
            case .tooLarge: throw .tooManyNodes(limit: maximumNodeCount)
            case .wrongType(let found):
                throw .scalarOnPath(path ?? FieldPath(payloadSegments: []), found: found, inArray: error.inArray)
            }
        }
    }

    /// Applies `state` to an object `depth` containers deep (the root is 1);
    /// returns the kept copy, or `nil` when everything was kept (or when
    /// not building).
    private mutating func object(
        _ members: [String: JSONValue], state: Int, depth: Int
    ) throws(Failure) -> [String: JSONValue]? {
        var output: [String: JSONValue]?
        var position = 0
        for (key, value) in members {
            let next = automaton.target(from: state, for: key)
            if next < 0 {
                try tally(value, depth: depth, key: key)
                if building && output == nil {
                    output = Self.copy(members, first: position, capacity: automaton.keptCapacityBound(state) ?? members.count)
                }
                trail.append(key, isDropped: true, reserving: max(16, members.count))
            } else if automaton.isTerminal[Int(next)] {
                try tally(value, depth: depth, key: key)
                output?[key] = value
            } else {
                let before = trail.count
                let replaced: JSONValue?
                do {
                    replaced = try descend(value, state: Int(next), depth: depth)
                } catch {
                    throw error.adding(key)
                }
                if trail.count > before { adopt(from: before, key: key) }
                if let replaced {
                    if output == nil {
                        output = Self.copy(members, first: position, capacity: automaton.keptCapacityBound(state) ?? members.count)
                    }
                    output?[key] = replaced
                } else {
                    output?[key] = value
                }
            }
            position += 1
        }
        return output
    }

    /// Applies `state` to a value inside `depth` containers, as a member on
    /// a path that continues; for `JSONValue`s met while encoding.
    mutating func apply(_ value: JSONValue, state: Int, depth: Int) throws(Failure) -> JSONValue? {
        try descend(value, state: state, depth: depth)
    }

    /// A value on an allowed path that continues below it: objects and
    /// arrays are walked, `null` is kept, a scalar is a contradiction.
    /// Returns the changed value, or `nil` when it is kept as it is.
    private mutating func descend(_ value: JSONValue, state: Int, depth: Int) throws(Failure) -> JSONValue? {
        nodes += 1
        guard nodes <= maximumNodeCount else { throw Failure(kind: .tooLarge) }
        switch value {
        case .object(let members):
            guard depth < maximumDepth else { throw Failure(kind: .tooDeep) }
            return try object(members, state: state, depth: depth + 1).map(JSONValue.object)
        case .array(let elements):
            guard depth < maximumDepth else { throw Failure(kind: .tooDeep) }
            return try array(elements, state: state, depth: depth + 1).map(JSONValue.array)
        case .null:
            return nil
        case .bool, .number, .string:
            throw Failure(kind: .wrongType(value))
        }
    }

    /// Applies `state` to every element of an array `depth` containers deep:
    /// arrays are transparent to paths.
    private mutating func array(_ elements: [JSONValue], state: Int, depth: Int) throws(Failure) -> [JSONValue]? {
        var output: [JSONValue]?
        for index in elements.indices {
            let replacement: JSONValue?
            do {
                replacement = try descend(elements[index], state: state, depth: depth)
            } catch {
                var failure = error
                if case .wrongType = failure.kind, failure.reversedPath.isEmpty { failure.inArray = true }
                throw failure
            }
            if let replaced = replacement {
                if output == nil { output = elements }
                output?[index] = replaced
            }
        }
        return output
    }

    /// Counts a member kept or dropped whole against the limits; scalars,
    /// the common case, cost one increment.
    @inline(__always)
    private mutating func tally(_ value: JSONValue, depth: Int, key: String) throws(Failure) {
        switch value {
        case .null, .bool, .number, .string:
            nodes += 1
            guard nodes <= maximumNodeCount else { throw Failure(kind: .tooLarge) }
        case .object, .array:
            do {
                try count(value, depth: depth)
            } catch {
                throw error.adding(key)
            }
        }
    }

    /// Checks a value kept or dropped whole against the limits.
    private mutating func count(_ value: JSONValue, depth: Int) throws(Failure) {
        nodes += 1
        guard nodes <= maximumNodeCount else { throw Failure(kind: .tooLarge) }
        switch value {
        case .object(let members):
            guard depth < maximumDepth else { throw Failure(kind: .tooDeep) }
            for member in members.values { try count(member, depth: depth + 1) }
        case .array(let elements):
            guard depth < maximumDepth else { throw Failure(kind: .tooDeep) }
            for element in elements { try count(element, depth: depth + 1) }
        case .null, .bool, .number, .string:
            break
        }
    }

    /// Points the entries a nested member recorded at a new entry for its name.
    private mutating func adopt(from start: Int, key: String) {
        trail.adopt(from: start, parent: trail.count)
        trail.append(key, isDropped: false, reserving: 16)
    }

    /// The first `count` members, all kept unchanged so far.
    private static func copy(_ members: [String: JSONValue], first count: Int, capacity: Int) -> [String: JSONValue] {
        var output = [String: JSONValue](minimumCapacity: capacity)
        guard count > 0 else { return output }
        var copied = 0
        for (key, value) in members {
            output[key] = value
            copied += 1
            if copied == count { break }
        }
        return output
    }
}
