import DudaoKernel

/// A problem found by a self-inspection or raised at a symposium; each enters the ledger (R3).
public struct FoundProblem: Sendable, Hashable, Codable {
    public var title: String
    public var detail: String?
    public var measures: [String]?
    public var deadline: LocalDate?
    /// A person id of the roster, or a name when the person is not on it.
    public var responsiblePerson: String?
    /// The department that answers for it (R3: 明确具体部门).
    public var department: String?

    public init(title: String, detail: String? = nil, measures: [String]? = nil, deadline: LocalDate? = nil,
                responsiblePerson: String? = nil, department: String? = nil) {
        self.title = title
        self.detail = detail
        self.measures = measures
        self.deadline = deadline
        self.responsiblePerson = responsiblePerson
        self.department = department
    }

    /// Checks the problem at `path` (`problems[1]`); its deadline may not precede `foundOn`.
    func validate(_ check: inout RecordCheck, at path: String, foundOn: LocalDate) {
        check.nonEmpty(title, at: "\(path).title")
        check.nonEmpty(detail, at: "\(path).detail")
        check.nonEmpty(measures ?? [], at: "\(path).measures")
        if let deadline { check.order(foundOn, before: deadline, at: "\(path).deadline") }
        check.nonEmpty(responsiblePerson, at: "\(path).responsiblePerson")
        check.nonEmpty(department, at: "\(path).department")
    }

    /// The ledger item this problem becomes.
    func ledgerItem(source: LedgerSource, recordID: String, registeredOn: LocalDate) -> LedgerItem {
        LedgerItem(title: title, detail: detail, source: source, sourceRecord: recordID, measures: measures ?? [],
                   deadline: deadline, responsiblePerson: responsiblePerson, department: department, registeredOn: registeredOn)
    }
}
