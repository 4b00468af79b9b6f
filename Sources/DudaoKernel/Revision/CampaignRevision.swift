/// One publication of the campaign by the bureau: a number that only grows, the fingerprint of
/// the document published and the day from which it is in force.
///
/// Revision 0 is the campaign a store was initialised with; `dudao campaign publish` makes 1, 2, …
/// The fingerprint is the lower-case hex SHA-256 of the document's bytes as published and carried
/// in bundles (named `campaignRevision` in a bundle header, beside any other campaign fingerprint).
public struct CampaignRevision: Sendable, Hashable, Codable {
    public var number: Int
    public var fingerprint: String
    /// The first day the revision governs: periods whose deadline falls before it keep the verdict
    /// of the revision before (see `CampaignHistory`).
    public var effectiveOn: LocalDate

    public init(number: Int, fingerprint: String, effectiveOn: LocalDate) {
        self.number = number
        self.fingerprint = fingerprint
        self.effectiveOn = effectiveOn
    }
}

/// The revisions of a campaign a store holds, oldest first, each with its campaign: what
/// evaluation across revisions reads.
///
/// The rule: **a period is judged under the revision in force on its deadline.** Going through
/// the revisions in order, a cell of the earlier revision whose deadline (the period's last day
/// when it has none) falls before the next revision's `effectiveOn` is settled and kept; the next
/// revision's cells replace all the others, except those that overlap a settled cell of the same
/// clause and rule. So a unit that met a quota before it was raised keeps `met` for the periods
/// already past, a deadline moved forward before it passed gives the unit the new date, and a unit
/// a revision adds (a new school mid-year) owes nothing for periods settled before it joined.
public struct CampaignHistory: Sendable {
    public struct Era: Sendable {
        public var revision: CampaignRevision
        public var campaign: Campaign

        public init(revision: CampaignRevision, campaign: Campaign) {
            self.revision = revision
            self.campaign = campaign
        }
    }

    /// Oldest first; the last is the campaign in force now.
    public var eras: [Era]

    public init(eras: [Era]) {
        self.eras = eras
    }
}
