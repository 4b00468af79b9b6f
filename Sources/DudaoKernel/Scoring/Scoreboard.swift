/// A unit's score for 5.2: each part's ratio, weight and points, adding up to the total.
public struct UnitScore: Sendable, Hashable, Codable {
    public struct Part: Sendable, Hashable, Codable {
        public var id: String
        public var title: LocalizedText
        public var weight: Double
        public var ratio: Double?
        /// ratio × weight × 100 ÷ the weights of the judged parts: weights are normalised to a total
        /// of 100, and an unjudged part's weight is spread over the judged ones.
        public var points: Double
        public var explanation: LocalizedText
        /// Where the weight comes from: the plan's words, or the campaign office's own setting.
        public var weightSource: ParameterSource?
    }

    public var unit: String
    public var total: Double
    public var rank: Int
    public var parts: [Part]
}

/// Combines score parts with the campaign's weights and ranks the units.
public enum Scoreboard {
    /// Scores each context's unit and ranks them, best first; ties share a rank.
    /// Parts without a weight count for nothing; the weights of the others are normalised to 100,
    /// and a part with nothing to judge hands its weight to the others in proportion, so every
    /// total is out of the same 100 whatever the weights add up to (`ScoreWeights` says where
    /// each weight comes from).
    public static func rank(_ contexts: [ScoreContext], parts: [ScorePart], weights: [String: Double]) -> [UnitScore] {
        ranked(contexts.map { score($0, parts: parts, weights: weights) })
    }

    /// One unit's score, not yet ranked: units are scored independently (on any thread), then ranked together.
    public static func score(_ context: ScoreContext, parts: [ScorePart], weights: [String: Double]) -> UnitScore {
        let weighted = parts.filter { (weights[$0.id] ?? 0) > 0 }
        let measured = weighted.map { ($0, $0.measure(context)) }
        let judgedWeight = measured.filter { $0.1.ratio != nil }.reduce(0) { $0 + weights[$1.0.id]! }
        let scale = judgedWeight > 0 ? 100 / judgedWeight : 0
        let resultParts = measured.map { part, measure in
            let weight = weights[part.id]!
            let points = measure.ratio.map { ($0 * weight * scale * 100).rounded() / 100 } ?? 0
            return UnitScore.Part(id: part.id, title: part.title, weight: weight, ratio: measure.ratio,
                                  points: points, explanation: measure.explanation)
        }
        let total = resultParts.reduce(0) { $0 + $1.points }
        return UnitScore(unit: context.unit.id, total: (total * 100).rounded() / 100, rank: 0, parts: resultParts)
    }

    /// Sorts scores best first and ranks them; ties share a rank.
    public static func ranked(_ scores: [UnitScore]) -> [UnitScore] {
        var scores = scores
        scores.sort { ($0.total, $1.unit) > ($1.total, $0.unit) }
        for index in scores.indices {
            scores[index].rank = index > 0 && scores[index].total == scores[index - 1].total ? scores[index - 1].rank : index + 1
        }
        return scores
    }
}
