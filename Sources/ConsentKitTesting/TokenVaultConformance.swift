import ConsentKitCore
public import Masking
import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The checks every ``TokenVault`` adapter must pass, as Swift Testing
/// expectations.
///
/// Run it from your own test target against handles onto **one shared
/// backend**: `makeVault` is called once per area (twice by
/// ``determinism()`` and ``concurrentTokenization()``), and every handle must
/// see the same tokens — with the same ``TokenVaultKey`` — the way
/// several instances of your app share one database.
///
/// ```swift
/// import ConsentKitTesting
/// import Testing
///
/// @Suite struct PostgresTokenVaultTests {
///     let conformance = TokenVaultConformance { PostgresTokenVault(pool: sharedTestPool, key: testKey) }
///
///     @Test func determinism() async throws { try await conformance.determinism() }
///     // ... one @Test per area, or:
///     @Test func everything() async throws { try await conformance.runAll() }
/// }
/// ```
///
/// Each area works in namespaces and subjects named after a fresh random
/// token, so areas can run in parallel and repeatedly against a backend
/// holding other data; it links what it tokenizes to a subject of its own and
/// erases that subject when done. Failures are recorded as Swift Testing
/// issues naming the area; an area throws only when the vault throws where
/// the contract requires success.
public struct TokenVaultConformance: Sendable {
    private let makeVault: @Sendable () async throws -> any TokenVault

    /// Creates the suite.
    /// - Parameter makeVault: returns a handle onto the vault under test. Every
    ///   handle must share one backend and key, so that two handles behave
    ///   like two app instances.
    public init(makeVault: @escaping @Sendable () async throws -> any TokenVault) {
        self.makeVault = makeVault
    }

    /// Runs every area, one after the other.
    /// - Throws: the first error a vault threw where the contract requires success.
    public func runAll() async throws {
        try await determinism()
        try await namespaceIsolation()
        try await randomTokens()
        try await roundTrip()
        try await erasure()
        try await concurrentTokenization()
        try await sizeLimit()
    }

    // MARK: Areas

    /// The same value in the same namespace always gets the same token.
    ///
    /// Values are tokenized twice on one handle and once on a second handle,
    /// with and without a subject; all three tokens must be equal. Distinct
    /// values get distinct tokens — including values that differ only in case,
    /// in Unicode normalization (é as one scalar or e + U+0301), or in a
    /// trailing space — so a case-insensitive or normalizing index fails here.
    public func determinism() async throws {
        let run = Self.runToken()
        let handles = try await sharedHandles(run: run, area: "determinism")
        let namespace = try TokenNamespace("ck-\(run)-det")
        let subject = try SubjectID("conformance-\(run)-determinism")
        let values = [
            "4111111111111111", "alice@example.com", "Alice@example.com", "résumé", "re\u{301}sume\u{301}",
            "résumé ", "ß", "ss", "İ", "i\u{307}",
        ]
        var tokens: [Token] = []
        for value in values {
            let first = try await handles[0].tokenize(value, namespace: namespace, subject: subject)
            let again = try await handles[0].tokenize(value, namespace: namespace, subject: nil)
            let other = try await handles[handles.count - 1].tokenize(value, namespace: namespace, subject: subject)
            Self.check(
                first == again && first == other,
                "determinism: \(value.debugDescription) got different tokens on repeated calls (\(first), \(again), \(other))")
            tokens.append(first)
        }
        for i in values.indices {
            for j in values.indices where i < j && tokens[i] == tokens[j] {
                Issue.record(
                    "determinism: different values \(values[i].debugDescription) and \(values[j].debugDescription) share token \(tokens[i]): values must be compared byte for byte")
            }
        }
        for (value, token) in zip(values, tokens) {
            let read = try await handles[0].detokenize(token, namespace: namespace)
            Self.checkSameBytes(read, value, "determinism: detokenizing the token of \(value.debugDescription)")
        }
        await cleanUp(handles[0], [subject])
    }

    /// Namespaces are separate token spaces.
    ///
    /// One value tokenized in two namespaces gets two different tokens, and
    /// each token resolves only in its own namespace. Namespace/value pairs
    /// that run together when concatenated (`…-a` + `b.c` and `…-a.b` + `c`)
    /// are different pairs, so an index keyed by a plain concatenation fails.
    public func namespaceIsolation() async throws {
        let run = Self.runToken()
        let vault = try await makeVault()
        let subject = try SubjectID("conformance-\(run)-isolation")
        let first = try TokenNamespace("ck-\(run)-iso-a")
        let second = try TokenNamespace("ck-\(run)-iso-b")
        let value = "+41 79 555 01 23"
        let inFirst = try await vault.tokenize(value, namespace: first, subject: subject)
        let inSecond = try await vault.tokenize(value, namespace: second, subject: subject)
        Self.check(inFirst != inSecond, "namespaceIsolation: one value got the same token \(inFirst) in two namespaces")
        let crossed = try await vault.detokenize(inFirst, namespace: second)
        Self.check(crossed == nil, "namespaceIsolation: a token of \(first) resolved in \(second)")
        let crossedBack = try await vault.detokenize(inSecond, namespace: first)
        Self.check(crossedBack == nil, "namespaceIsolation: a token of \(second) resolved in \(first)")
        Self.checkSameBytes(
            try await vault.detokenize(inFirst, namespace: first), value, "namespaceIsolation: the token in its own namespace")

        let short = try TokenNamespace("ck-\(run)-iso-a")
        let long = try TokenNamespace("ck-\(run)-iso-a.b")
        let shortToken = try await vault.tokenize("b.c", namespace: short, subject: subject)
        let longToken = try await vault.tokenize("c", namespace: long, subject: subject)
        Self.check(
            shortToken != longToken,
            "namespaceIsolation: (\(short), \"b.c\") and (\(long), \"c\") share a token: the index runs namespace and value together")
        Self.checkSameBytes(
            try await vault.detokenize(longToken, namespace: long), "c", "namespaceIsolation: the value in \(long)")
        await cleanUp(vault, [subject])
    }

    /// Tokens are random: they carry nothing of their values and follow no sequence.
    ///
    /// Sixty-four values (card-like numbers and strings written in the token
    /// alphabet) get 64 distinct tokens; across them every character position
    /// varies (a counter or timestamp prefix fails); no token contains 8
    /// consecutive characters of its value; and a value tokenized again
    /// after its subject was erased gets a new token, which a token derived
    /// from the value (a hash, an encryption) cannot do.
    public func randomTokens() async throws {
        let run = Self.runToken()
        let vault = try await makeVault()
        let namespace = try TokenNamespace("ck-\(run)-random")
        let subject = try SubjectID("conformance-\(run)-random")
        let values = (0..<64).map { index in
            index % 2 == 0
                ? "4000" + String(repeating: "0", count: 8) + String(1000 + index)
                : "tokvalue" + String(repeating: "7", count: 8) + "xyz\(index)"
        }
        var tokens: [Token] = []
        for value in values {
            tokens.append(try await vault.tokenize(value, namespace: namespace, subject: subject))
        }
        Self.check(Set(tokens).count == tokens.count, "randomTokens: 64 distinct values got \(Set(tokens).count) distinct tokens")
        let bodies = tokens.map { Array($0.rawValue.utf8.dropFirst(Token.prefix.utf8.count)) }
        for position in 0..<Token.randomCharacterCount where Set(bodies.map { $0[position] }).count == 1 {
            Issue.record(
                "randomTokens: every one of 64 tokens has the same character at position \(position): tokens must come from Token.random()")
        }
        for (value, token) in zip(values, tokens) {
            let valueBytes = Array(value.lowercased().utf8)
            let tokenBody = Array(token.rawValue.utf8.dropFirst(Token.prefix.utf8.count))
            if let window = Self.sharedWindow(valueBytes, tokenBody, length: 8) {
                Issue.record(
                    "randomTokens: token \(token) contains \(window.debugDescription) from its value \(value.debugDescription)")
            }
        }

        let deleted = try await vault.deleteTokens(of: subject)
        Self.check(deleted == values.count, "randomTokens: erasing the subject deleted \(deleted) tokens, expected \(values.count)")
        let again = try await vault.tokenize(values[0], namespace: namespace, subject: subject)
        Self.check(
            again != tokens[0],
            "randomTokens: after erasure, \(values[0].debugDescription) got its old token \(tokens[0]) again: tokens must be random, not derived from values")
        await cleanUp(vault, [subject])
    }

    /// Values come back exactly; unknown tokens read as `nil`.
    ///
    /// The empty string, control characters, an embedded NUL, combining
    /// marks, emoji and right-to-left text, and a value of exactly
    /// ``TokenVaultLimits/maximumValueByteCount`` bytes round-trip
    /// byte for byte, through the single and the batch `tokenize`. A freshly
    /// generated token, never issued, reads as `nil`.
    public func roundTrip() async throws {
        let run = Self.runToken()
        let vault = try await makeVault()
        let namespace = try TokenNamespace("ck-\(run)-roundtrip")
        let subject = try SubjectID("conformance-\(run)-roundtrip")
        let values = [
            "", " ", "a", "line\nbreak\ttab\r\n", "nul\u{0}inside", "e\u{301}\u{301}", "👩‍👩‍👧‍👦🇨🇭",
            "مرحبا بالعالم", "'; DROP TABLE tokens; --", "\\x00\\u0000",
            String(repeating: "z", count: TokenVaultLimits.maximumValueByteCount),
        ]
        for value in values {
            let token = try await vault.tokenize(value, namespace: namespace, subject: subject)
            let read = try await vault.detokenize(token, namespace: namespace)
            Self.checkSameBytes(read, value, "roundTrip: a value of \(value.utf8.count) UTF-8 bytes")
        }
        let batchValues = ["batch-1", "batch-2", "batch-1", "ä"]
        let batch = try await vault.tokenize(contentsOf: batchValues, namespace: namespace, subject: subject)
        Self.check(batch.count == batchValues.count, "roundTrip: a batch of 4 values returned \(batch.count) tokens")
        if batch.count == batchValues.count {
            Self.check(batch[0] == batch[2], "roundTrip: equal values in one batch got different tokens")
            for (value, token) in zip(batchValues, batch) {
                Self.checkSameBytes(
                    try await vault.detokenize(token, namespace: namespace), value, "roundTrip: batch value \(value.debugDescription)")
                let single = try await vault.tokenize(value, namespace: namespace, subject: subject)
                Self.check(single == token, "roundTrip: batch and single tokenize disagree on \(value.debugDescription)")
            }
        }
        let unknown = try await vault.detokenize(Token.random(), namespace: namespace)
        Self.check(unknown == nil, "roundTrip: a token that was never issued resolved to a value")
        await cleanUp(vault, [subject])
    }

    /// Erasing a subject deletes its tokens everywhere (GDPR erasure).
    ///
    /// A subject's values in two namespaces — one of them also linked to a
    /// second subject, one tokenized first without a subject and linked
    /// later — are deleted by ``TokenVault/deleteTokens(of:)``, which
    /// reports how many; afterwards they read as `nil` and tokenizing them
    /// again gives new tokens. The other subject's own token and an unlinked
    /// token survive; erasing again, or an unknown subject, reports 0.
    public func erasure() async throws {
        let run = Self.runToken()
        let vault = try await makeVault()
        let subject = try SubjectID("conformance-\(run)-erase")
        let other = try SubjectID("conformance-\(run)-erase-other")
        let cleanup = try SubjectID("conformance-\(run)-erase-cleanup")
        let first = try TokenNamespace("ck-\(run)-erase-a")
        let second = try TokenNamespace("ck-\(run)-erase-b")

        let email = try await vault.tokenize("erase-me@example.com", namespace: first, subject: subject)
        let shared = try await vault.tokenize("+41 44 000 00 00", namespace: first, subject: subject)
        let sharedAgain = try await vault.tokenize("+41 44 000 00 00", namespace: first, subject: other)
        Self.check(shared == sharedAgain, "erasure: one value linked to two subjects got two tokens")
        let late = try await vault.tokenize("linked-later", namespace: second, subject: nil)
        _ = try await vault.tokenize("linked-later", namespace: second, subject: subject)
        let otherOwn = try await vault.tokenize("other-only", namespace: second, subject: other)
        let unlinked = try await vault.tokenize("no-subject-\(run)", namespace: second, subject: nil)

        let deleted = try await vault.deleteTokens(of: subject)
        Self.check(deleted == 3, "erasure: erasing a subject with 3 tokens reported \(deleted)")
        for (token, namespace, what) in [(email, first, "its own token"), (shared, first, "a token shared with another subject"), (late, second, "a token linked after it was issued")] {
            let read = try await vault.detokenize(token, namespace: namespace)
            Self.check(read == nil, "erasure: \(what) still resolves after the subject was erased")
        }
        Self.checkSameBytes(
            try await vault.detokenize(otherOwn, namespace: second), "other-only", "erasure: the other subject's own token")
        Self.checkSameBytes(
            try await vault.detokenize(unlinked, namespace: second), "no-subject-\(run)", "erasure: a token linked to no subject")
        let again = try await vault.deleteTokens(of: subject)
        Self.check(again == 0, "erasure: erasing the subject again reported \(again), expected 0")
        let unknown = try await vault.deleteTokens(of: SubjectID("conformance-\(run)-never-seen"))
        Self.check(unknown == 0, "erasure: erasing an unknown subject reported \(unknown), expected 0")

        let fresh = try await vault.tokenize("erase-me@example.com", namespace: first, subject: cleanup)
        Self.check(
            fresh != email, "erasure: an erased value got its old token back: the index entry survived the erasure")
        Self.checkSameBytes(
            try await vault.detokenize(fresh, namespace: first), "erase-me@example.com", "erasure: the value tokenized again")
        _ = try await vault.tokenize("no-subject-\(run)", namespace: second, subject: cleanup)
        await cleanUp(vault, [other, cleanup])
    }

    /// Concurrent calls for one new value end with one token.
    ///
    /// Eight new values are each tokenized by 16 concurrent tasks, alternating
    /// between two handles from `makeVault` (two app instances). Every task
    /// must get the same token for a value, each token must resolve on both
    /// handles, and the eight values must have eight different tokens.
    public func concurrentTokenization() async throws {
        let run = Self.runToken()
        let handles = try await sharedHandles(run: run, area: "concurrentTokenization")
        let namespace = try TokenNamespace("ck-\(run)-race")
        let subject = try SubjectID("conformance-\(run)-race")
        let values = (0..<8).map { "race-\(run)-\($0)" }
        let callsPerValue = 16

        let results = try await withThrowingTaskGroup(of: (Int, Token).self) { group in
            for (valueIndex, value) in values.enumerated() {
                for call in 0..<callsPerValue {
                    let vault = handles[call % handles.count]
                    group.addTask {
                        (valueIndex, try await vault.tokenize(value, namespace: namespace, subject: subject))
                    }
                }
            }
            var tokens = [Set<Token>](repeating: [], count: values.count)
            for try await (valueIndex, token) in group { tokens[valueIndex].insert(token) }
            return tokens
        }
        for (value, tokens) in zip(values, results) where tokens.count != 1 {
            Issue.record(
                "concurrentTokenization: \(callsPerValue) concurrent calls for \(value.debugDescription) returned \(tokens.count) different tokens; exactly one may win")
        }
        let winners = results.compactMap(\.first)
        Self.check(Set(winners).count == values.count, "concurrentTokenization: 8 values share tokens")
        for (value, token) in zip(values, winners) {
            for (number, vault) in handles.enumerated() {
                Self.checkSameBytes(
                    try await vault.detokenize(token, namespace: namespace), value,
                    "concurrentTokenization: handle \(number + 1) reading the winning token of \(value.debugDescription)")
            }
            let later = try await handles[0].tokenize(value, namespace: namespace, subject: subject)
            Self.check(later == token, "concurrentTokenization: a later call for \(value.debugDescription) got another token")
        }
        await cleanUp(handles[0], [subject])
    }

    /// Values over the limit are refused with ``MaskingError`` `.tooLarge`.
    ///
    /// The limit counts UTF-8 bytes, not characters: 32,768 two-byte `é`
    /// (exactly the limit) round-trip, while one more byte — as an ASCII
    /// letter or another `é` — is refused, alone and inside a batch.
    public func sizeLimit() async throws {
        let run = Self.runToken()
        let vault = try await makeVault()
        let namespace = try TokenNamespace("ck-\(run)-size")
        let subject = try SubjectID("conformance-\(run)-size")
        let limit = TokenVaultLimits.maximumValueByteCount
        let atLimit = String(repeating: "é", count: limit / 2)
        let token = try await vault.tokenize(atLimit, namespace: namespace, subject: subject)
        Self.checkSameBytes(
            try await vault.detokenize(token, namespace: namespace), atLimit, "sizeLimit: a value of exactly \(limit) bytes")

        let oversized = [
            ("\(limit + 1) ASCII bytes", String(repeating: "a", count: limit + 1)),
            ("\(limit / 2) é and one ASCII letter", atLimit + "a"),
            ("\(limit / 2 + 1) é (\(limit + 2) bytes)", atLimit + "é"),
        ]
        for (what, value) in oversized {
            await Self.expectTooLarge("sizeLimit: \(what)") {
                _ = try await vault.tokenize(value, namespace: namespace, subject: subject)
            }
        }
        await Self.expectTooLarge("sizeLimit: a batch with one oversized value") {
            _ = try await vault.tokenize(contentsOf: ["fine", atLimit + "a"], namespace: namespace, subject: subject)
        }
        await cleanUp(vault, [subject])
    }

    // MARK: Helpers

    /// Two handles from `makeVault`, checked to share one backend; a single
    /// handle (and a recorded issue) when they do not.
    private func sharedHandles(run: String, area: String) async throws -> [any TokenVault] {
        let first = try await makeVault()
        let second = try await makeVault()
        let namespace = try TokenNamespace("ck-\(run)-probe")
        let probe = try SubjectID("conformance-\(run)-probe")
        let token = try await first.tokenize("probe", namespace: namespace, subject: probe)
        let seen = try await second.detokenize(token, namespace: namespace)
        _ = try? await first.deleteTokens(of: probe)
        guard seen == "probe" else {
            Issue.record(
                "\(area): a second handle from makeVault cannot detokenize what the first one issued; makeVault must return handles onto ONE shared backend with one key so the suite can model several app instances. Continuing with one handle.")
            return [first]
        }
        return [first, second]
    }

    /// Best-effort removal of what an area tokenized.
    private func cleanUp(_ vault: any TokenVault, _ subjects: [SubjectID]) async {
        for subject in subjects { _ = try? await vault.deleteTokens(of: subject) }
    }

    /// 12 lower-case hex digits: short enough for namespaces, fresh per area.
    static func runToken() -> String {
        String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(12))
    }

    /// The first `length`-byte run of `value` that also occurs in `token`, if any.
    static func sharedWindow(_ value: [UInt8], _ token: [UInt8], length: Int) -> String? {
        guard value.count >= length, token.count >= length else { return nil }
        for start in 0...(value.count - length) {
            let window = value[start..<(start + length)]
            for offset in 0...(token.count - length) where token[offset..<(offset + length)].elementsEqual(window) {
                return String(decoding: window, as: UTF8.self)
            }
        }
        return nil
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        if !condition { Issue.record(Comment(rawValue: message()), sourceLocation: sourceLocation) }
    }

    /// Records an issue unless `read` holds exactly the bytes of `expected`
    /// (Swift's `==` on strings would accept a normalized copy).
    static func checkSameBytes(
        _ read: String?, _ expected: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let read else {
            Issue.record("\(what): detokenize returned nil", sourceLocation: sourceLocation)
            return
        }
        if !read.utf8.elementsEqual(expected.utf8) {
            Issue.record(
                "\(what): read back \(read.utf8.count) UTF-8 bytes that differ from the \(expected.utf8.count) stored",
                sourceLocation: sourceLocation)
        }
    }

    static func expectTooLarge(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("\(what): expected MaskingError.tooLarge, but the value was accepted", sourceLocation: sourceLocation)
        } catch let error as MaskingError {
            if error.code != .tooLarge {
                Issue.record("\(what): expected MaskingError.tooLarge, got \(error)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record(
                "\(what): expected MaskingError.tooLarge, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        }
    }
}
