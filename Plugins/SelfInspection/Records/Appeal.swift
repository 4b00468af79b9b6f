import DudaoKernel

/// Who raised an appeal.
public enum AppealOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    case staff
    case student
    case parent
    case `public`

    public var title: LocalizedText {
        switch self {
        case .staff: LocalizedText(zh: "教职工", en: "staff")
        case .student: LocalizedText(zh: "学生", en: "student")
        case .parent: LocalizedText(zh: "家长", en: "parent")
        case .public: LocalizedText(zh: "群众", en: "the public")
        }
    }
}

/// An appeal received through a channel (2.3, 诉求): handled and answered within the campaign's
/// reply limit. One that reveals a problem enters the ledger as an item from `appeal`.
public struct Appeal: ReportableRecord, Hashable {
    public static let recordType = "self-inspection/appeal"
    public static let title = LocalizedText(zh: "诉求", en: "appeal")
    public static let clause = "2.3"
    /// The clause parameter holding the reply limit in days.
    static let replyLimitKey = "replyLimitDays"

    public var receivedOn: LocalDate
    /// An option id of the clause's `channels` list.
    public var channel: String
    public var from: AppealOrigin
    public var content: String
    /// Who handles it: a person id of the roster or a name.
    public var handler: String?
    public var reply: String?
    public var repliedOn: LocalDate?
    /// Whether it reveals a problem of the unit, to be tracked in the ledger.
    public var problem: Bool

    public init(receivedOn: LocalDate, channel: String, from: AppealOrigin, content: String, handler: String? = nil,
                reply: String? = nil, repliedOn: LocalDate? = nil, problem: Bool = false) {
        self.receivedOn = receivedOn
        self.channel = channel
        self.from = from
        self.content = content
        self.handler = handler
        self.reply = reply
        self.repliedOn = repliedOn
        self.problem = problem
    }

    public static var example: Appeal {
        Appeal(receivedOn: LocalDate("2017-05-08")!, channel: "mailbox", from: .parent,
               content: "学校门口上下学时段交通拥堵，存在安全隐患", handler: "安全办 刘老师",
               reply: "已协调交警在上下学时段设岗疏导", repliedOn: LocalDate("2017-05-15")!, problem: true)
    }

    public var reportDate: LocalDate { receivedOn }

    /// The ledger title: the content's first line, shortened.
    var ledgerTitle: String {
        let line = content.split(whereSeparator: \.isNewline).first.map(String.init) ?? content
        return line.count > 40 ? String(line.prefix(40)) + "…" : line
    }

    public func validate(_ check: inout RecordCheck) {
        check.date(receivedOn, at: "receivedOn", inWindowOf: Self.clause)
        check.option(channel, at: "channel", clause: Self.clause, list: AppealChannel.channelsKey)
        check.nonEmpty(content, at: "content")
        check.nonEmpty(handler, at: "handler")
        check.nonEmpty(reply, at: "reply")
        if let repliedOn {
            check.order(receivedOn, before: repliedOn, at: "repliedOn")
            if reply == nil { check.fail("reply", "已填答复日期，须填写答复内容", "a reply date needs the reply's text") }
        } else if reply != nil {
            check.fail("repliedOn", "已填答复内容，须填写答复日期", "a reply needs its date")
        }
    }

    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        guard problem else { return [] }
        return [LedgerItem(title: ledgerTitle, detail: content == ledgerTitle ? nil : content, source: .appeal,
                           sourceRecord: recordID, responsiblePerson: handler, registeredOn: receivedOn)]
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let channel = campaign.clause(Self.clause)?.optionTitle(AppealChannel.channelsKey, id: self.channel, language) ?? self.channel
        let answer = repliedOn.map { language == .zh ? "，\($0) 答复" : ", answered \($0)" }
            ?? (language == .zh ? "，未答复" : ", not answered")
        return language == .zh ? "\(from.title.zh)经\(channel)：\(ledgerTitle)\(answer)"
            : "\(from.title.en) via \(channel): \(ledgerTitle)\(answer)"
    }
}
