/// The move of an open ledger item to the unit that took over its own (a merger a campaign revision
/// announces with `mergedInto`): an event the bureau appends, never an edit of the item.
///
/// It is written under the receiving unit, so that unit's agent receives it, and carries the item
/// as it stood with its history: the receiving unit holds none of the merged unit's records. Where
/// the item itself is known (at the bureau), the fold only moves it; where it is not, the fold
/// takes it from `carried`. Later steps are ordinary transitions under the receiving unit.
public struct LedgerTransfer: RecordBody, Hashable {
    public static let recordType = "ledger/transfer"
    public static let title = LocalizedText(zh: "台账转交", en: "ledger transfer")
    public static let writers = RecordWriters.bureau

    /// The item as it stood when it moved.
    public struct Carried: Sendable, Hashable, Codable {
        public var item: LedgerItem
        public var state: LedgerState
        public var deadline: LocalDate?
        public var history: [LedgerItemState.Entry]

        public init(item: LedgerItem, state: LedgerState, deadline: LocalDate?, history: [LedgerItemState.Entry]) {
            self.item = item
            self.state = state
            self.deadline = deadline
            self.history = history
        }
    }

    public var item: String
    public var fromUnit: String
    public var toUnit: String
    public var on: LocalDate
    public var comment: String
    public var carried: Carried

    public init(item: String, fromUnit: String, toUnit: String, on: LocalDate, comment: String, carried: Carried) {
        self.item = item
        self.fromUnit = fromUnit
        self.toUnit = toUnit
        self.on = on
        self.comment = comment
        self.carried = carried
    }

    public static var example: LedgerTransfer {
        LedgerTransfer(item: "00000000-0000-0000-0000-000000000000", fromUnit: "school-no3-high", toUnit: "school-no1-high",
                       on: LocalDate("2017-09-01")!, comment: "学校合并，台账转入接收单位",
                       carried: Carried(item: .example, state: .supervising, deadline: LocalDate("2017-06-30"), history: []))
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(item, at: "item")
        check.nonEmpty(fromUnit, at: "fromUnit")
        check.nonEmpty(toUnit, at: "toUnit")
        if fromUnit == toUnit { check.fail("toUnit", "转入单位不能是原单位", "an item moves to another unit") }
        if !carried.state.isOpen { check.fail("carried.state", "只有未办结的台账事项才转交", "only open items move") }
    }

    /// The item as this transfer delivers it, where the item itself is not at hand.
    func arrival(id: String) -> LedgerItemState {
        LedgerItemState(id: id, unit: toUnit, item: carried.item, state: carried.state, deadline: carried.deadline, closedOn: nil,
                        history: carried.history, movedFrom: fromUnit)
    }
}
