import DudaoKernel

/// A reflection (1.4, 心得体会) written personally by a unit head or a bureau leader.
///
/// Heads record theirs at their unit; bureau leaders theirs at the bureau, hence both writers.
public struct Reflection: PublicityRecord, Hashable {
    public static let recordType = "publicity/reflection"
    public static let title = LocalizedText(zh: "心得体会", en: "reflection")
    public static let writers = RecordWriters.both
    static let clause = "1.4"

    /// The person id of the author: a head of the record's unit, or a bureau leader.
    public var author: String
    public var writtenOn: LocalDate
    /// The day it was submitted to the campaign office (报送局活动办): what 1.4's date is about.
    /// Nil while written but not yet submitted.
    public var submittedOn: LocalDate?
    public var title: String
    /// The text itself, or nil when it is an attached file.
    public var text: String?
    /// The hex SHA-256 of the attached file (also among the envelope's evidence), or nil.
    public var fileHash: String?

    public init(author: String, writtenOn: LocalDate, submittedOn: LocalDate? = nil, title: String, text: String? = nil,
                fileHash: String? = nil) {
        self.author = author
        self.writtenOn = writtenOn
        self.submittedOn = submittedOn
        self.title = title
        self.text = text
        self.fileHash = fileHash
    }

    public static var example: Reflection {
        Reflection(author: "leader-1", writtenOn: LocalDate("2017-04-25")!, submittedOn: LocalDate("2017-04-26")!, title: "敢于担当，做新时代教育工作的劲草真金",
                   text: "通过学习谢伏瞻同志署名文章，深刻认识到……")
    }

    var reportDate: LocalDate { submittedOn ?? writtenOn }

    public func validate(_ check: inout RecordCheck) {
        check.person(author, at: "author")
        if let person = check.campaign.person(author) {
            let isLeader = person.roles.contains(.bureauLeader)
            if !isLeader && !person.roles.contains(.unitHead) {
                check.fail("author", "“\(person.name)”既不是单位负责人也不是局领导",
                           "'\(author)' is neither a unit head nor a bureau leader")
            } else if !isLeader, let unit = check.unit, person.unit != unit.id {
                check.fail("author", "“\(person.name)”不是\(unit.name.zh)的负责人",
                           "'\(author)' is not a head of \(unit.name.en)")
            }
        }
        check.date(writtenOn, at: "writtenOn", inWindowOf: Self.clause)
        if let submittedOn {
            check.date(submittedOn, at: "submittedOn", inWindowOf: Self.clause)
            check.order(writtenOn, before: submittedOn, at: "submittedOn")
        }
        check.nonEmpty(title, at: "title")
        check.nonEmpty(text, at: "text")
        if let fileHash, fileHash.count != 64 || !fileHash.allSatisfy(\.isHexDigit) {
            check.fail("fileHash", "应为 64 位十六进制 SHA-256 值", "must be a 64-digit hex SHA-256")
        }
        if text == nil && fileHash == nil {
            check.fail("text", "须填写正文或附上文件（fileHash）", "needs the text or an attached file (fileHash)")
        }
    }

    func summary(_ language: Language, campaign: Campaign) -> String {
        language == .zh ? "\(campaign.name(of: author))：《\(title)》" : "\(campaign.name(of: author)): \"\(title)\""
    }
}
