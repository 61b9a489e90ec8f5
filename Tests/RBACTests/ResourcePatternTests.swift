import RBAC
import Testing

@Suite("Resource patterns")
struct ResourcePatternTests {
    @Test(arguments: [
        ("orders/*", "orders/17", true),
        ("orders/*", "orders", false),
        ("orders/*", "orders/17/lines", false),
        ("customers/{id}/addresses", "customers/42/addresses", true),
        ("customers/{id}/addresses", "customers//addresses", false),
        ("customers/{id}/addresses", "customers/42/orders", false),
        ("reports/**", "reports", true),
        ("reports/**", "reports/2026/q1", true),
        ("reports/**", "report", false),
        ("orders", "orders", true),
        ("orders", "orders/", false),
        ("orders", "ordersX", false),
        ("*", "anything", true),
        ("*", "", false),
    ])
    func matching(_ pattern: String, _ resource: String, _ expected: Bool) throws {
        #expect(try ResourcePattern(pattern).matches(resource) == expected)
    }

    @Test(arguments: ["", "a//b", "/a", "a/", "a/**/b", "a/{id", "a/id}", "a/x*", "a/{}"])
    func malformedPatternsAreTypedErrors(_ pattern: String) {
        #expect(throws: ResourcePatternError.self) { try ResourcePattern(pattern) }
    }

    @Test func oversizedPatternIsRejected() {
        #expect(throws: ResourcePatternError.self) { try ResourcePattern(String(repeating: "a/", count: 300) + "a") }
    }
}
