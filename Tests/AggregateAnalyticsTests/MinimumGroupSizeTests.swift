import AggregateAnalytics
import Foundation
import Testing

@Suite("Minimum group size")
struct MinimumGroupSizeTests {
    @Test func withholdsSmallGroupsAndCountsThem() throws {
        let k = try MinimumGroupSize(5)
        let release = k.release(["1010": 12, "1011": 4, "1012": 5, "1013": 1])
        #expect(release.groups == ["1010": 12, "1012": 5])
        #expect(release.suppressedGroupCount == 2)
    }

    @Test(arguments: [Int.min, -1, 0, 1])
    func thresholdsBelowTwoAreRejected(_ threshold: Int) {
        #expect(throws: ThresholdError.self) { try MinimumGroupSize(threshold) }
    }

    @Test func decodingValidates() throws {
        #expect(try JSONDecoder().decode(MinimumGroupSize.self, from: Data("10".utf8)).threshold == 10)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MinimumGroupSize.self, from: Data("1".utf8)) }
    }
}
