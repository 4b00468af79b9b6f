import DudaoKernel

/// A coloured state label (`s-met`, `s-overdue` …), optionally a link with a tooltip.
public struct Badge: Sendable {
    public var state: CellState
    public var text: String
    public var link: Link?
    public var tooltip: String?

    public init(_ state: CellState, _ t: Tr, text: String? = nil, link: Link? = nil, tooltip: String? = nil) {
        self.state = state
        self.text = text ?? t.text(state.title)
        self.link = link
        self.tooltip = tooltip
    }

    public var html: HTML {
        let tip: HTML? = tooltip.map { " title=\"\($0)\"" }
        if let link { return "<a class=\"s s-\(state.rawValue)\" href=\"\(link)\"\(tip)>\(text)</a>" }
        return "<span class=\"s s-\(state.rawValue)\"\(tip)>\(text)</span>"
    }
}

extension CellState {
    /// The worst of some states: overdue, then due, late, met, not applicable.
    public static func worst<States: Sequence>(_ states: States) -> CellState where States.Element == CellState {
        var seen = Set<CellState>()
        for state in states { seen.insert(state) }
        for state in [CellState.overdue, .due, .metLate, .met] where seen.contains(state) { return state }
        return .notApplicable
    }
}
