import DudaoKernel

/// The campaign column on the unit's website (1.3, 网站专栏).
public struct WebsiteColumn: ReportableRecord, Hashable {
    public static let recordType = "publicity/website-column"
    public static let title = LocalizedText(zh: "网站专栏", en: "website column")
    public static let clause = "1.3"

    public var url: String
    public var openedOn: LocalDate

    public init(url: String, openedOn: LocalDate) {
        self.url = url
        self.openedOn = openedOn
    }

    public static var example: WebsiteColumn {
        WebsiteColumn(url: "http://www.xxyz.edu.cn/gzz/", openedOn: LocalDate("2017-03-15")!)
    }

    public var reportDate: LocalDate { openedOn }

    public func validate(_ check: inout RecordCheck) {
        check.webAddress(url, at: "url")
        check.date(openedOn, at: "openedOn", inWindowOf: Self.clause)
    }

    public func summary(_ language: Language, campaign: Campaign) -> String { url }
}
