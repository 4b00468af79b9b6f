/// Where a score part's weight comes from, and which parts count.
///
/// The rule, for the office's combined ranking (an `Assessment` of kind `.ranking`, and the
/// registry's `scoreWeights` clause parameter):
/// 1. the parts *present* are the kernel's and those of every plugin that serves at least one
///    clause of the campaign, so a plugin built in but absent from the campaign changes nothing;
/// 2. a present part weighs what the campaign's weights parameter gives its id, or else what its
///    own clause's `scoreWeight` parameter gives, or else its `defaultWeight`; 0 leaves it out;
/// 3. `Scoreboard` normalises the weights to a total of 100.
///
/// An assessment of another kind (5.2's target assessment, 1.3's report) weighs exactly the parts
/// its clause parameter names: the plan's words choose them, not the plugins.
public enum ScoreWeights {
    /// The clause parameter by which a phase's own clause sets its part's weight.
    public static let clauseParameter = "scoreWeight"

    /// Each of `parts`' weight: `overrides[id]` when the campaign names it, else its clause's
    /// `scoreWeight`, else the default; zeros dropped.
    public static func resolve(_ parts: [ScorePart], overrides: [String: Double], campaign: Campaign) -> [String: Double] {
        var weights: [String: Double] = [:]
        for part in parts {
            let own = part.clause.flatMap { campaign.clause($0)?.parameters[clauseParameter]?.doubleValue }
            let weight = overrides[part.id] ?? own ?? part.defaultWeight
            if weight > 0 { weights[part.id] = weight }
        }
        return weights
    }
}

extension PluginRegistry {
    /// The score parts that count in `campaign`: the kernel's, and those of plugins serving one of its clauses.
    public func scoreParts(in campaign: Campaign) -> [ScorePart] {
        let clauses = Set(campaign.clauses.map(\.id))
        return scoreParts.filter { part in
            guard let manifest = plugins.first(where: { $0.id == part.plugin }), !manifest.clauses.isEmpty else { return true }
            return manifest.clauses.contains(where: clauses.contains)
        }
    }

    /// The combined ranking's weights in `campaign`: the `scoreWeights` parameter over the parts' defaults.
    public func rankingWeights(in campaign: Campaign) -> [String: Double] {
        let named = scoreWeights.flatMap { campaign.clause($0.clause)?.parameters[$0.key]?.objectValue } ?? [:]
        return ScoreWeights.resolve(scoreParts(in: campaign), overrides: named.compactMapValues(\.doubleValue), campaign: campaign)
    }
}

extension Assessment {
    /// The weights this assessment scores with in `campaign`: a ranking weighs every part present
    /// (its default unless the campaign names it); any other assessment only the parts its
    /// parameter names.
    public func weights(in campaign: Campaign, registry: PluginRegistry) -> [String: Double] {
        guard kind == .ranking else { return weights(in: campaign) }
        return ScoreWeights.resolve(registry.scoreParts(in: campaign), overrides: weights(in: campaign), campaign: campaign)
    }
}
