/// A hybrid logical clock timestamp: wall-clock milliseconds plus a counter.
///
/// Ordered by (wall, counter); ties between nodes break on the node id, so every side orders
/// concurrent writes alike.
public struct HLC: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var wall: Int64
    public var counter: Int32

    public init(wall: Int64, counter: Int32 = 0) {
        self.wall = wall
        self.counter = counter
    }

    public static let zero = HLC(wall: 0, counter: 0)

    public static func < (lhs: HLC, rhs: HLC) -> Bool { (lhs.wall, lhs.counter) < (rhs.wall, rhs.counter) }

    public var description: String { "\(wall).\(counter)" }
}

/// The clock arithmetic of an HLC, pure: the caller passes the physical time in.
public struct HLCClock: Sendable {
    /// How far ahead of local physical time a remote timestamp may pull the clock.
    public var maximumDrift: Int64

    public init(maximumDrift: Int64 = 24 * 3_600_000) {
        self.maximumDrift = maximumDrift
    }

    /// The timestamp of a local event after `last`, at physical time `now` (ms).
    public func tick(after last: HLC, now: Int64) -> HLC {
        if now > last.wall { return HLC(wall: now, counter: 0) }
        return HLC(wall: last.wall, counter: last.counter + 1)
    }

    /// The clock after receiving `remote`; a remote too far ahead is not followed past
    /// `now + maximumDrift`, so one node's wrong clock cannot drag the others into the future.
    public func receive(_ remote: HLC, after last: HLC, now: Int64) -> HLC {
        let bounded = remote.wall > now + maximumDrift ? HLC(wall: now + maximumDrift, counter: 0) : remote
        let wall = max(last.wall, bounded.wall, now)
        if wall == last.wall && wall == bounded.wall { return HLC(wall: wall, counter: max(last.counter, bounded.counter) + 1) }
        if wall == last.wall { return HLC(wall: wall, counter: last.counter + 1) }
        if wall == bounded.wall { return HLC(wall: wall, counter: bounded.counter + 1) }
        return HLC(wall: wall, counter: 0)
    }
}
