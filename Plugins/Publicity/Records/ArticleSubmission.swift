import DudaoKernel

/// An article the unit sends the campaign office (1.3, 稿件报送); the quota is per period.
public struct ArticleSubmission: ReportableRecord, Hashable {
    public static let recordType = "publicity/article-submission"
    public static let title = LocalizedText(zh: "稿件报送", en: "article submission")
    public static let clause = "1.3"

    public var title: String
    public var submittedOn: LocalDate
    /// Who wrote it, as a name (authors are rarely on the roster).
    public var author: String?
    public var url: String?
    public var summary: String?

    public init(title: String, submittedOn: LocalDate, author: String? = nil, url: String? = nil, summary: String? = nil) {
        self.title = title
        self.submittedOn = submittedOn
        self.author = author
        self.url = url
        self.summary = summary
    }

    public static var example: ArticleSubmission {
        ArticleSubmission(title: "我校召开“敢转争”实践活动专题学习会", submittedOn: LocalDate("2017-04-07")!,
                          author: "校办 李明", summary: "全体党员教师集中学习谢伏瞻同志署名文章")
    }

    public var reportDate: LocalDate { submittedOn }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(title, at: "title")
        check.date(submittedOn, at: "submittedOn", inWindowOf: Self.clause)
        check.nonEmpty(author, at: "author")
        if let url { check.webAddress(url, at: "url") }
        check.nonEmpty(summary, at: "summary")
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let by = author.map { language == .zh ? "（\($0)）" : " (\($0))" } ?? ""
        return language == .zh ? "《\(title)》\(by)" : "\"\(title)\"\(by)"
    }
}

/// The bureau's adoption (采用) of a submitted article (1.3); it counts in the year-end assessment.
///
/// Written by the bureau about the unit whose article it adopted.
public struct ArticleAdoption: ReportableRecord, Hashable {
    public static let recordType = "publicity/article-adoption"
    public static let title = LocalizedText(zh: "稿件采用", en: "article adoption")
    public static let writers = RecordWriters.bureau
    public static let clause = "1.3"

    /// The record id of the adopted `publicity/article-submission`.
    public var article: String
    public var adoptedOn: LocalDate
    /// Where it was published (a bulletin, a website, a newspaper).
    public var outlet: String

    public init(article: String, adoptedOn: LocalDate, outlet: String) {
        self.article = article
        self.adoptedOn = adoptedOn
        self.outlet = outlet
    }

    public static var example: ArticleAdoption {
        ArticleAdoption(article: "6f1c2a4e-0b7d-4c55-9d2e-3a8f5e1b7c90", adoptedOn: LocalDate("2017-04-12")!,
                        outlet: "“敢转争”活动简报第5期")
    }

    public var reportDate: LocalDate { adoptedOn }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(article, at: "article")
        check.date(adoptedOn, at: "adoptedOn", inWindowOf: Self.clause)
        check.nonEmpty(outlet, at: "outlet")
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        language == .zh ? "\(outlet)（稿件 \(article)）" : "\(outlet) (article \(article))"
    }
}
