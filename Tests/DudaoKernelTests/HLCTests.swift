import DudaoKernel
import Foundation
import Testing

@Suite struct HLCTests {
    let clock = HLCClock(maximumDrift: 60_000)

    @Test func localEventsAreStrictlyIncreasingEvenWhenTheWallClockStalls() {
        var last = HLC.zero
        for now in [1000, 1000, 1000, 999, 2000] as [Int64] {
            let next = clock.tick(after: last, now: now)
            #expect(next > last)
            last = next
        }
        #expect(last == HLC(wall: 2000, counter: 0))
    }

    @Test func receivingMovesPastTheRemote() {
        let next = clock.receive(HLC(wall: 5000, counter: 3), after: HLC(wall: 1000), now: 4000)
        #expect(next == HLC(wall: 5000, counter: 4))
    }

    @Test func aRemoteYearsAheadCannotDragTheClockPastTheDrift() {
        let tenYears: Int64 = 10 * 365 * 86_400_000
        let next = clock.receive(HLC(wall: 1_000_000 + tenYears), after: HLC(wall: 1_000_000), now: 1_000_000)
        #expect(next.wall <= 1_000_000 + 60_000)
        #expect(next > HLC(wall: 1_000_000))
    }

    @Test func envelopesOrderByClockThenOrigin() {
        let a = RecordEnvelope(id: "r", unit: "u", type: "t", body: Data(), author: nil, hlc: HLC(wall: 5), origin: "a", sequence: 1)
        var b = a
        b.origin = "b"
        #expect(b.supersedes(a) && !a.supersedes(b))
        var c = a
        c.hlc = HLC(wall: 6)
        #expect(c.supersedes(b))
    }
}
