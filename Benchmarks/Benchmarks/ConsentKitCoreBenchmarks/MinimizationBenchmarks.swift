// Purpose-bound data minimization on a request's path. Targets (issue 5):
// a 30-field payload ≥ 1 M payloads/s as a JSONValue and ≥ 300 k/s through
// Codable.
//
// The payload is a sign-up with 30 leaf fields: 22 top-level ones plus an
// address (4) and a company (4). The purpose keeps email, name, phone, the
// whole address and the company's name (8 fields); 22 are dropped. Each
// iteration builds the kept value and the record of what was dropped, and
// releases them; the plan is compiled once, outside the measurement.

import Benchmark
import ConsentKitCore

private struct Address: Codable {
    var street: String
    var city: String
    var postalCode: String
    var country: String
}

private struct Company: Codable {
    var name: String
    var vatID: String
    var department: String
    var title: String
}

private struct SignUp: Codable {
    var email: String
    var name: String
    var firstName: String
    var lastName: String
    var phone: String
    var birthday: String
    var gender: String
    var locale: String
    var timezone: String
    var marketingOptIn: Bool
    var referrer: String
    var utmSource: String
    var utmMedium: String
    var utmCampaign: String
    var ipAddress: String
    var userAgent: String
    var deviceID: String
    var sessionID: String
    var createdAt: Double
    var loyaltyTier: Int
    var notes: String
    var favoriteColor: String
    var address: Address
    var company: Company
}

private let sampleSignUp = SignUp(
    email: "ada@example.com", name: "Ada Lovelace", firstName: "Ada", lastName: "Lovelace", phone: "+44 20 7946 0000",
    birthday: "1815-12-10", gender: "f", locale: "en-GB", timezone: "Europe/London", marketingOptIn: true,
    referrer: "https://example.org/landing", utmSource: "newsletter", utmMedium: "email", utmCampaign: "spring-2026",
    ipAddress: "203.0.113.42", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
    deviceID: "d-8f14e45fceea167a", sessionID: "s-c9f0f895fb98ab91", createdAt: 1_767_225_600, loyaltyTier: 3,
    notes: "prefers email", favoriteColor: "teal",
    address: Address(street: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "GB"),
    company: Company(name: "Analytical Engines Ltd", vatID: "GB123456789", department: "R&D", title: "Programmer"))

/// The shipping purpose's plan, compiled from a catalog as a host would.
private func shippingPlan() throws -> MinimizationPlan {
    let shipping = try PurposeID("shipping")
    let catalog = try PrivacyCatalog(
        categories: [],
        purposes: [
            Purpose(
                shipping, title: "Shipping", description: "We deliver what you buy.", legalBasis: .contract,
                fields: try ["email", "name", "phone", "address", "company.name"].map { try FieldPath($0) })
        ])
    return try catalog.minimizationPlan(for: [shipping])
}

func minimizationBenchmarks() {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 10, scalingFactor: .kilo,
        maxDuration: .seconds(2), maxIterations: 10_000)

    // 3 allocations per payload: the kept root object, the kept company
    // object, and the record of dropped fields.
    Benchmark("Minimization strip, JSONValue, 30 fields (8 kept)", configuration: configuration) { benchmark in
        let plan = try shippingPlan()
        let payload = try JSONValueEncoder().encode(sampleSignUp)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try plan.strip(payload))
        }
        benchmark.stopMeasurement()
    }

    // Reject mode on a payload with only allowed fields: a walk, no allocation.
    Benchmark("Minimization reject, JSONValue, 8 allowed fields", configuration: configuration) { benchmark in
        let plan = try shippingPlan()
        let payload = try plan.strip(try JSONValueEncoder().encode(sampleSignUp)).kept
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try plan.reject(payload))
        }
        benchmark.stopMeasurement()
    }

    // Dropped members are never encoded: the cost is the Codable machinery
    // for the 30 members plus encoding the 8 kept ones.
    Benchmark("Minimization strip, Codable, 30 fields (8 kept)", configuration: configuration) { benchmark in
        let plan = try shippingPlan()
        let value = sampleSignUp
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try plan.strip(value))
        }
        benchmark.stopMeasurement()
    }

    // For comparison: the whole value, as JSONValueEncoder writes it.
    Benchmark("JSONValueEncoder encode, 30 fields", configuration: configuration) { benchmark in
        let encoder = JSONValueEncoder()
        let value = sampleSignUp
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try encoder.encode(value))
        }
        benchmark.stopMeasurement()
    }
}
