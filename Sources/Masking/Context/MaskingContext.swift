public import ConsentKitCore

/// Where a value is masked: the field, the tenant and the purpose. It binds
/// every keyed strategy — it is the FF1 tweak, the pseudonym's and AES-SIV's
/// domain separator and part of the date-shift and noise seed — so the same
/// value gets unrelated outputs in different fields, tenants or purposes, and
/// reversing an output needs the same context.
public struct MaskingContext: Hashable, Sendable, CustomStringConvertible {
    /// The field the value sits in.
    public let field: FieldPath
    /// The tenant whose data it is, if any.
    public let tenant: TenantID?
    /// The purpose of the access, if the output should differ per purpose.
    public let purpose: PurposeID?

    /// Creates a context.
    public init(field: FieldPath, tenant: TenantID? = nil, purpose: PurposeID? = nil) {
        self.field = field
        self.tenant = tenant
        self.purpose = purpose
        self.canonicalBytes = Self.encode(field: field, tenant: tenant, purpose: purpose)
    }

    /// An unambiguous byte encoding: a version label, then each part as a
    /// 2-byte big-endian length and its UTF-8 bytes (an absent part is
    /// `0xFFFF`, distinct from an empty one). Two different contexts never
    /// encode alike, so their keyed outputs are independent. Computed once,
    /// when the context is made: keyed strategies read it on every call.
    public let canonicalBytes: [UInt8]

    private static func encode(field: FieldPath, tenant: TenantID?, purpose: PurposeID?) -> [UInt8] {
        var bytes = Array("consentkit.masking.context.v1".utf8)
        for part in [field.rawValue, tenant?.rawValue, purpose?.rawValue] {
            guard let part else {
                bytes += [0xFF, 0xFF]
                continue
            }
            // Each part is at most 256 bytes (FieldPath and identifier limits).
            let utf8 = Array(part.utf8)
            bytes += [UInt8(truncatingIfNeeded: utf8.count >> 8), UInt8(truncatingIfNeeded: utf8.count)]
            bytes += utf8
        }
        return bytes
    }

    /// `field[@tenant][#purpose]`.
    public var description: String {
        var text = field.rawValue
        if let tenant { text += "@\(tenant)" }
        if let purpose { text += "#\(purpose)" }
        return text
    }
}
