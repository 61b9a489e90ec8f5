/// The fields one or more purposes may use, compiled once from the
/// ``PrivacyCatalog`` and applied to any number of payloads (GDPR Art. 5(1)(c),
/// data minimization).
///
/// A plan keeps exactly the union of the fields its purposes declare in
/// ``Purpose/fields``, and nothing else:
///
/// - a path allows its whole subtree: `address` keeps every field of the address;
/// - a `*` segment matches any one member name: `contact.*.verified` keeps
///   `verified` in every member of `contact`;
/// - paths go through arrays: `orders.sku` keeps `sku` in every element of the
///   `orders` array (and of arrays nested in it) and drops the elements' other
///   members; array elements keep their positions;
/// - an allowed path missing from the payload is fine: nothing is kept for it;
/// - `null` is kept wherever the value it stands for would be;
/// - an object or array on the way to an allowed field is kept, even when
///   nothing inside it is (`{"contact": {"phone": …}}` under `contact.email`
///   becomes `{"contact": {}}`), so a narrow type can still decode it.
///
/// ```swift
/// let plan = try catalog.minimizationPlan(for: [try PurposeID("newsletter")])
/// let result = try plan.strip(signUp)        // keeps contact.email
/// log(result.dropped)                        // [birthday, name, phone]
/// let exact = try plan.reject(signUp)        // throws .fieldsNotAllowed
/// ```
///
/// Building a plan costs O(total path segments) plus, for overlapping `*`
/// patterns, one state per combination that can actually occur; applying it
/// never hashes a member name to find its rule and allocates nothing beyond
/// the kept value and the record of what was dropped. A plan is an
/// immutable value: share it across requests and tasks.
public struct MinimizationPlan: Hashable, Sendable {
    /// The purposes the plan serves, without repeats, in the order given.
    public let purposes: [PurposeID]
    /// The union of the purposes' fields, sorted, without paths another one
    /// already covers (`contact` makes `contact.email` redundant).
    public let allowedFields: [FieldPath]
    /// The bounds every payload is checked against.
    public let limits: MinimizationLimits

    /// The compiled automaton: state 0 is the payload's root object.
    let automaton: MinimizationAutomaton

    /// Compiles the fields of `purposes`, as `catalog` declares them.
    /// An empty list of purposes gives a plan that keeps nothing.
    /// - Throws: ``MinimizationError`` `.unknownPurpose` naming every purpose
    ///   the catalog does not declare.
    public init(
        catalog: PrivacyCatalog, purposes: some Sequence<PurposeID>, limits: MinimizationLimits = .default
    ) throws(MinimizationError) {
        var unique: [PurposeID] = []
        var seen: Set<PurposeID> = []
        var unknown: [PurposeID] = []
        var fields: [FieldPath] = []
        for id in purposes where seen.insert(id).inserted {
            unique.append(id)
            guard let purpose = catalog.purpose(id) else {
                unknown.append(id)
                continue
            }
            fields.append(contentsOf: purpose.fields)
        }
        guard unknown.isEmpty else { throw .unknownPurposes(unknown) }
        self.init(purposes: unique, fields: fields, limits: limits)
    }

    /// Compiles a plan straight from field paths, for payloads that no
    /// catalog purpose describes (an export format, a partner feed). Prefer
    /// ``init(catalog:purposes:limits:)`` so the catalog stays the one place
    /// where fields are allowed.
    public init(allowing fields: [FieldPath], limits: MinimizationLimits = .default) {
        self.init(purposes: [], fields: fields, limits: limits)
    }

    private init(purposes: [PurposeID], fields: [FieldPath], limits: MinimizationLimits) {
        self.purposes = purposes
        self.limits = limits
        let distinct = Set(fields)
        self.allowedFields = distinct.filter { field in
            !distinct.contains { $0 != field && $0.covers(field) }
        }.sorted()
        self.automaton = MinimizationAutomaton(allowedFields)
    }

    /// Whether the plan keeps the field at `path` (a concrete path, array
    /// elements sharing their array's path): some allowed path, read as a
    /// pattern, equals it or is a prefix of it.
    public func allows(_ path: FieldPath) -> Bool {
        allowedFields.contains { $0.covers(path) }
    }

    /// Plans are equal when they serve the same purposes with the same
    /// allowed fields and limits.
    public static func == (lhs: MinimizationPlan, rhs: MinimizationPlan) -> Bool {
        lhs.purposes == rhs.purposes && lhs.allowedFields == rhs.allowedFields && lhs.limits == rhs.limits
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(purposes)
        hasher.combine(allowedFields)
        hasher.combine(limits)
    }
}
