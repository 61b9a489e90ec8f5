#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// The `Encoder` behind ``JSONValueEncoder`` and behind minimizing
/// `Encodable` values: one instance per encoded value that opens a container.
///
/// When minimizing, each encoder also carries the plan's automaton state
/// for its members: a member the plan drops is never encoded (its name is
/// recorded instead), a member the plan keeps whole is encoded as usual, and
/// a member on a path that continues is encoded by a child that judges its
/// members in turn. So a minimized `Encodable` costs what its kept fields
/// cost, however many fields it has.
final class JSONValueEncoding: Encoder {
    /// What one top-level encode shares: options, limits, and what
    /// minimization dropped.
    final class Context {
        let dateStrategy: JSONValueEncoder.DateEncodingStrategy
        let maximumDepth: Int
        let maximumNodeCount: Int
        let userInfo: [CodingUserInfoKey: Any]
        /// The plan applied while encoding, or `nil` to keep everything.
        let automaton: MinimizationAutomaton?
        // One encode runs on one thread, and containers never hold an
        // access across a call into user code, so these need no dynamic
        // exclusivity checks (which cost more than the writes themselves).
        @exclusivity(unchecked) var nodes = 0
        @exclusivity(unchecked) var trail = MinimizationTrail()

        init(
            dateStrategy: JSONValueEncoder.DateEncodingStrategy, maximumDepth: Int, maximumNodeCount: Int,
            userInfo: [CodingUserInfoKey: any Sendable], automaton: MinimizationAutomaton?
        ) {
            self.dateStrategy = dateStrategy
            self.maximumDepth = maximumDepth
            self.maximumNodeCount = maximumNodeCount
            self.userInfo = userInfo
            self.automaton = automaton
        }
    }

    /// The value of the `EncodingError.invalidValue` thrown for a limit or a
    /// shape the plan forbids, so minimization can report its own error.
    enum Violation {
        case tooDeep
        case tooLarge
        /// A scalar where an allowed path continues.
        case wrongType(JSONValue)
        /// The top-level value is not an object.
        case rootNotObject(JSONValue)
    }

    /// What the plan says about one member.
    enum Admission {
        case keep
        case drop
        /// Encode it, judging its members in this state.
        case descend(Int)
    }

    /// Where a child encoder's value lands in its parent.
    enum Slot {
        case key(String)
        case index(Int)
    }

    private enum Kind {
        case empty, single, object, array
    }

    let context: Context
    /// Containers enclosing this encoder's value: 0 for the top level.
    let depth: Int
    private let parent: JSONValueEncoding?
    private let component: PathComponent
    /// The automaton state this encoder's members are judged in; -1 keeps all.
    let state: Int
    /// The encoder whose path this one's members are recorded under (array
    /// elements share their array's path); `nil` when it is this one.
    private let pathOwner: JSONValueEncoding?
    /// For path owners: the member name that led here (`nil` at the root)
    /// and the owner of the enclosing path.
    private let pathName: String?
    private let pathParent: JSONValueEncoding?
    /// Written results go nowhere: a container opened for a dropped member.
    private let discarding: Bool

    /// The plan, when minimizing (the context's, kept here to save a load).
    private let automaton: MinimizationAutomaton?
    @exclusivity(unchecked) private var trailEntry = -2
    /// The trail index dropped members of this encoder point at, once known.
    @exclusivity(unchecked) private var dropParent = -2
    @exclusivity(unchecked) private var kind = Kind.empty
    @exclusivity(unchecked) private var single = JSONValue.null
    /// Members of an object whose size is unknown, turned into a dictionary
    /// once, at its final size, by `finish()`.
    @exclusivity(unchecked) private var members: [(String, JSONValue)] = []
    /// Members of an object the plan bounds (no `*`): inserted directly.
    @exclusivity(unchecked) private var object: [String: JSONValue]?
    @exclusivity(unchecked) private var array: [JSONValue] = []
    /// Nested containers and super encoders, merged in by `finish()`.
    @exclusivity(unchecked) private var deferred: [(slot: Slot, encoder: JSONValueEncoding)] = []
    /// A limit or shape violation (with its reason) or a contract violation
    /// (`nil` reason), thrown by the next write.
    @exclusivity(unchecked) private var failure: (reason: Violation?, message: String)?

    private init(
        context: Context, depth: Int, parent: JSONValueEncoding?, component: PathComponent, state: Int,
        pathOwner: JSONValueEncoding?, pathName: String?, pathParent: JSONValueEncoding?, discarding: Bool = false
    ) {
        self.context = context
        self.depth = depth
        self.parent = parent
        self.component = component
        self.state = state
        self.pathOwner = pathOwner
        self.pathName = pathName
        self.pathParent = pathParent
        self.discarding = discarding
        self.automaton = context.automaton
    }

    /// Encodes a top-level value; with an automaton in `context`, keeps only
    /// what it allows (state 0 is the root object).
    static func encode<T: Encodable>(_ value: T, context: Context) throws -> JSONValue {
        let filtering = context.automaton != nil
        let encoder = JSONValueEncoding(
            context: context, depth: 0, parent: nil, component: .none, state: filtering ? 0 : -1,
            pathOwner: nil, pathName: nil, pathParent: nil)
        defer { encoder.releaseDeferred() }
        try encoder.count()
        if let direct = try encoder.encodeDirectly(value, at: .none) {
            guard !filtering else { throw encoder.violation(.rootNotObject(direct)) }
            return direct
        }
        try value.encode(to: encoder)
        return try encoder.finish()
    }

    // MARK: Minimization

    /// What the plan says about a member named `name` of this encoder's object.
    @inline(__always)
    func admit(_ name: String) -> Admission {
        guard state >= 0, let automaton else { return .keep }
        let target = automaton.target(from: state, for: name)
        if target < 0 { return .drop }
        if automaton.isTerminal[Int(target)] { return .keep }
        return .descend(Int(target))
    }

    /// Records a dropped member; it counts as one value.
    func drop(_ name: String) throws {
        try count()
        if dropParent == -2 { dropParent = (pathOwner ?? self).trailIndex() }
        context.trail.append(name, parent: dropParent, isDropped: true)
    }

    /// This path's entry in the record of dropped members, made on first need.
    private func trailIndex() -> Int {
        if trailEntry != -2 { return trailEntry }
        guard let pathName else {
            trailEntry = -1
            return -1
        }
        let parent = pathParent?.trailIndex() ?? -1
        context.trail.append(pathName, parent: parent, isDropped: false)
        trailEntry = context.trail.count - 1
        return trailEntry
    }

    /// Counts one encoded value against the node limit.
    @inline(__always)
    func count() throws {
        context.nodes &+= 1
        if context.nodes > context.maximumNodeCount {
            throw violation(.tooLarge, message: "more than \(context.maximumNodeCount) values")
        }
    }

    /// - Parameter below: member names from `component` down to the
    ///   offending value, innermost first (from a walk of a `JSONValue`).
    func violation(
        _ reason: Violation, message: String? = nil, at component: PathComponent = .none, below: [String] = []
    ) -> EncodingError {
        let text: String
        switch reason {
        case .tooDeep: text = message ?? "nesting deeper than \(context.maximumDepth) levels"
        case .tooLarge: text = message ?? "more than \(context.maximumNodeCount) values"
        case .wrongType(let found): text = "a \(found.typeName) where the allowed path continues"
        case .rootNotObject(let found): text = "the top-level value is a \(found.typeName), not an object"
        }
        let path = codingPath(appending: component) + below.reversed().map { JSONValueCodingKey($0) as any CodingKey }
        return EncodingError.invalidValue(reason, .init(codingPath: path, debugDescription: text))
    }

    /// A scalar met where the plan's path continues: allowed only as `null`.
    func scalarOnPath(_ value: JSONValue, at component: PathComponent) -> EncodingError {
        depth == 0 && component.isNone && parent == nil
            ? violation(.rootNotObject(value)) : violation(.wrongType(value), at: component)
    }

    // MARK: Children

    /// Encodes a member or element below this encoder, judged in `state`
    /// (-1: keep everything); `name` is the member name for a new path.
    func child<T: Encodable>(_ value: T, at component: PathComponent, state: Int, name: String?) throws -> JSONValue {
        if let direct = try encodeDirectly(value, at: component) {
            guard state >= 0 else { return direct }
            return try minimizeDirect(direct, state: state, name: name, at: component)
        }
        let encoder = makeChild(at: component, state: state, name: name)
        defer { encoder.releaseDeferred() }
        try value.encode(to: encoder)
        return try encoder.finish()
    }

    private func makeChild(
        at component: PathComponent, state: Int, name: String?, depthIncrement: Int = 1, discarding: Bool = false
    ) -> JSONValueEncoding {
        let owner = pathOwner ?? self
        return JSONValueEncoding(
            context: context, depth: depth + depthIncrement, parent: self, component: component, state: state,
            pathOwner: name == nil ? owner : nil, pathName: name, pathParent: name == nil ? nil : owner,
            discarding: discarding || self.discarding)
    }

    /// A `JSONValue` (or a Foundation scalar) met as a member on a path that
    /// continues: JSON is minimized like any payload, scalars contradict the path.
    private func minimizeDirect(_ value: JSONValue, state: Int, name: String?, at component: PathComponent) throws -> JSONValue {
        switch value {
        case .object, .array: return try minimizeJSON(value, state: state, name: name, enclosingDepth: depth + 1, at: component)
        case .null: return value
        case .bool, .number, .string: throw scalarOnPath(value, at: component)
        }
    }

    /// The same for the value of a single-value container of this encoder.
    func minimizeSingle(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .object: return try minimizeJSON(value, state: state, name: nil, enclosingDepth: depth, at: .none)
        case .array where depth > 0: return try minimizeJSON(value, state: state, name: nil, enclosingDepth: depth, at: .none)
        case .null where depth > 0: return value
        case .array, .null, .bool, .number, .string: throw scalarOnPath(value, at: .none)
        }
    }

    private func minimizeJSON(
        _ value: JSONValue, state: Int, name: String?, enclosingDepth: Int, at component: PathComponent
    ) throws -> JSONValue {
        guard let automaton = context.automaton else { return value }
        let owner = pathOwner ?? self
        // The walk records under "its caller's object"; that is the member's
        // own path when it has a name, else this encoder's.
        var walk = MinimizationWalk(
            automaton: automaton, maximumDepth: context.maximumDepth,
            maximumNodeCount: context.maximumNodeCount - context.nodes, building: true)
        let result: JSONValue
        do {
            result = try walk.apply(value, state: state, depth: enclosingDepth) ?? value
        } catch {
            throw violation(error.violation, at: component, below: error.reversedPath)
        }
        context.nodes += walk.nodes
        if walk.trail.count > 0 {
            let parent: Int
            if let name {
                let ownerIndex = owner.trailIndex()
                context.trail.append(name, parent: ownerIndex, isDropped: false)
                parent = context.trail.count - 1
            } else {
                parent = owner.trailIndex()
            }
            context.trail.merge(walk.trail, under: parent)
        }
        return result
    }

    fileprivate func encodeDirectly<T: Encodable>(_ value: T, at component: PathComponent) throws -> JSONValue? {
        if T.self == JSONValue.self, let json = value as? JSONValue {
            return json
        }
        if T.self == Date.self, let date = value as? Date {
            switch context.dateStrategy {
            case .iso8601: return .string(JSONValueDateFormat.string(from: date))
            case .secondsSince1970: return try number(date.timeIntervalSince1970, at: component)
            }
        }
        if T.self == Data.self, let data = value as? Data {
            return .string(data.base64EncodedString())
        }
        if T.self == URL.self, let url = value as? URL {
            return .string(url.absoluteString)
        }
        return nil
    }

    // MARK: Numbers

    func number(_ value: Double, at component: PathComponent) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                .init(codingPath: codingPath(appending: component), debugDescription: "JSON numbers are finite, not \(value)"))
        }
        return .number(value)
    }

    /// A `Float` becomes the double its shortest description denotes (`0.1`,
    /// not `0.100000001…`), as in JSON text, and reads back as the same `Float`.
    func number(_ value: Float, at component: PathComponent) throws -> JSONValue {
        guard value.isFinite else { return try number(Double(value), at: component) }
        return .number(Double(value.description) ?? Double(value))
    }

    func integer<I: BinaryInteger>(_ value: I, at component: PathComponent) throws -> JSONValue {
        guard let exact = Double(exactly: value) else {
            throw EncodingError.invalidValue(
                value,
                .init(
                    codingPath: codingPath(appending: component),
                    debugDescription: "\(value) is not exactly representable as a JSON number (a double)"))
        }
        return .number(exact)
    }

    // MARK: Encoder

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var current: JSONValueEncoding? = self
        while let encoder = current {
            if let key = encoder.component.key { path.append(key) }
            current = encoder.parent
        }
        return path.reversed()
    }

    func codingPath(appending component: PathComponent) -> [any CodingKey] {
        guard let key = component.key else { return codingPath }
        return codingPath + [key]
    }

    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        open(.object)
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        open(.array)
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    private func open(_ wanted: Kind) {
        switch kind {
        case .empty:
            kind = wanted
            guard failure == nil else { return }
            if depth + 1 > context.maximumDepth {
                failure = (.tooDeep, "nesting deeper than \(context.maximumDepth) levels at \(Self.describe(codingPath))")
            } else if wanted == .array, depth == 0, state >= 0 {
                failure = (.rootNotObject(.array([])), "the top-level value is an array, not an object")
            }
        case wanted:
            break
        default:
            misuse("\(Self.describe(codingPath)) asked for a \(wanted) container after encoding a \(kind)")
        }
    }

    /// Records a use of the containers against the `Encoder` contract; the
    /// next write throws it.
    private func misuse(_ message: String) {
        if failure == nil { failure = (nil, message) }
    }

    /// Records an error met where the `Encoder` API cannot throw.
    func recordFailure(_ error: any Error) {
        guard failure == nil else { return }
        if case EncodingError.invalidValue(let value as Violation, let context) = error {
            failure = (value, context.debugDescription)
        } else {
            failure = (nil, "\(error)")
        }
    }

    /// Throws the recorded failure, if any; containers call this before
    /// writing, so a too-deep or cyclic value stops at the first member.
    @inline(__always)
    func checkUsable() throws {
        if let failure { throw failureError(failure) }
    }

    private func failureError(_ failure: (reason: Violation?, message: String)) -> EncodingError {
        // Contract violations by the encoded type are plain encoding errors;
        // limits and shapes carry their violation for minimization.
        let value: Any = failure.reason ?? JSONValue.null
        return EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: failure.message))
    }

    func store(_ value: JSONValue, _ name: String) throws {
        try count()
        guard !discarding else { return }
        if object != nil {
            object?[name] = value
            return
        }
        if members.isEmpty {
            if state >= 0, let bound = automaton?.keptCapacityBound(state) {
                // At most `bound` members can be kept: one dictionary, sized once.
                var sized = [String: JSONValue](minimumCapacity: bound)
                sized[name] = value
                object = sized
                return
            }
            members.reserveCapacity(8)
        }
        members.append((name, value))
    }

    func append(_ value: JSONValue) throws {
        try count()
        guard !discarding else { return }
        array.append(value)
    }

    var arrayCount: Int { array.count }

    func setSingle(_ value: JSONValue) throws {
        try checkUsable()
        switch kind {
        case .empty, .single:
            kind = .single
            single = value
        default:
            misuse("\(Self.describe(codingPath)) encoded a single value after opening a \(kind) container")
            try checkUsable()
        }
    }

    /// A container for a member the caller asked to nest: kept, judged
    /// further, or (dropped) encoded into nothing.
    func nested(for name: String) throws -> JSONValueEncoding {
        try checkUsable()
        switch admit(name) {
        case .keep:
            try count()
            return makeDeferredChild(at: .key(name), component: .named(name), state: -1, name: nil)
        case .drop:
            try drop(name)
            return makeChild(at: .named(name), state: -1, name: nil, discarding: true)
        case .descend(let next):
            try count()
            return makeDeferredChild(at: .key(name), component: .named(name), state: next, name: name)
        }
    }

    func makeDeferredChild(at slot: Slot, component: PathComponent, state: Int, name: String?) -> JSONValueEncoding {
        let encoder = makeChild(at: component, state: state, name: name)
        if !discarding { deferred.append((slot, encoder)) }
        return encoder
    }

    /// A child at the same depth and path, for the value inside a single-value container.
    func makeSibling() -> JSONValueEncoding {
        JSONValueEncoding(
            context: context, depth: depth, parent: parent, component: component, state: state,
            pathOwner: pathOwner ?? self, pathName: nil, pathParent: nil, discarding: discarding)
    }

    /// The encoded value; an encoder nobody wrote to is an empty object, as
    /// with `JSONEncoder`.
    func finish() throws -> JSONValue {
        try checkUsable()
        for (slot, encoder) in deferred {
            let value = try encoder.finish()
            switch slot {
            case .key(let name):
                if object != nil { object?[name] = value } else { members.append((name, value)) }
            case .index(let index): if array.indices.contains(index) { array[index] = value }
            }
        }
        deferred.removeAll()
        switch kind {
        case .empty:
            return .object([:])
        case .single:
            return single
        case .object:
            // Built once, at its final size: one hash per member. A name
            // encoded twice keeps its last value, as with JSONEncoder.
            if let object { return .object(object) }
            var built = [String: JSONValue](minimumCapacity: members.count)
            for (name, value) in members { built[name] = value }
            return .object(built)
        case .array:
            return .array(array)
        }
    }

    /// Breaks the parent ↔ nested-container references, also after a failure.
    func releaseDeferred() {
        for (_, encoder) in deferred { encoder.releaseDeferred() }
        deferred.removeAll()
    }

    static func describe(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "the top level" : JSONValueCodingPath.describe(path)
    }
}

// MARK: - Containers

extension JSONValueEncoding {
    /// Generic over the key type, so called through unspecialized code:
    /// each method reads the key's name once and hands over to the
    /// encoder's non-generic members.
    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: JSONValueEncoding

        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil(forKey key: Key) throws { try encoder.putNil(key.stringValue) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try encoder.put(.bool(value), key.stringValue) }
        mutating func encode(_ value: String, forKey key: Key) throws { try encoder.put(.string(value), key.stringValue) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: Int8, forKey key: Key) throws {
            try encoder.put(.number(Double(value)), key.stringValue)
        }
        mutating func encode(_ value: Int16, forKey key: Key) throws {
            try encoder.put(.number(Double(value)), key.stringValue)
        }
        mutating func encode(_ value: Int32, forKey key: Key) throws {
            try encoder.put(.number(Double(value)), key.stringValue)
        }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws {
            try encoder.put(.number(Double(value)), key.stringValue)
        }
        mutating func encode(_ value: UInt16, forKey key: Key) throws {
            try encoder.put(.number(Double(value)), key.stringValue)
        }
        mutating func encode(_ value: UInt32, forKey key: Key) throws {
            try encoder.put(.number(Double(value)), key.stringValue)
        }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: Int128, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode(_ value: UInt128, forKey key: Key) throws { try encoder.put(value, key.stringValue) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try encoder.putMember(value, key.stringValue)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            encoder.nestedOrDiscarding(key.stringValue).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            encoder.nestedOrDiscarding(key.stringValue).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            encoder.nestedOrDiscarding("super")
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            encoder.nestedOrDiscarding(key.stringValue)
        }
    }

    // MARK: Keyed members, non-generic

    /// Stores a scalar member the plan keeps; a scalar on a path that
    /// continues is a contradiction.
    func put(_ value: JSONValue, _ name: String) throws {
        try checkUsable()
        switch admit(name) {
        case .keep: try store(value, name)
        case .drop: try drop(name)
        case .descend: throw scalarOnPath(value, at: .named(name))
        }
    }

    func put(_ value: Double, _ name: String) throws { try put(try number(value, at: .named(name)), name) }
    func put(_ value: Float, _ name: String) throws { try put(try number(value, at: .named(name)), name) }
    func put<I: BinaryInteger>(_ value: I, _ name: String) throws { try put(try integer(value, at: .named(name)), name) }

    /// `null` is kept wherever the plan keeps or continues.
    func putNil(_ name: String) throws {
        try checkUsable()
        if case .drop = admit(name) { return try drop(name) }
        try store(.null, name)
    }

    func putMember<T: Encodable>(_ value: T, _ name: String) throws {
        try checkUsable()
        let encoded: JSONValue
        switch admit(name) {
        case .keep: encoded = try child(value, at: .named(name), state: -1, name: nil)
        case .drop: return try drop(name)
        case .descend(let next): encoded = try child(value, at: .named(name), state: next, name: name)
        }
        try store(encoded, name)
    }

    /// A container the caller asked to nest under `name`. These `Encoder`
    /// methods cannot throw: a limit met here is thrown by the first write
    /// into the returned container.
    func nestedOrDiscarding(_ name: String) -> JSONValueEncoding {
        do {
            return try nested(for: name)
        } catch {
            recordFailure(error)
            return makeDeferredChild(at: .key(name), component: .named(name), state: -1, name: nil)
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let encoder: JSONValueEncoding

        var codingPath: [any CodingKey] { encoder.codingPath }
        var count: Int { encoder.arrayCount }

        private var next: PathComponent { .index(encoder.arrayCount) }

        /// Appends a scalar element; on a path that continues, elements must
        /// be objects (or null).
        @inline(__always)
        private func put(_ make: () throws -> JSONValue) throws {
            try encoder.checkUsable()
            let value = try make()
            if encoder.state >= 0 { throw encoder.scalarOnPath(value, at: next) }
            try encoder.append(value)
        }

        mutating func encodeNil() throws {
            try encoder.checkUsable()
            try encoder.append(.null)
        }
        mutating func encode(_ value: Bool) throws { try put { .bool(value) } }
        mutating func encode(_ value: String) throws { try put { .string(value) } }
        mutating func encode(_ value: Double) throws { try put { try encoder.number(value, at: next) } }
        mutating func encode(_ value: Float) throws { try put { try encoder.number(value, at: next) } }
        mutating func encode(_ value: Int) throws { try put { try encoder.integer(value, at: next) } }
        mutating func encode(_ value: Int8) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: Int16) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: Int32) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: Int64) throws { try put { try encoder.integer(value, at: next) } }
        mutating func encode(_ value: UInt) throws { try put { try encoder.integer(value, at: next) } }
        mutating func encode(_ value: UInt8) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: UInt16) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: UInt32) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: UInt64) throws { try put { try encoder.integer(value, at: next) } }
        mutating func encode(_ value: Int128) throws { try put { try encoder.integer(value, at: next) } }
        mutating func encode(_ value: UInt128) throws { try put { try encoder.integer(value, at: next) } }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try encoder.checkUsable()
            // Arrays are transparent to paths: elements are judged in the
            // array's own state, under the array's path.
            let encoded = try encoder.child(value, at: next, state: encoder.state, name: nil)
            try encoder.append(encoded)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            placeholder().container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            placeholder().unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            placeholder()
        }

        private func placeholder() -> JSONValueEncoding {
            let index = encoder.arrayCount
            do {
                try encoder.append(.null)
            } catch {
                encoder.recordFailure(error)
            }
            return encoder.makeDeferredChild(at: .index(index), component: .index(index), state: encoder.state, name: nil)
        }
    }

    struct SingleContainer: SingleValueEncodingContainer {
        let encoder: JSONValueEncoding

        var codingPath: [any CodingKey] { encoder.codingPath }

        /// A scalar is fine unless the plan's path continues here.
        @inline(__always)
        private func put(_ make: () throws -> JSONValue) throws {
            try encoder.checkUsable()
            let value = try make()
            if encoder.state >= 0 { throw encoder.scalarOnPath(value, at: .none) }
            try encoder.setSingle(value)
        }

        mutating func encodeNil() throws {
            if encoder.depth == 0 && encoder.state >= 0 { throw encoder.scalarOnPath(.null, at: .none) }
            try encoder.setSingle(.null)
        }
        mutating func encode(_ value: Bool) throws { try put { .bool(value) } }
        mutating func encode(_ value: String) throws { try put { .string(value) } }
        mutating func encode(_ value: Double) throws { try put { try encoder.number(value, at: .none) } }
        mutating func encode(_ value: Float) throws { try put { try encoder.number(value, at: .none) } }
        mutating func encode(_ value: Int) throws { try put { try encoder.integer(value, at: .none) } }
        mutating func encode(_ value: Int8) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: Int16) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: Int32) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: Int64) throws { try put { try encoder.integer(value, at: .none) } }
        mutating func encode(_ value: UInt) throws { try put { try encoder.integer(value, at: .none) } }
        mutating func encode(_ value: UInt8) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: UInt16) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: UInt32) throws { try put { .number(Double(value)) } }
        mutating func encode(_ value: UInt64) throws { try put { try encoder.integer(value, at: .none) } }
        mutating func encode(_ value: Int128) throws { try put { try encoder.integer(value, at: .none) } }
        mutating func encode(_ value: UInt128) throws { try put { try encoder.integer(value, at: .none) } }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try encoder.checkUsable()
            // A single value adds no nesting: the wrapped value encodes in a
            // sibling at the same depth, path and state.
            if let direct = try encoder.encodeDirectly(value, at: .none) {
                let minimized = encoder.state >= 0 ? try encoder.minimizeSingle(direct) : direct
                try encoder.setSingle(minimized)
                return
            }
            let sibling = encoder.makeSibling()
            defer { sibling.releaseDeferred() }
            try value.encode(to: sibling)
            try encoder.setSingle(try sibling.finish())
        }
    }
}
