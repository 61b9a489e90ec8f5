/// Bounds on what minimization accepts, so a hostile or broken payload costs
/// a typed error instead of memory, stack or time.
///
/// Depth counts nested arrays and objects: the payload object itself is
/// depth 1, `{"a": {"b": [1]}}` is depth 3. Nodes count every value,
/// containers and scalars alike: `{"a": [1, 2]}` has 4.
public struct MinimizationLimits: Hashable, Sendable {
    /// The deepest nesting of arrays and objects accepted; 64 by default.
    public var maximumDepth: Int
    /// The most values a payload may hold; 100 000 by default.
    public var maximumNodeCount: Int
    /// The longest JSON text `JSONValue(parsing:limits:)` reads, in
    /// bytes; 1 MiB by default. Values already in memory are bounded by
    /// ``maximumNodeCount`` instead.
    public var maximumByteCount: Int

    /// The defaults: depth 64, 100 000 values, 1 MiB of JSON text.
    public static let `default` = MinimizationLimits()

    /// Creates limits; every parameter has the documented default.
    public init(maximumDepth: Int = 64, maximumNodeCount: Int = 100_000, maximumByteCount: Int = 1 << 20) {
        self.maximumDepth = maximumDepth
        self.maximumNodeCount = maximumNodeCount
        self.maximumByteCount = maximumByteCount
    }
}
