/// How hard a simulated unit works in the demo: on time, late, or leaving things out.
public enum Diligence: String, Sendable, Hashable, Codable, CaseIterable {
    /// Does everything, on time.
    case diligent
    /// Does everything, some of it after the deadline.
    case late
    /// Leaves some obligations out altogether.
    case lax
}

/// A record a plugin's simulation produced, to be written by the unit's agent or by the bureau.
public struct SimulatedRecord: Sendable, Hashable {
    /// A deterministic id, so other simulated records can refer to this one.
    public var id: String
    public var unit: String
    public var type: String
    public var body: [UInt8]
    public var author: String?
    /// Written at the bureau (adoptions, visits, inspections) rather than by the unit.
    public var byBureau: Bool
    /// The day it happened, so the demo can write records in the order of the year.
    public var on: LocalDate
}

/// What a plugin's simulation sees and writes: one unit, its diligence, a seeded random source.
public struct SimulationContext: Sendable {
    public let campaign: Campaign
    public let calendar: CampaignCalendar
    public let unit: CampaignUnit
    public let diligence: Diligence
    public private(set) var records: [SimulatedRecord] = []
    private var random: SplitMix64

    public init(campaign: Campaign, calendar: CampaignCalendar, unit: CampaignUnit, diligence: Diligence, seed: UInt64) {
        self.campaign = campaign
        self.calendar = calendar
        self.unit = unit
        self.diligence = diligence
        random = SplitMix64(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// Adds a record of `body` for this unit, on `on`; returns its id for records that refer to it.
    @discardableResult
    public mutating func add<B: RecordBody>(_ body: B, on: LocalDate, author: String? = nil, byBureau: Bool = false) -> String {
        let id = "sim-\(unit.id)-\(records.count + 1)-\(String(next() % 0xFFFF_FFFF, radix: 16))"
        guard let data = try? RecordCoding.encode(body) else { return id }
        records.append(SimulatedRecord(id: id, unit: unit.id, type: B.recordType, body: Array(data), author: author,
                                       byBureau: byBureau, on: on))
        return id
    }

    /// The next pseudo-random number (SplitMix64): the same seed gives the same year.
    public mutating func next() -> UInt64 { random.next() }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }

    /// A whole number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A day in `window`, clamped to its bounds.
    public mutating func day(in window: DateWindow) -> LocalDate {
        window.start.adding(days: int(in: 0...max(0, window.days - 1)))
    }

    /// The day a unit of this diligence does something due on `deadline`: before it when
    /// diligent, a few days after when late; nil when lax and `skipChance` strikes.
    public mutating func dayFor(deadline: LocalDate, earliest: LocalDate, skipChance: Double = 0.5) -> LocalDate? {
        switch diligence {
        case .diligent:
            let span = max(0, earliest.days(until: deadline))
            return earliest.adding(days: span == 0 ? 0 : int(in: 0...span))
        case .late:
            return deadline.adding(days: int(in: 1...12))
        case .lax:
            if chance(skipChance) { return nil }
            let span = max(0, earliest.days(until: deadline))
            return earliest.adding(days: span == 0 ? 0 : int(in: 0...span))
        }
    }

    /// The people of this unit with `role`.
    public func people(_ role: Person.Role) -> [Person] {
        campaign.people.filter { $0.unit == unit.id && $0.roles.contains(role) }
    }

    /// The bureau leaders responsible for this unit.
    public var leaders: [Person] { campaign.leaders(responsibleFor: unit.id) }
}

/// A plugin's contribution to the demo: the records one unit (and the bureau about it) makes in a year.
public struct Simulation: Sendable {
    public let plugin: String
    public let run: @Sendable (inout SimulationContext) -> Void

    public init(plugin: String, run: @escaping @Sendable (inout SimulationContext) -> Void) {
        self.plugin = plugin
        self.run = run
    }
}

/// SplitMix64: a small seeded generator, so a simulated year (or a test's random order) replays
/// exactly from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
