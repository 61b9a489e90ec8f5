import ConsentKitCore
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shared helpers of ``ConsentStoreConformance`` and ``NoticeStoreConformance``.
///
/// Every record the suites write is named after a fresh random run token, so
/// the suites can run in parallel, repeatedly, against one shared database
/// that already holds other data.
enum ConsentConformanceSupport {
    /// A fresh token naming one run of one area.
    static func runToken() -> String {
        UUID().uuidString.lowercased()
    }

    /// An identifier of exactly `byteCount` UTF-8 bytes: `prefix`, the run
    /// token, multi-byte padding, and `last` as its final (ASCII) byte, so two
    /// ids that differ only in `last` differ only in their final byte.
    static func identifier(_ prefix: String, token: String, byteCount: Int, last: Character) -> String {
        var text = "\(prefix)-\(token)-"
        while text.utf8.count + 3 <= byteCount - 1 { text += "界" }
        while text.utf8.count < byteCount - 1 { text += "x" }
        text.append(last)
        return text
    }

    /// Runs `body`, which must fail with a ``StorageError`` of `code`;
    /// records an issue naming `what` otherwise.
    static func expectStorageError(
        _ code: StorageError.Code, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected StorageError.\(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            if error.code != code {
                Issue.record("\(what): expected StorageError.\(code), got \(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record(
                "\(what): expected StorageError.\(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Runs `body`; when it throws, records an issue naming `what` and returns `nil`.
    static func expectSuccess<Value>(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Value
    ) async -> Value? {
        do {
            return try await body()
        } catch {
            Issue.record("\(what) failed: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Records `message` unless `condition` holds. Unlike `#expect`, prints
    /// only the message, not both operands (which may be whole streams).
    static func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition { Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation) }
    }

    /// A compact rendering of a stream for failure messages: `[1 a, 2 b]`.
    static func summary(_ events: [ConsentEvent]) -> String {
        "[" + events.map { "\($0.sequence) \($0.id)" }.joined(separator: ", ") + "]"
    }
}
