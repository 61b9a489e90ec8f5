import ConsentKitCore
import Foundation
import Masking
import Testing

@Suite("Token namespace")
struct TokenNamespaceTests {
    @Test(arguments: ["card-numbers", "contact.email", "a", "x_y-z.0", String(repeating: "n", count: 64)])
    func acceptsLowerCaseNames(_ name: String) throws {
        #expect(try TokenNamespace(name).rawValue == name)
        #expect(try TokenNamespace(name).description == name)
    }

    @Test(arguments: ["", String(repeating: "n", count: 65), "Card", "card numbers", "card/numbers", "kärt", "a\u{0}", "emoji-🔑"])
    func refusesOtherNames(_ name: String) {
        #expect(throws: MaskingError.self) { try TokenNamespace(name) }
        do {
            _ = try TokenNamespace(name)
        } catch {
            #expect(error.code == .invalidFormat)
        }
    }

    @Test func codesAsAStringAndValidatesOnDecode() throws {
        let namespace = try TokenNamespace("card-numbers")
        let data = try JSONEncoder().encode([namespace])
        #expect(String(decoding: data, as: UTF8.self) == #"["card-numbers"]"#)
        #expect(try JSONDecoder().decode([TokenNamespace].self, from: data) == [namespace])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([TokenNamespace].self, from: Data(#"["Card"]"#.utf8)) }
    }

    @Test func ordersByName() throws {
        #expect(try TokenNamespace("a.b") < TokenNamespace("a.c"))
        #expect(try !(TokenNamespace("b") < TokenNamespace("a")))
    }
}

@Suite("Token")
struct TokenTests {
    @Test func randomTokensHaveTheFormatAndParseBack() throws {
        for _ in 0..<200 {
            let token = Token.random()
            #expect(token.rawValue.hasPrefix("tok_"))
            #expect(token.rawValue.utf8.count == 30)
            #expect(try Token(token.rawValue) == token)
            #expect(token.description == token.rawValue)
        }
    }

    @Test func randomTokensUseTheWholeAlphabetAndDoNotRepeat() {
        let tokens = (0..<1_000).map { _ in Token.random() }
        #expect(Set(tokens).count == tokens.count)
        let used = Set(tokens.flatMap { $0.rawValue.dropFirst(4) })
        #expect(used == Set(Token.alphabet))
        #expect(!Token.alphabet.contains { "ilou".contains($0) })
    }

    @Test(arguments: [
        "", "tok_", "tok_0123456789abcdefghjkmnpqr", "tok_0123456789abcdefghjkmnpqrst",
        "TOK_0123456789abcdefghjkmnpqrs", "tik_0123456789abcdefghjkmnpqrs", "tok-0123456789abcdefghjkmnpqrs",
        "tok_0123456789ABCDEFGHJKMNPQRS", "tok_0123456789abcdefghjkmnpqri", "tok_0123456789abcdefghjkmnpqrl",
        "tok_0123456789abcdefghjkmnpqro", "tok_0123456789abcdefghjkmnpqru", "tok_0123456789abcdefghjkmnpqr ",
        "tok_0123456789abcdefghjkmnpqé", "4111111111111111",
    ])
    func refusesMalformedTokens(_ text: String) {
        do {
            _ = try Token(text)
            Issue.record("\(text.debugDescription) was accepted as a token")
        } catch {
            #expect(error.code == .invalidFormat)
            // The message may describe the problem but must not quote the input.
            if text.count > 4 { #expect(!error.message.contains(text)) }
        }
    }

    @Test func acceptsEveryAlphabetCharacter() throws {
        #expect(try Token("tok_0123456789abcdefghjkmnpqrs").rawValue == "tok_0123456789abcdefghjkmnpqrs")
        #expect(try Token("tok_tvwxyz00000000000000000000").rawValue.hasSuffix("0"))
    }

    @Test func codesAsAStringAndValidatesOnDecode() throws {
        let token = Token.random()
        let data = try JSONEncoder().encode(token)
        #expect(try JSONDecoder().decode(Token.self, from: data) == token)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Token.self, from: Data(#""tok_short""#.utf8)) }
    }
}

@Suite("Token vault key")
struct TokenVaultKeyTests {
    let key = TokenVaultKey(try! MaskingKey(id: MaskingKeyID("vault-2026"), bytes: Array(0..<32)))
    let namespace = try! TokenNamespace("card-numbers")

    @Test func sealsAndOpensValues() throws {
        let token = Token.random()
        for value in ["", "4111111111111111", "e\u{301}", "👩‍👩‍👧", String(repeating: "x", count: TokenVaultLimits.maximumValueByteCount)] {
            let sealed = try key.seal(value, token: token, namespace: namespace)
            #expect(sealed.count == 1 + 1 + 10 + 12 + value.utf8.count + 16)
            let opened = try key.open(sealed, token: token, namespace: namespace)
            #expect(opened.utf8.elementsEqual(value.utf8))
        }
    }

    @Test func sealingTwiceGivesDifferentBytes() throws {
        let token = Token.random()
        let first = try key.seal("4111111111111111", token: token, namespace: namespace)
        let second = try key.seal("4111111111111111", token: token, namespace: namespace)
        #expect(first != second)
        #expect(!Self.contains(first, Array("4111111111111111".utf8)))
    }

    @Test func aSealedValueOpensOnlyOnItsOwnTokenAndNamespace() throws {
        let token = Token.random()
        let sealed = try key.seal("secret", token: token, namespace: namespace)
        try expectCode(.vaultFailure) { try key.open(sealed, token: Token.random(), namespace: namespace) }
        try expectCode(.vaultFailure) { try key.open(sealed, token: token, namespace: TokenNamespace("card-numbers.eu")) }
    }

    @Test func corruptStoredBytesAreAVaultFailure() throws {
        let token = Token.random()
        let sealed = try key.seal("secret", token: token, namespace: namespace)
        for index in sealed.indices where index != 1 && !(2..<12).contains(index) {
            var changed = sealed
            changed[index] ^= 0x01
            try expectCode(.vaultFailure) { try key.open(changed, token: token, namespace: namespace) }
        }
        var badID = sealed
        badID[2] = 0x20  // a space: no valid key id, so corruption rather than another key
        try expectCode(.vaultFailure) { try key.open(badID, token: token, namespace: namespace) }
        var badVersion = sealed
        badVersion[0] = 2
        try expectCode(.vaultFailure) { try key.open(badVersion, token: token, namespace: namespace) }
        try expectCode(.vaultFailure) { try key.open([], token: token, namespace: namespace) }
        try expectCode(.vaultFailure) { try key.open(Array(sealed.prefix(30)), token: token, namespace: namespace) }
        try expectCode(.vaultFailure) { try key.open(Array(sealed.dropLast()), token: token, namespace: namespace) }
    }

    @Test func aValueSealedUnderAnotherKeyIsUnknownKey() throws {
        let other = TokenVaultKey(try MaskingKey(id: MaskingKeyID("vault-2025"), bytes: Array(0..<32)))
        let token = Token.random()
        let sealed = try other.seal("secret", token: token, namespace: namespace)
        try expectCode(.unknownKey) { try key.open(sealed, token: token, namespace: namespace) }
    }

    @Test func theSameMaskingKeyGivesInteroperableVaultKeys() throws {
        let again = TokenVaultKey(try MaskingKey(id: MaskingKeyID("vault-2026"), bytes: Array(0..<32)))
        let token = Token.random()
        #expect(try again.open(key.seal("shared", token: token, namespace: namespace), token: token, namespace: namespace) == "shared")
        #expect(again.indexDigest(of: "4111", in: namespace) == key.indexDigest(of: "4111", in: namespace))
    }

    @Test func indexDigestsAreKeyedAndSeparateNamespacesAndValues() throws {
        let digest = key.indexDigest(of: "b.c", in: try TokenNamespace("a"))
        #expect(digest.count == 32)
        #expect(digest == key.indexDigest(of: "b.c", in: try TokenNamespace("a")))
        #expect(digest != key.indexDigest(of: "c", in: try TokenNamespace("a.b")))
        #expect(digest != key.indexDigest(of: "b.c", in: try TokenNamespace("b")))
        #expect(key.indexDigest(of: "résumé", in: namespace) != key.indexDigest(of: "re\u{301}sume\u{301}", in: namespace))
        let otherKey = TokenVaultKey.generate()
        #expect(otherKey.indexDigest(of: "b.c", in: try TokenNamespace("a")) != digest)
    }

    @Test func refusesToSealOversizedValues() throws {
        try expectCode(.tooLarge) {
            try key.seal(String(repeating: "é", count: 32_769), token: Token.random(), namespace: namespace)
        }
    }

    @Test func printsNoKeyMaterial() {
        #expect(key.description == "TokenVaultKey(vault-2026)")
        #expect(String(reflecting: key).contains("vault-2026"))
        #expect(TokenVaultKey.generate().id.rawValue == "token-vault")
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

@Suite("In-memory token vault")
struct InMemoryTokenVaultTests {
    let cards = try! TokenNamespace("card-numbers")
    let emails = try! TokenNamespace("contact.email")
    let alice = try! SubjectID("customer-0001")
    let bob = try! SubjectID("customer-0002")

    @Test func theSameValueGetsTheSameTokenInANamespace() async throws {
        let vault = InMemoryTokenVault()
        let first = try await vault.tokenize("4111111111111111", namespace: cards, subject: alice)
        let second = try await vault.tokenize("4111111111111111", namespace: cards)
        let third = try await vault.tokenize("4111111111111111", namespace: cards, subject: bob)
        #expect(first == second && second == third)
        #expect(vault.tokenCount == 1)
        #expect(try await vault.detokenize(first, namespace: cards) == "4111111111111111")
    }

    @Test func valuesAreComparedByteForByte() async throws {
        let vault = InMemoryTokenVault()
        let composed = try await vault.tokenize("résumé", namespace: emails)
        let decomposed = try await vault.tokenize("re\u{301}sume\u{301}", namespace: emails)
        let upper = try await vault.tokenize("RÉSUMÉ", namespace: emails)
        #expect(Set([composed, decomposed, upper]).count == 3)
        let read = try #require(try await vault.detokenize(decomposed, namespace: emails))
        #expect(Array(read.utf8) == Array("re\u{301}sume\u{301}".utf8))
    }

    @Test func namespacesAreSeparate() async throws {
        let vault = InMemoryTokenVault()
        let card = try await vault.tokenize("same", namespace: cards)
        let email = try await vault.tokenize("same", namespace: emails)
        #expect(card != email)
        #expect(try await vault.detokenize(card, namespace: emails) == nil)
        #expect(try await vault.detokenize(email, namespace: emails) == "same")
    }

    @Test func unknownTokensReadAsNil() async throws {
        let vault = InMemoryTokenVault()
        #expect(try await vault.detokenize(Token.random(), namespace: cards) == nil)
        let other = InMemoryTokenVault()
        let token = try await other.tokenize("elsewhere", namespace: cards)
        #expect(try await vault.detokenize(token, namespace: cards) == nil)
    }

    @Test func twoVaultsWithOneKeyStillIssueUnrelatedTokens() async throws {
        let key = TokenVaultKey(try MaskingKey(id: MaskingKeyID("k1"), bytes: Array(repeating: 7, count: 32)))
        let first = try await InMemoryTokenVault(key: key).tokenize("4111111111111111", namespace: cards)
        let second = try await InMemoryTokenVault(key: key).tokenize("4111111111111111", namespace: cards)
        #expect(first != second)
    }

    @Test func erasureDeletesEveryLinkedTokenInEveryNamespace() async throws {
        let vault = InMemoryTokenVault()
        let card = try await vault.tokenize("4111111111111111", namespace: cards, subject: alice)
        let email = try await vault.tokenize("alice@example.com", namespace: emails, subject: alice)
        let shared = try await vault.tokenize("family@example.com", namespace: emails, subject: bob)
        _ = try await vault.tokenize("family@example.com", namespace: emails, subject: alice)
        let bobs = try await vault.tokenize("bob@example.com", namespace: emails, subject: bob)
        let anonymous = try await vault.tokenize("anonymous", namespace: emails)
        #expect(vault.tokenCount == 5)

        #expect(try await vault.deleteTokens(of: alice) == 3)
        #expect(vault.tokenCount == 2)
        for (token, namespace) in [(card, cards), (email, emails), (shared, emails)] {
            #expect(try await vault.detokenize(token, namespace: namespace) == nil)
        }
        #expect(try await vault.detokenize(bobs, namespace: emails) == "bob@example.com")
        #expect(try await vault.detokenize(anonymous, namespace: emails) == "anonymous")
        #expect(try await vault.deleteTokens(of: alice) == 0)

        // The shared token is gone for Bob too; his remaining link counts only his own token.
        #expect(try await vault.deleteTokens(of: bob) == 1)
        let fresh = try await vault.tokenize("4111111111111111", namespace: cards, subject: alice)
        #expect(fresh != card)
        #expect(vault.tokenCount == 2)
    }

    @Test func concurrentCallsForOneNewValueEndWithOneToken() async throws {
        let vault = InMemoryTokenVault()
        let cards = cards
        let tokens = try await withThrowingTaskGroup(of: Token.self) { group in
            for _ in 0..<200 {
                group.addTask { try await vault.tokenize("4111111111111111", namespace: cards) }
            }
            var tokens: Set<Token> = []
            for try await token in group { tokens.insert(token) }
            return tokens
        }
        #expect(tokens.count == 1)
        #expect(vault.tokenCount == 1)
    }

    @Test func refusesValuesOverTheLimitAndStoresNothing() async throws {
        let vault = InMemoryTokenVault()
        let limit = TokenVaultLimits.maximumValueByteCount
        #expect(limit == 65_536)
        let atLimit = String(repeating: "é", count: limit / 2)
        _ = try await vault.tokenize(atLimit, namespace: cards)
        for value in [String(repeating: "a", count: limit + 1), atLimit + "é"] {
            await #expect(throws: MaskingError.self) { try await vault.tokenize(value, namespace: self.cards) }
            do {
                _ = try await vault.tokenize(value, namespace: cards, subject: alice)
            } catch {
                #expect(error.code == .tooLarge)
                #expect(error.message.contains("\(value.utf8.count)"))
                #expect(error.message.count < 300)
            }
        }
        #expect(vault.tokenCount == 1)
    }

    @Test func batchTokenizationKeepsOrderAndChecksEveryValueFirst() async throws {
        let vault = InMemoryTokenVault()
        let tokens = try await vault.tokenize(contentsOf: ["a", "b", "a"], namespace: cards, subject: alice)
        #expect(tokens.count == 3 && tokens[0] == tokens[2] && tokens[0] != tokens[1])
        do {
            _ = try await vault.tokenize(
                contentsOf: ["c", String(repeating: "x", count: 70_000)], namespace: cards, subject: alice)
            Issue.record("an oversized value in a batch was accepted")
        } catch let error as MaskingError {
            #expect(error.code == .tooLarge)
            #expect(error.message.hasPrefix("value 1 of 2"))
        }
        #expect(vault.tokenCount == 2)
        #expect(try await vault.deleteTokens(of: alice) == 2)
    }
}

private func expectCode<R>(
    _ code: MaskingError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
) throws {
    do {
        _ = try body()
        Issue.record("expected MaskingError.\(code), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as MaskingError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    }
}
