import DudaoKernel

/// The bureau's view of sync: `/api/v1/sync/status`.
public struct PublicSyncStatus: PublicOutput, Hashable {
    public var units: [Unit]
    /// Bundles waiting for earlier changes of their sender.
    public var held: [Held]
    /// The latest refused bundles, newest first.
    public var refused: [Refused]

    public struct Unit: PublicOutput, Hashable {
        public var unit: String
        public var enrolled: Bool
        public var lastBundle: String?
        public var lastReceived: LocalDate?
        public var daysSince: Int?
        public var held: Int
        public var refused: Int

        public init(unit: String, enrolled: Bool, lastBundle: String?, lastReceived: LocalDate?, daysSince: Int?, held: Int, refused: Int) {
            self.unit = unit
            self.enrolled = enrolled
            self.lastBundle = lastBundle
            self.lastReceived = lastReceived
            self.daysSince = daysSince
            self.held = held
            self.refused = refused
        }

        enum CodingKeys: String, CodingKey {
            case unit, enrolled, lastBundle, lastReceived, daysSince, held, refused
        }
    }

    public struct Held: PublicOutput, Hashable {
        public var bundle: String
        /// The sending node.
        public var sender: String
        /// The sender's change the bundle waits for, as `ORIGIN:SEQUENCE`.
        public var waitsFor: String

        public init(bundle: String, sender: String, waitsFor: String) {
            self.bundle = bundle
            self.sender = sender
            self.waitsFor = waitsFor
        }

        enum CodingKeys: String, CodingKey {
            case bundle, sender, waitsFor
        }
    }

    public struct Refused: PublicOutput, Hashable {
        public var bundle: String?
        public var unit: String?
        public var reason: String
        public var on: LocalDate

        public init(bundle: String?, unit: String?, reason: String, on: LocalDate) {
            self.bundle = bundle
            self.unit = unit
            self.reason = reason
            self.on = on
        }

        enum CodingKeys: String, CodingKey {
            case bundle, unit, reason, on
        }
    }

    public init(units: [Unit], held: [Held], refused: [Refused]) {
        self.units = units
        self.held = held
        self.refused = refused
    }

    enum CodingKeys: String, CodingKey {
        case units, held, refused
    }
}
