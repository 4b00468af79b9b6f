/// A named assessment of the units: which clause asks for it, and the clause parameter that gives
/// its parts' weights (`{partID: weight}`), so each is explained part by part like any score.
///
/// The plan asks for two: 5.2's assessment of the 争先进位 stage and overall targets, and 1.3's
/// count of articles submitted and adopted for the year-end Party-building assessment. A combined
/// ranking of everything is the campaign office's own idea; its weights say so by their source.
public struct Assessment: Sendable, Hashable, Codable, Identifiable {
    /// What the assessment is for.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The campaign's evaluation of the units (5.2): `dudao report evaluation`, the evaluation page.
        case evaluation
        /// A report the plan hands to another assessment (1.3's to the year-end Party-building one).
        case report
        /// A ranking the campaign office chose to make; its weights are its own.
        case ranking
    }

    /// Stable id, e.g. `target-completion`.
    public var id: String
    public var kind: Kind
    /// The clause whose words ask for it and whose parameter holds the weights.
    public var clause: String
    public var title: LocalizedText
    /// The clause parameter holding `{partID: weight}`.
    public var weightsKey: String

    public init(id: String, kind: Kind, clause: String, title: LocalizedText, weightsKey: String) {
        self.id = id
        self.kind = kind
        self.clause = clause
        self.title = title
        self.weightsKey = weightsKey
    }

    /// The weights by part id, from the campaign file; empty when the parameter is missing.
    public func weights(in campaign: Campaign) -> [String: Double] {
        (campaign.clause(clause)?.parameters[weightsKey]?.objectValue ?? [:]).compactMapValues(\.doubleValue)
    }

    /// Where the weights come from: a quote of the plan, or the office's own assumption.
    public func weightsSource(in campaign: Campaign) -> ParameterSource? {
        campaign.clause(clause)?.source(of: weightsKey)
    }

    /// Whether the weights are the campaign office's own (not set by the plan's words).
    public func weightsAreTheOfficesOwn(in campaign: Campaign) -> Bool {
        weightsSource(in: campaign)?.isAssumption ?? true
    }
}
