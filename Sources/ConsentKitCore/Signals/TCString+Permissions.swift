extension TCString {
    /// May `vendor` process personal data for TCF `purpose` under this string?
    ///
    /// Applies the TCF v2.2 rules in this order:
    /// 1. a global-scope string (`IsServiceSpecific` = 0) allows nothing;
    /// 2. a publisher restriction of type 0 for this purpose and vendor denies;
    ///    restrictions of types 1 and 2 choose the basis for a flexible
    ///    registration and deny a non-flexible one that declared the other basis;
    /// 3. consent needs the purpose's and the vendor's consent bits; purpose 1
    ///    can only rest on consent;
    /// 4. legitimate interest needs the purpose's and the vendor's transparency
    ///    bits, and never counts for purposes 3–6 when ``tcfPolicyVersion`` is 4 or
    ///    later (older strings keep the TCF 2.0/2.1 answer).
    ///
    /// - Parameters:
    ///   - vendor: the vendor's Global Vendor List ID.
    ///   - purpose: the TCF purpose, 1...24 (1...11 are defined in TCF 2.2).
    ///   - registration: how the vendor declared `purpose` in the GVL; `.consent` when unknown.
    /// - Returns: the answer with its reason and the basis it rests on; denied for
    ///   out-of-range input rather than trapping.
    /// - Complexity: O(*p* log *r*) for *p* publisher restrictions; never allocates.
    public func isVendorAllowed(
        vendor: Int, purpose: Int, registration: TCFPurposeRegistration = .consent
    ) -> TCFPermission {
        func answer(
            _ allowed: Bool, _ reason: TCFPermission.Reason, _ basis: TCFPermission.Basis?,
            _ restriction: TCFPublisherRestriction.RestrictionType? = nil
        ) -> TCFPermission {
            TCFPermission(
                isAllowed: allowed, reason: reason, basis: basis, restriction: restriction, vendor: vendor,
                purpose: purpose)
        }
        guard (1...24).contains(purpose) else { return answer(false, .invalidPurpose, nil) }
        guard (1...TCFVendorSet.maximumVendorID).contains(vendor) else { return answer(false, .invalidVendor, nil) }
        guard isServiceSpecific else { return answer(false, .notServiceSpecific, nil) }

        var notAllowed = false
        var requireConsent = false
        var requireLegitimateInterest = false
        for restriction in publisherRestrictions where restriction.purpose == purpose {
            guard restriction.vendors.contains(vendor) else { continue }
            switch restriction.restrictionType {
            case .notAllowed: notAllowed = true
            case .requireConsent: requireConsent = true
            case .requireLegitimateInterest: requireLegitimateInterest = true
            }
        }
        if notAllowed { return answer(false, .notAllowedByPublisher, nil, .notAllowed) }
        if requireConsent, requireLegitimateInterest {
            return answer(false, .conflictingRestrictions, nil, .requireConsent)
        }
        let restriction: TCFPublisherRestriction.RestrictionType? =
            requireConsent ? .requireConsent : requireLegitimateInterest ? .requireLegitimateInterest : nil

        let basis: TCFPermission.Basis
        switch registration {
        case .consent:
            if requireLegitimateInterest {
                return answer(false, .publisherRequiresOtherBasis, .consent, restriction)
            }
            basis = .consent
        case .legitimateInterest:
            if requireConsent {
                return answer(false, .publisherRequiresOtherBasis, .legitimateInterest, restriction)
            }
            basis = .legitimateInterest
        case .flexibleConsent:
            basis = requireLegitimateInterest ? .legitimateInterest : .consent
        case .flexibleLegitimateInterest:
            basis = requireConsent ? .consent : .legitimateInterest
        }

        if basis == .consent {
            let purposeConsent = purposesConsent.contains(purpose)
            if purposeConsent, vendorConsents.contains(vendor) {
                return answer(true, .consentGiven, .consent, restriction)
            }
            if purpose == 1, purposeOneTreatment, !purposeConsent {
                return answer(false, .purposeOneNotDisclosed, .consent, restriction)
            }
            return answer(false, purposeConsent ? .noVendorConsent : .noPurposeConsent, .consent, restriction)
        }

        if purpose == 1 || (isTCF22 && Self.purposesWithoutLegitimateInterest.contains(purpose)) {
            return answer(false, .legitimateInterestNotAllowed, .legitimateInterest, restriction)
        }
        let purposeLegitimateInterest = purposesLegitimateInterest.contains(purpose)
        if purposeLegitimateInterest, vendorLegitimateInterests.contains(vendor) {
            return answer(true, .legitimateInterestEstablished, .legitimateInterest, restriction)
        }
        return answer(
            false, purposeLegitimateInterest ? .noVendorLegitimateInterest : .noPurposeLegitimateInterest,
            .legitimateInterest, restriction)
    }

    /// May `vendor` process for TCF special purpose `specialPurpose` (for example 1,
    /// "ensure security, prevent and detect fraud, and fix errors")?
    ///
    /// Special purposes need no consent and allow no objection; the user must only
    /// have been shown the vendor. Since TCF 2.2 that is the disclosed-vendors
    /// segment. For older strings without that segment, a vendor counts as shown
    /// when its consent or legitimate-interest bit is set (the TCF 2.0 rule for
    /// special-purpose-only vendors). The caller must check that the vendor
    /// declared the special purpose in the GVL. Global-scope strings allow nothing.
    ///
    /// - Complexity: O(log *r*); never allocates.
    public func isVendorAllowed(vendor: Int, specialPurpose: Int) -> TCFPermission {
        func answer(_ allowed: Bool, _ reason: TCFPermission.Reason, _ basis: TCFPermission.Basis?) -> TCFPermission {
            TCFPermission(
                isAllowed: allowed, reason: reason, basis: basis, restriction: nil, vendor: vendor,
                purpose: specialPurpose)
        }
        guard specialPurpose >= 1 else { return answer(false, .invalidPurpose, nil) }
        guard (1...TCFVendorSet.maximumVendorID).contains(vendor) else { return answer(false, .invalidVendor, nil) }
        guard isServiceSpecific else { return answer(false, .notServiceSpecific, nil) }
        let shown =
            if let disclosedVendors {
                disclosedVendors.contains(vendor)
            } else {
                vendorConsents.contains(vendor) || vendorLegitimateInterests.contains(vendor)
            }
        return shown
            ? answer(true, .specialPurposeDisclosed, .specialPurpose)
            : answer(false, .vendorNotDisclosed, .specialPurpose)
    }

    /// Whether the user opted in to TCF special feature `feature` (1 is "use
    /// precise geolocation data", 2 "actively scan device characteristics for
    /// identification"). `false` for numbers outside 1...12.
    public func isSpecialFeatureOptedIn(_ feature: Int) -> Bool {
        feature <= 12 && specialFeatureOptIns.contains(feature)
    }

    /// Whether the CMP disclosed `vendor` to the user: its entry in the
    /// disclosed-vendors segment, or `false` when the string has none.
    public func isVendorDisclosed(_ vendor: Int) -> Bool {
        disclosedVendors?.contains(vendor) ?? false
    }
}
