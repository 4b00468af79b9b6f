/// A ledger item (台账): one problem or task carried from registration to archive (R3).
///
/// It is a record of the kernel's own type `ledger/item`; its state is never stored but
/// derived from its `ledger/transition` records by `LedgerFold`.
public struct LedgerItem: RecordBody, Hashable {
    public static let recordType = "ledger/item"
    public static let title = LocalizedText(zh: "台账事项", en: "ledger item")
    public static let writers = RecordWriters.both

    public var title: String
    public var detail: String?
    public var source: LedgerSource
    /// The record the problem came from (a self-inspection, an appeal, an inspection …).
    public var sourceRecord: String?
    public var measures: [String]
    public var deadline: LocalDate?
    /// A person id of the roster, or a name when the person is not on the roster.
    public var responsiblePerson: String?
    public var department: String?
    public var registeredOn: LocalDate
    /// The web account that registered it at the bureau (`office`, `wang`), when one did.
    public var account: String?

    public init(title: String, detail: String? = nil, source: LedgerSource, sourceRecord: String? = nil,
                measures: [String] = [], deadline: LocalDate? = nil, responsiblePerson: String? = nil,
                department: String? = nil, registeredOn: LocalDate, account: String? = nil) {
        self.title = title
        self.detail = detail
        self.source = source
        self.sourceRecord = sourceRecord
        self.measures = measures
        self.deadline = deadline
        self.responsiblePerson = responsiblePerson
        self.department = department
        self.registeredOn = registeredOn
        self.account = account
    }

    public static var example: LedgerItem {
        LedgerItem(title: "家长反映课后服务收费不透明", source: .appeal, measures: ["公开收费标准", "设立家长监督员"],
                   deadline: LocalDate("2017-06-30"), responsiblePerson: "张主任", department: "总务处",
                   registeredOn: LocalDate("2017-04-20")!)
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(title, at: "title")
        check.dateInCampaign(registeredOn, at: "registeredOn")
        if let deadline { check.order(registeredOn, before: deadline, at: "deadline") }
        for (index, measure) in measures.enumerated() { check.nonEmpty(measure, at: "measures[\(index)]") }
    }

    /// Whether the item is fully specified: measures and a deadline (2.4), a department and a
    /// responsible person (R3: "明确具体部门,责任落实到人").
    public var isComplete: Bool {
        !measures.isEmpty && deadline != nil && !(responsiblePerson ?? "").isEmpty && !(department ?? "").isEmpty
    }
}

/// Where a ledger problem came from.
public enum LedgerSource: String, Sendable, Hashable, Codable, CaseIterable {
    case selfInspection = "self-inspection"
    case symposium
    case appeal
    case unitList = "unit-list"
    case bureauFinding = "bureau-finding"
    case majorProject = "major-project"
    case target

    public var title: LocalizedText {
        switch self {
        case .selfInspection: LocalizedText(zh: "自查", en: "self-inspection")
        case .symposium: LocalizedText(zh: "座谈会", en: "symposium")
        case .appeal: LocalizedText(zh: "诉求", en: "appeal")
        case .unitList: LocalizedText(zh: "单位清单", en: "unit list")
        case .bureauFinding: LocalizedText(zh: "督导发现", en: "bureau finding")
        case .majorProject: LocalizedText(zh: "重大项目", en: "major project")
        case .target: LocalizedText(zh: "争先创优目标", en: "target")
        }
    }
}

/// One step of a ledger item's life, appended by whoever took it; never edited.
public struct LedgerTransition: RecordBody, Hashable {
    public static let recordType = "ledger/transition"
    public static let title = LocalizedText(zh: "台账流转", en: "ledger transition")
    public static let writers = RecordWriters.both

    public var item: String
    public var action: LedgerAction
    public var role: LedgerRole
    public var person: String?
    public var on: LocalDate
    public var comment: String
    /// A new deadline, set when supervising or reopening.
    public var deadline: LocalDate?
    /// The four 不放过 checks (R1), required to close and only there.
    public var closeChecks: CloseChecks?
    /// The web account that took the step at the bureau (`office`, `wang`), when one did.
    public var account: String?

    public init(item: String, action: LedgerAction, role: LedgerRole, person: String? = nil, on: LocalDate,
                comment: String, deadline: LocalDate? = nil, closeChecks: CloseChecks? = nil, account: String? = nil) {
        self.item = item
        self.action = action
        self.role = role
        self.person = person
        self.on = on
        self.comment = comment
        self.deadline = deadline
        self.closeChecks = closeChecks
        self.account = account
    }

    public static var example: LedgerTransition {
        LedgerTransition(item: "00000000-0000-0000-0000-000000000000", action: .supervise, role: .office,
                         on: LocalDate("2017-05-02")!, comment: "请于月底前完成整改")
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(item, at: "item")
        if let person { check.person(person, at: "person") }
        if let deadline { check.order(on, before: deadline, at: "deadline") }
        if action == .close {
            guard let closeChecks else {
                check.fail("closeChecks", "销号须记录“四个不放过”检查：" + CloseChecks.Check.allCases.map(\.title.zh).joined(separator: "；"),
                           "closing needs the four no-let-go checks: " + CloseChecks.Check.allCases.map(\.title.en).joined(separator: "; "))
                return
            }
            for failed in closeChecks.unmet {
                check.fail("closeChecks.\(failed.rawValue)", "\(failed.title.zh)，不能销号", "\(failed.title.en): the item cannot be closed")
            }
        } else if closeChecks != nil {
            check.fail("closeChecks", "只有销号时记录“四个不放过”检查", "the no-let-go checks belong to closing only")
        }
    }

    /// Whether this step may take effect: a close only with all four checks met (R1).
    public var closesWithChecks: Bool {
        action != .close || (closeChecks?.unmet.isEmpty ?? false)
    }
}

/// The four 不放过 of R1, checked when an item is closed: "思想认识上不去的不放过，查摆问题不聚焦的
/// 不放过，整改措施不到位的不放过，群众不满意的不放过". Each is true when the supervisor found it met.
public struct CloseChecks: Sendable, Hashable, Codable {
    public enum Check: String, Sendable, Hashable, CaseIterable {
        case awarenessRaised, problemsFocused, measuresInPlace, publicSatisfied

        /// The no-let-go as R1 words it: what stops an item being closed.
        public var title: LocalizedText {
            switch self {
            case .awarenessRaised: LocalizedText(zh: "思想认识上不去的不放过", en: "no closing while awareness is lacking")
            case .problemsFocused: LocalizedText(zh: "查摆问题不聚焦的不放过", en: "no closing while the problems are unfocused")
            case .measuresInPlace: LocalizedText(zh: "整改措施不到位的不放过", en: "no closing while the measures are not in place")
            case .publicSatisfied: LocalizedText(zh: "群众不满意的不放过", en: "no closing while the public is not satisfied")
            }
        }
    }

    /// 思想认识上去了.
    public var awarenessRaised: Bool
    /// 查摆问题聚焦了.
    public var problemsFocused: Bool
    /// 整改措施到位了.
    public var measuresInPlace: Bool
    /// 群众满意了: how the office knows it (a survey, the appellant's reply) belongs in the comment.
    public var publicSatisfied: Bool

    public init(awarenessRaised: Bool, problemsFocused: Bool, measuresInPlace: Bool, publicSatisfied: Bool) {
        self.awarenessRaised = awarenessRaised
        self.problemsFocused = problemsFocused
        self.measuresInPlace = measuresInPlace
        self.publicSatisfied = publicSatisfied
    }

    /// All four met.
    public static let allMet = CloseChecks(awarenessRaised: true, problemsFocused: true, measuresInPlace: true, publicSatisfied: true)

    public func isMet(_ check: Check) -> Bool {
        switch check {
        case .awarenessRaised: awarenessRaised
        case .problemsFocused: problemsFocused
        case .measuresInPlace: measuresInPlace
        case .publicSatisfied: publicSatisfied
        }
    }

    /// The checks not met, in R1's order.
    public var unmet: [Check] { Check.allCases.filter { !isMet($0) } }
}
