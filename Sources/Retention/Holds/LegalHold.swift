public import ConsentKitCore
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An order to keep data that retention rules would otherwise delete, for
/// litigation, an investigation or a regulator's request.
///
/// A hold always beats deletion: while an active hold covers a record, no
/// retention rule and no erasure request may remove it. A hold is scoped to
/// one subject, to data categories, or to both; an empty scope on one side
/// means "any".
public struct LegalHold: Hashable, Sendable, Codable, Identifiable {
    /// The hold's identifier, as issued by the host (a case or ticket number).
    public let id: String
    /// Why the data must be kept; shown in explanations and receipts.
    public let reason: String
    /// The subject the hold covers, or `nil` for every subject.
    public let subject: SubjectID?
    /// The categories the hold covers; empty means every category.
    public let categories: Set<DataCategory>
    /// When the hold took effect.
    public let placedAt: Date
    /// When the hold was lifted, or `nil` while it is in force.
    public private(set) var releasedAt: Date?

    /// Places a hold.
    /// - Throws: ``ValidationError`` `.empty` for an empty id or reason, and
    ///   `.invalidFormat` for a hold that covers everything (no subject and no
    ///   category): that would silently switch off retention for the whole host.
    public init(
        id: String,
        reason: String,
        subject: SubjectID? = nil,
        categories: Set<DataCategory> = [],
        placedAt: Date
    ) throws(ValidationError) {
        guard !id.isEmpty else { throw ValidationError(code: .empty, kind: "LegalHold", message: "the hold id is empty") }
        guard !reason.isEmpty else {
            throw ValidationError(code: .empty, kind: "LegalHold", message: "hold \(id.debugDescription) gives no reason")
        }
        guard subject != nil || !categories.isEmpty else {
            throw ValidationError(
                code: .invalidFormat, kind: "LegalHold",
                message: "hold \(id.debugDescription) names neither a subject nor a category")
        }
        self.id = id
        self.reason = reason
        self.subject = subject
        self.categories = categories
        self.placedAt = placedAt
    }

    /// Lifts the hold at `date`. Releasing twice keeps the first release time.
    public mutating func release(at date: Date) {
        if releasedAt == nil { releasedAt = date }
    }

    /// Whether the hold is in force at `date`.
    public func isActive(at date: Date) -> Bool {
        date >= placedAt && (releasedAt.map { date < $0 } ?? true)
    }

    /// Whether the hold, in force at `date`, protects data of `subject` in `category`.
    public func covers(subject: SubjectID, category: DataCategory, at date: Date) -> Bool {
        guard isActive(at: date) else { return false }
        if let held = self.subject, held != subject { return false }
        return categories.isEmpty || categories.contains(category)
    }
}
