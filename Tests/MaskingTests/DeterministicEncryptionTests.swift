import ConsentKitCore
import Masking
import Testing

@Suite("Deterministic encryption (AES-SIV)")
struct DeterministicEncryptionTests {
    static func key(_ id: String, fill: UInt8) throws -> MaskingKey {
        try MaskingKey(id: MaskingKeyID(id), bytes: [UInt8](repeating: fill, count: 32))
    }

    static func context(_ field: String = "contact.email", tenant: String? = "acme", purpose: String? = nil) throws -> MaskingContext {
        MaskingContext(
            field: try FieldPath(field), tenant: try tenant.map { try TenantID($0) }, purpose: try purpose.map { try PurposeID($0) })
    }

    static func cipher() throws -> DeterministicEncryption {
        DeterministicEncryption(keyring: try MaskingKeyring(current: key("k2026-11", fill: 1), retired: [key("k2026-05", fill: 2)]))
    }

    static func expectCode(
        _ code: MaskingError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> String
    ) {
        let error = #expect(throws: MaskingError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.code == code, "got \(String(describing: error))", sourceLocation: sourceLocation)
    }

    static let base64URLDigits = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test(arguments: ["ada@example.com", "", "é", "👩‍💻 x", String(repeating: "long value ", count: 500)])
    func roundTripsAndHasTheDocumentedShape(_ value: String) throws {
        let cipher = try Self.cipher()
        let context = try Self.context()
        let text = try cipher.encrypt(value, context: context)
        #expect(text.hasPrefix("k2026-11:"))
        let encoded = text.dropFirst("k2026-11:".count)
        #expect(encoded.allSatisfy { Self.base64URLDigits.contains($0) })
        #expect(encoded.count == (8 * (value.utf8.count + 16) + 5) / 6)
        #expect(try cipher.decrypt(text, context: context) == value)
    }

    @Test func sameValueAndContextGiveTheSameText() throws {
        let context = try Self.context()
        let first = try Self.cipher().encrypt("ada@example.com", context: context)
        let second = try Self.cipher().encrypt("ada@example.com", context: context)
        #expect(first == second)
        #expect(try Self.cipher().encrypt("ada@example.con", context: context) != first)
    }

    @Test func otherContextsGiveUnrelatedTextsThatDoNotDecrypt() throws {
        let cipher = try Self.cipher()
        let contexts = [
            try Self.context(), try Self.context(tenant: "globex"), try Self.context(tenant: nil),
            try Self.context(purpose: "support"), try Self.context("contact.phone"),
        ]
        let texts = try contexts.map { try cipher.encrypt("ada@example.com", context: $0) }
        #expect(Set(texts).count == texts.count)
        // Not just a different IV: the ciphertext bodies differ too.
        #expect(Set(texts.map { $0.suffix(10) }).count == texts.count)
        for (index, text) in texts.enumerated() {
            for (other, context) in contexts.enumerated() where other != index {
                Self.expectCode(.authenticationFailed) { try cipher.decrypt(text, context: context) }
            }
        }
    }

    @Test func retiredKeysStillDecryptAndDroppedKeysAreUnknown() throws {
        let context = try Self.context()
        let old = DeterministicEncryption(keyring: try MaskingKeyring(current: Self.key("k2026-05", fill: 2)))
        let text = try old.encrypt("ada@example.com", context: context)
        #expect(text.hasPrefix("k2026-05:"))
        let rotated = try Self.cipher()
        #expect(rotated.currentKeyID.rawValue == "k2026-11")
        #expect(try rotated.decrypt(text, context: context) == "ada@example.com")
        #expect(try rotated.encrypt("ada@example.com", context: context).hasPrefix("k2026-11:"))

        let dropped = DeterministicEncryption(keyring: try MaskingKeyring(current: Self.key("k2027-01", fill: 3)))
        Self.expectCode(.unknownKey) { try dropped.decrypt(text, context: context) }
        // Same id, other material: authentication fails rather than returning garbage.
        let impostor = DeterministicEncryption(keyring: try MaskingKeyring(current: Self.key("k2026-05", fill: 9)))
        Self.expectCode(.authenticationFailed) { try impostor.decrypt(text, context: context) }
    }

    @Test func everyTamperedCharacterIsRefused() throws {
        let cipher = try Self.cipher()
        let context = try Self.context()
        let text = try cipher.encrypt("ada@example.com", context: context)
        let characters = Array(text)
        let colon = characters.firstIndex(of: ":") ?? 0
        for index in characters.indices where index > colon {
            var tampered = characters
            tampered[index] = tampered[index] == "A" ? "B" : "A"
            let result = Result { try cipher.decrypt(String(tampered), context: context) }
            switch result {
            case .success(let value): Issue.record("tampered text at \(index) decrypted to \(value)")
            case .failure(let error):
                let code = (error as? MaskingError)?.code
                // The last character can also carry non-zero padding bits: a format error.
                #expect(code == .authenticationFailed || (index == characters.count - 1 && code == .invalidFormat))
            }
        }
    }

    @Test(arguments: [
        "", "no colon at all", ":AAAAAAAAAAAAAAAAAAAAAA", "bad id!:AAAAAAAAAAAAAAAAAAAAAA",
        "k2026-11:", "k2026-11:AAAA", "k2026-11:AAAAAAAAAAAAAAAAAAAA",  // 15 bytes: shorter than the tag
        "k2026-11:AAAAAAAAAAAAAAAAAAAAAA==", "k2026-11:AAAAAAAAAAAAAAAAAAAAAA+", "k2026-11:AAAAAAAAAAAAAAAAAAAAAA/",
        "k2026-11:AAAAAAAAAAAAAAAAAAAAAAAAA",  // length ≡ 1 (mod 4)
        "k2026-11:AAAAAAAAAAAAAAAAAAAAAB",  // non-zero padding bits
        "k2026-11:AAAAAAAA AAAAAAAAAAAAAA", "k2026-11:AAAAAAAAAAAAAAAAAAAAAA\n", "k2026-11:ÄAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformedTextsAreFormatErrors(_ text: String) throws {
        Self.expectCode(.invalidFormat) { try Self.cipher().decrypt(text, context: Self.context()) }
    }

    @Test func wellFormedButUnknownOrForgedTexts() throws {
        let cipher = try Self.cipher()
        Self.expectCode(.unknownKey) { try cipher.decrypt("k1999:AAAAAAAAAAAAAAAAAAAAAA", context: Self.context()) }
        Self.expectCode(.authenticationFailed) { try cipher.decrypt("k2026-11:AAAAAAAAAAAAAAAAAAAAAA", context: Self.context()) }
    }

    @Test func authenticPlaintextThatIsNotUTF8IsRefused() throws {
        let cipher = try Self.cipher()
        let context = try Self.context()
        let text = try cipher.encrypt(bytes: [0x61, 0xFF, 0xFE], context: context)
        Self.expectCode(.invalidUTF8) { try cipher.decrypt(text, context: context) }
        let valid = try cipher.encrypt(bytes: Array("ok".utf8), context: context)
        #expect(try cipher.decrypt(valid, context: context) == "ok")
    }

    @Test func sizeLimits() throws {
        let cipher = try Self.cipher()
        let context = try Self.context()
        let largest = String(repeating: "x", count: DeterministicEncryption.maximumValueByteCount)
        let text = try cipher.encrypt(largest, context: context)
        #expect(try cipher.decrypt(text, context: context) == largest)
        Self.expectCode(.tooLarge) { try cipher.encrypt(largest + "x", context: context) }
        Self.expectCode(.tooLarge) { try cipher.decrypt(text + String(repeating: "A", count: 40), context: context) }
    }

    @Test func neverPrintsKeyMaterial() throws {
        #expect(String(describing: try Self.cipher()) == "DeterministicEncryption(current: k2026-11, keys: 2)")
    }
}
