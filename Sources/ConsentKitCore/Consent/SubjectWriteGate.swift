import Synchronization

/// Lets one write per subject through at a time within this process, so the
/// ledger's own concurrent calls queue up instead of racing each other into
/// optimistic-concurrency conflicts. Different subjects never wait for each
/// other; other app instances are still handled by the store's
/// expected-sequence check.
final class SubjectWriteGate: Sendable {
    /// A subject present as a key is busy; its array holds the callers waiting, in order.
    private let state = Mutex<[SubjectID: [CheckedContinuation<Void, Never>]]>([:])

    /// Waits until `subject` is free and takes it. Uncontended: one lock, no suspension.
    func acquire(_ subject: SubjectID) async {
        let acquired = state.withLock { waiting -> Bool in
            guard waiting[subject] == nil else { return false }
            waiting[subject] = []
            return true
        }
        if acquired { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquiredNow = state.withLock { waiting -> Bool in
                guard waiting[subject] != nil else {
                    waiting[subject] = []
                    return true
                }
                waiting[subject, default: []].append(continuation)
                return false
            }
            if acquiredNow { continuation.resume() }
        }
    }

    /// Hands `subject` to the next waiter, or frees it.
    func release(_ subject: SubjectID) {
        let next = state.withLock { waiting -> CheckedContinuation<Void, Never>? in
            guard var queue = waiting[subject], !queue.isEmpty else {
                waiting[subject] = nil
                return nil
            }
            let first = queue.removeFirst()
            waiting[subject] = queue
            return first
        }
        next?.resume()
    }
}
