/// A rule that counts the records of one type in each period: a door can then say which form
/// fills the cell and how many records are still missing ("本周还差 1 条").
public protocol CountingRule: Rule {
    /// The record type the rule counts (`plugin/type`).
    var countedType: String { get }
    /// How many records one period needs, from the clause's parameters.
    func minimum(in clause: Clause) -> Int
}

extension QuotaRule: CountingRule {
    public var countedType: String { Body.recordType }
    public func minimum(in clause: Clause) -> Int { minimumKey.flatMap { clause.int($0) } ?? 1 }
}

extension DeadlineRule: CountingRule {
    public var countedType: String { Body.recordType }
    public func minimum(in clause: Clause) -> Int { minimumKey.flatMap { clause.int($0) } ?? 1 }
}
