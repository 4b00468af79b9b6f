/// Section 二's method pairs across a unit's inspections: "采取明查与暗访相结合、听取汇报与查阅资料相结合、
/// 召开座谈会与实地走访相结合等方式方法" — and R4, "要始终坚持明查与暗访相结合".
///
/// A pair is combined for a unit when its held inspections, together, used both halves. For the
/// announced/unannounced pair, an inspection's `announced` flag says which half it used.
public struct MethodMix: Sendable, Hashable, Codable {
    public struct PairUse: Sendable, Hashable, Codable {
        /// The method pair id (M1 …).
        public var pair: String
        /// How many held inspections used each half, by method id, in the pair's order.
        public var uses: [String: Int]
        /// Both halves used.
        public var combined: Bool
        /// The halves not used yet.
        public var missing: [String]
    }

    public var unit: String
    /// Held inspections counted.
    public var inspections: Int
    public var pairs: [PairUse]

    /// The method ids that stand for an announced (明查) and an unannounced (暗访) inspection.
    static let announcedIDs = ["announced": true, "unannounced": false]

    /// Whether `method` says the inspection was announced (true), unannounced (false), or neither (nil).
    public static func announcedSide(of method: String) -> Bool? { announcedIDs[method] }

    /// The mix of `inspections` (one unit's) as of `asOf`.
    public static func of(_ inspections: [Inspection], unit: String, campaign: Campaign, asOf: LocalDate) -> MethodMix {
        let held = inspections.filter { $0.heldOn.map { $0 <= asOf } ?? false }
        let pairs = campaign.methods.map { pair -> PairUse in
            var uses: [String: Int] = [:]
            for method in pair.pair {
                uses[method.id] = held.filter { inspection in
                    inspection.methods.contains(method.id) || announcedSide(of: method.id) == inspection.announced
                }.count
            }
            let missing = pair.pair.map(\.id).filter { (uses[$0] ?? 0) == 0 }
            return PairUse(pair: pair.id, uses: uses, combined: missing.isEmpty, missing: missing)
        }
        return MethodMix(unit: unit, inspections: held.count, pairs: pairs)
    }
}
