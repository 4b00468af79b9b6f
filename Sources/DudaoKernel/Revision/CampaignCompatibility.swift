/// The ids a store's records refer to: what a new revision may retire but never remove.
public struct CampaignReferences: Sendable, Hashable {
    /// Units with records, or with a key enrolled (their records may not have arrived yet).
    public var units: Set<String>
    /// People who wrote records.
    public var people: Set<String>
    /// Record types that have records.
    public var recordTypes: Set<String>

    public init(units: Set<String> = [], people: Set<String> = [], recordTypes: Set<String> = []) {
        self.units = units
        self.people = people
        self.recordTypes = recordTypes
    }
}

/// Whether a new revision may replace the campaign in force: the same campaign and time zone, and
/// no id with records removed (retire it with `retiredOn` instead). Each problem names the JSON path
/// of the new file and the reason, in zh and en.
public enum CampaignCompatibility {
    public static func problems(from current: Campaign, to next: Campaign, references: CampaignReferences) -> [DecodingProblem] {
        var problems: [DecodingProblem] = []
        func problem(_ path: String, _ zh: String, _ en: String) {
            problems.append(DecodingProblem(path: path, reason: LocalizedText(zh: zh, en: en)))
        }
        if next.id != current.id {
            problem("$.id", "活动编号由“\(current.id)”改为“\(next.id)”：修订只能修改同一活动",
                    "the campaign id changes from '\(current.id)' to '\(next.id)': a revision revises the same campaign")
        }
        if next.timeZone != current.timeZone {
            problem("$.timeZone", "时区由 \(current.timeZone) 改为 \(next.timeZone)：已有记录的日期会改变含义，不允许",
                    "the time zone changes from \(current.timeZone) to \(next.timeZone): recorded dates would change meaning")
        }
        for clause in current.clauses where next.clause(clause.id) == nil {
            let used = clause.recordTypes.filter { references.recordTypes.contains($0) }
            if !used.isEmpty {
                problem("$.clauses", "条款 \(clause.id) 已有记录（\(used.joined(separator: "、"))），不能删除，只能设 retiredOn 撤销",
                        "clause \(clause.id) has records (\(used.joined(separator: ", "))): it cannot be removed, only retired with retiredOn")
            }
        }
        for unit in current.units where next.unit(unit.id) == nil && references.units.contains(unit.id) {
            problem("$.roster.units", "单位 \(unit.id) 已有记录或已登记密钥，不能删除，只能设 retiredOn 撤销（合并时加 mergedInto）",
                    "unit \(unit.id) has records or an enrolled key: it cannot be removed, only retired with retiredOn (and mergedInto for a merger)")
        }
        for person in current.people where next.person(person.id) == nil && references.people.contains(person.id) {
            problem("$.roster.people", "人员 \(person.id) 已有记录，不能删除，只能设 retiredOn",
                    "person \(person.id) has written records: they cannot be removed, only retired with retiredOn")
        }
        return problems
    }
}

/// A revision refused, with every reason: nothing was stored.
public struct RevisionRefusal: DudaoFailure, CustomStringConvertible {
    public var file: String
    public var problems: [DecodingProblem]

    public init(file: String, problems: [DecodingProblem]) {
        self.file = file
        self.problems = problems
    }

    public var message: LocalizedText {
        let zh = problems.map { "  \($0.path)：\($0.reason.zh)" }.joined(separator: "\n")
        let en = problems.map { "  \($0.path): \($0.reason.en)" }.joined(separator: "\n")
        return LocalizedText(zh: "活动修订 \(file) 不能采用：\n\(zh)", en: "the campaign revision \(file) cannot be adopted:\n\(en)")
    }

    public var description: String { message.en }
}
