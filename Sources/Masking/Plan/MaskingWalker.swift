import ConsentKitCore

/// One application of a plan to one record.
struct MaskingWalker {
    /// What tokenized fields get during a walk.
    enum TokenSource {
        /// No vault: the plan has no tokenized field.
        case none
        /// First pass: collect the values to tokenize; outputs are discarded.
        case collecting(Set<TokenRequest>)
        /// Second pass: the vault's tokens, by request.
        case resolved([TokenRequest: String])
    }

    /// A value to tokenize in a namespace.
    struct TokenRequest: Hashable {
        let namespace: TokenNamespace
        let value: String
    }

    let plan: CompiledMaskingPlan
    let recordKey: String
    var tokens: TokenSource

    init(plan: CompiledMaskingPlan, record: JSONValue, recordKey: String?, tokens: TokenSource) throws(MaskingError) {
        self.plan = plan
        self.tokens = tokens
        for field in plan.requiredFields where record[field] == nil {
            throw MaskingError(code: .missingField, message: "the record has no \(field), which the policy requires")
        }
        if let recordKey {
            self.recordKey = recordKey
        } else if plan.needsRecordKey {
            guard let field = plan.recordKeyField, let value = record[field], let text = Self.scalarText(value) else {
                throw MaskingError(
                    code: .missingField,
                    message: "date shifts and noise need a record key: pass recordKey or set the policy's recordKeyField"
                        + (plan.recordKeyField.map { " (the record has no scalar \($0))" } ?? ""))
            }
            self.recordKey = text
        } else {
            self.recordKey = ""
        }
    }

    mutating func run(_ record: JSONValue) throws(MaskingError) -> JSONValue {
        guard case .object(let members) = record else {
            throw MaskingError(code: .typeMismatch, message: "a record is a JSON object, got \(record.typeName)")
        }
        return try object(members, node: 0, inherited: -1, depth: 1).map(JSONValue.object) ?? record
    }

    private func effective(_ inherited: Int32, _ node: Int32) -> Int32 {
        guard node >= 0 else { return inherited }
        let own = plan.tree.own[Int(node)]
        guard own >= 0 else { return inherited }
        guard inherited >= 0 else { return own }
        let ownLevel = plan.strategyLevels[Int(own)]
        let inheritedLevel = plan.strategyLevels[Int(inherited)]
        // The more specific path wins ties.
        return inheritedLevel > ownLevel ? inherited : own
    }

    /// What happens to one value.
    enum Outcome {
        /// The value stays as it is (no copy, no comparison).
        case unchanged
        /// The value is replaced.
        case replaced(JSONValue)
        /// The member or element is removed.
        case removed
    }

    private mutating func object(
        _ members: [String: JSONValue], node: Int32, inherited: Int32, depth: Int
    ) throws(MaskingError) -> [String: JSONValue]? {
        guard depth <= MaskingPlan.maximumDepth else {
            throw MaskingError(code: .tooLarge, message: "the record is nested deeper than \(MaskingPlan.maximumDepth) levels")
        }
        // Replacing a value through its index rehashes nothing; removals wait
        // until the walk is over, so every index stays valid meanwhile.
        var result = members
        var changed = false
        var removals = Removals()
        var index = members.startIndex
        while index != members.endIndex {
            let key = members.keys[index]
            let child = plan.tree.child(of: node, named: key)
            // Whole-value keep and remove need neither the value nor a call.
            if child < 0 || !plan.tree.hasChildren[Int(child)] {
                let strategy = effective(inherited, child)
                switch plan.kinds[strategy >= 0 ? Int(strategy) : plan.kinds.count - 1] {
                case .keep:
                    members.formIndex(after: &index)
                    continue
                case .redact:
                    removals.append(key)
                    changed = true
                    members.formIndex(after: &index)
                    continue
                case .other:
                    break
                }
            }
            let outcome: Outcome
            do {
                outcome = try self.value(members.values[index], node: child, inherited: inherited, depth: depth)
            } catch {
                throw Self.prefixed(error, with: key)
            }
            switch outcome {
            case .unchanged: break
            case .replaced(let masked):
                result.values[index] = masked
                changed = true
            case .removed:
                removals.append(key)
                changed = true
            }
            members.formIndex(after: &index)
        }
        guard changed else { return nil }
        removals.remove(from: &result)
        return result
    }

    /// Member names to remove once the walk of an object is over; the first
    /// few are kept inline, because an array would cost an allocation for
    /// almost every record (most policies remove a field or two per object).
    private struct Removals {
        private var first: String?
        private var second: String?
        private var third: String?
        private var more: [String] = []

        mutating func append(_ key: String) {
            if first == nil {
                first = key
            } else if second == nil {
                second = key
            } else if third == nil {
                third = key
            } else {
                more.append(key)
            }
        }

        func remove(from members: inout [String: JSONValue]) {
            guard let first else { return }
            members.removeValue(forKey: first)
            guard let second else { return }
            members.removeValue(forKey: second)
            guard let third else { return }
            members.removeValue(forKey: third)
            for key in more { members.removeValue(forKey: key) }
        }
    }

    private mutating func value(
        _ value: JSONValue, node: Int32, inherited: Int32, depth: Int
    ) throws(MaskingError) -> Outcome {
        let strategy = effective(inherited, node)
        if node >= 0, plan.tree.hasChildren[Int(node)] {
            switch value {
            case .object(let members):
                guard let masked = try object(members, node: node, inherited: strategy, depth: depth + 1) else {
                    return .unchanged
                }
                return .replaced(.object(masked))
            case .array(let elements):
                guard let masked = try array(elements, node: node, inherited: inherited, depth: depth + 1) else {
                    return .unchanged
                }
                return .replaced(.array(masked))
            default:
                break
            }
        }
        return try apply(strategy, to: value, depth: depth)
    }

    private mutating func array(
        _ elements: [JSONValue], node: Int32, inherited: Int32, depth: Int
    ) throws(MaskingError) -> [JSONValue]? {
        guard depth <= MaskingPlan.maximumDepth else {
            throw MaskingError(code: .tooLarge, message: "the record is nested deeper than \(MaskingPlan.maximumDepth) levels")
        }
        var result: [JSONValue] = []
        var changed = false
        for (index, element) in elements.enumerated() {
            let outcome: Outcome
            do {
                outcome = try value(element, node: node, inherited: inherited, depth: depth)
            } catch {
                throw Self.prefixed(error, with: "[\(index)]")
            }
            if !changed, case .unchanged = outcome { continue }
            if !changed {
                // The first change: copy the elements before it.
                changed = true
                result.reserveCapacity(elements.count)
                result.append(contentsOf: elements[..<index])
            }
            switch outcome {
            case .unchanged: result.append(element)
            case .replaced(let masked): result.append(masked)
            case .removed: break
            }
        }
        return changed ? result : nil
    }

    private mutating func apply(_ index: Int32, to value: JSONValue, depth: Int) throws(MaskingError) -> Outcome {
        let strategy = index >= 0 ? plan.strategies[Int(index)] : plan.defaultStrategy
        switch strategy {
        case .keep: return .unchanged
        case .redact: return .removed
        case .nullify: return .replaced(.null)
        case .constant(let replacement): return .replaced(replacement)
        case .generalize(let generalization):
            if case .null = value { return .unchanged }
            return .replaced(try generalization.apply(to: value))
        default:
            break
        }
        switch value {
        case .null:
            return .unchanged
        case .array(let elements):
            guard depth < MaskingPlan.maximumDepth else {
                throw MaskingError(
                    code: .tooLarge, message: "the record is nested deeper than \(MaskingPlan.maximumDepth) levels")
            }
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for (position, element) in elements.enumerated() {
                let outcome: Outcome
                do {
                    outcome = try apply(index, to: element, depth: depth + 1)
                } catch {
                    throw Self.prefixed(error, with: "[\(position)]")
                }
                switch outcome {
                case .unchanged: result.append(element)
                case .replaced(let masked): result.append(masked)
                case .removed: break
                }
            }
            return .replaced(.array(result))
        case .object:
            throw MaskingError(
                code: .typeMismatch, message: "\(plan.names[index >= 0 ? Int(index) : plan.names.count - 1]) masks scalar values, got an object")
        default:
            return .replaced(try scalar(strategy, value))
        }
    }

    private mutating func scalar(_ strategy: CompiledStrategy, _ value: JSONValue) throws(MaskingError) -> JSONValue {
        switch strategy {
        case .keep, .redact, .nullify, .constant, .generalize:
            return value  // handled before
        case .partial(let mask):
            return .string(try mask.apply(to: try Self.string(value, for: "partial")))
        case .email(let mask):
            return .string(try mask.apply(to: try Self.string(value, for: "email")))
        case .phone(let mask):
            return .string(try mask.apply(to: try Self.string(value, for: "phone")))
        case .dateShift(let shift, let context):
            return .string(try shift.apply(to: try Self.string(value, for: "dateShift"), recordKey: recordKey, context: context))
        case .numericNoise(let noise, let context):
            guard case .number(let number) = value else {
                throw MaskingError(code: .typeMismatch, message: "numericNoise masks numbers, got \(value.typeName)")
            }
            return .number(try noise.apply(to: number, recordKey: recordKey, context: context))
        case .pseudonym(let pseudonymizer):
            return .string(try pseudonymizer.pseudonym(for: try Self.text(value)))
        case .formatPreserving(let cipher, let context):
            return .string(try cipher.encrypt(try Self.string(value, for: "formatPreserving"), context: context))
        case .deterministicEncryption(let cipher, let context):
            return .string(try cipher.encrypt(try Self.text(value), context: context))
        case .tokenize(let namespace):
            let request = TokenRequest(namespace: namespace, value: try Self.text(value))
            switch tokens {
            case .none:
                throw MaskingError(code: .invalidPolicy, message: "tokenizing needs a vault: mask with Masker")
            case .collecting(var requests):
                tokens = .none
                requests.insert(request)
                tokens = .collecting(requests)
                return .null
            case .resolved(let resolved):
                guard let token = resolved[request] else {
                    throw MaskingError(code: .vaultFailure, message: "the vault returned no token for a value")
                }
                return .string(token)
            }
        }
    }

    private static func string(_ value: JSONValue, for strategy: String) throws(MaskingError) -> String {
        guard case .string(let text) = value else {
            throw MaskingError(code: .typeMismatch, message: "\(strategy) masks strings, got \(value.typeName)")
        }
        return text
    }

    /// Strings as they are; numbers and booleans by their JSON text, so a
    /// numeric id gets a stable pseudonym too.
    private static func text(_ value: JSONValue) throws(MaskingError) -> String {
        guard let text = scalarText(value) else {
            throw MaskingError(code: .typeMismatch, message: "expected a string, number or boolean, got \(value.typeName)")
        }
        return text
    }

    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number.isFinite && number == number.rounded() && abs(number) < 9.0e15
                ? String(Int64(number)) : (number.isFinite ? "\(number)" : nil)
        default: nil
        }
    }

    /// The error with the member name prepended to its path, so the message
    /// names the field: `at customer.email: …`.
    private static func prefixed(_ error: MaskingError, with key: String) -> MaskingError {
        let marker = "at "
        let message: String
        if error.message.hasPrefix(marker), let colon = error.message.firstIndex(of: ":") {
            let path = error.message[error.message.index(error.message.startIndex, offsetBy: marker.count)..<colon]
            let separator = path.hasPrefix("[") ? "" : "."
            message = marker + key + separator + path + error.message[colon...]
        } else {
            message = "\(marker)\(key): \(error.message)"
        }
        return MaskingError(code: error.code, message: message)
    }
}
