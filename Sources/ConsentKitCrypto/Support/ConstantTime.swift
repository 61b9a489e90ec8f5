/// Comparisons whose running time does not depend on the bytes compared.
package enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes.
    ///
    /// The time taken depends only on the lengths, never on where the first
    /// difference is, so a MAC check cannot be turned into a timing oracle.
    /// Collections of different lengths compare unequal (the length is not secret).
    package static func equals<L: Collection<UInt8>, R: Collection<UInt8>>(_ lhs: L, _ rhs: R) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(lhs, rhs) {
            difference |= a ^ b
        }
        return difference == 0
    }
}
