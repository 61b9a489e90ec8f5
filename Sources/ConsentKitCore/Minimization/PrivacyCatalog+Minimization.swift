extension PrivacyCatalog {
    /// A ``MinimizationPlan`` keeping exactly the union of the fields the
    /// given purposes may use; build it once and apply it to every payload.
    /// - Throws: ``MinimizationError`` `.unknownPurpose` naming every purpose
    ///   the catalog does not declare.
    public func minimizationPlan(
        for purposes: some Sequence<PurposeID>, limits: MinimizationLimits = .default
    ) throws(MinimizationError) -> MinimizationPlan {
        try MinimizationPlan(catalog: self, purposes: purposes, limits: limits)
    }

    /// The fields `purposes` may use together: the union of their
    /// ``Purpose/fields``, sorted, without paths another one covers.
    /// - Throws: ``MinimizationError`` `.unknownPurpose` naming every purpose
    ///   the catalog does not declare.
    public func allowedFields(for purposes: some Sequence<PurposeID>) throws(MinimizationError) -> [FieldPath] {
        try MinimizationPlan(catalog: self, purposes: purposes).allowedFields
    }
}
