import DudaoKernel

/// The unit's Publicity records, clause by clause, for its report.
enum PublicityReport {
    static let section = ReportSection.recordList(
        id: "publicity/records", clause: nil,
        title: LocalizedText(zh: "宣传发动、学习教育工作记录", en: "Publicity, mobilisation and study records"),
        of: [
            MobilisationMeeting.self,
            StudySession.self,
            WebsiteColumn.self,
            ArticleSubmission.self,
            ArticleAdoption.self,
            DiscussionActivity.self,
            Reflection.self,
        ])
}
