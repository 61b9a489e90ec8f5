#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where ConsentKit reads the current time.
///
/// Everything that expires (consent lifetimes, retention periods, leases,
/// re-ask windows) asks a `TimeSource` instead of reading the system clock, so
/// hosts and tests can control time. ``SystemTimeSource`` is the production
/// default; `ConsentKitTesting` ships a manual one.
public protocol TimeSource: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemTimeSource: TimeSource {
    /// Creates the system clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }
}
