/// The pause before retrying a compare-and-set write that lost a race with
/// another app instance: jittered so the racers spread out, growing with each
/// attempt (up to ~50 ms) so a hot subject is not hammered.
enum ConflictBackoff {
    /// Sleeps a random time in `0 ... 50 µs × 2^min(attempt, 10)`.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    static func pause(afterAttempt attempt: Int) async throws {
        let ceiling = UInt64(50_000) << UInt64(min(max(attempt, 0), 10))
        try await Task.sleep(nanoseconds: UInt64.random(in: 0...ceiling))
    }
}
