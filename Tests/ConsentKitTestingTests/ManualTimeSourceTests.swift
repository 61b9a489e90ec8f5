import ConsentKitCore
import ConsentKitTesting
import Foundation
import Testing

@Suite("Manual time source")
struct ManualTimeSourceTests {
    @Test func standsStillUntilMoved() {
        let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_000))
        #expect(clock.now() == Date(timeIntervalSince1970: 1_000))
        clock.advance(by: 60)
        #expect(clock.now() == Date(timeIntervalSince1970: 1_060))
        clock.set(to: Date(timeIntervalSince1970: 5))
        #expect(clock.now() == Date(timeIntervalSince1970: 5))
    }

    @Test func isUsableAsAnExistentialTimeSourceAcrossTasks() async {
        let clock = ManualTimeSource()
        let source: any TimeSource = clock
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { clock.advance(by: 1) } }
        }
        #expect(source.now() == Date(timeIntervalSince1970: 1_767_225_600 + 8))
    }
}
