public import ConsentKitCore
import Synchronization
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A ``TimeSource`` that stands still until a test moves it.
///
/// Share one instance between the code under test and the test, then call
/// ``advance(by:)`` to make consents expire, retention periods run out or
/// leases lapse, deterministically and instantly.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    /// Starts the clock at `start`.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    /// The instant the clock is set to.
    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward (or backward, with a negative interval).
    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    /// Sets the clock to `date`.
    public func set(to date: Date) {
        current.withLock { $0 = date }
    }
}
