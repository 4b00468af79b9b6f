import DudaoKernel

/// A published appeal channel (2.3, 诉求渠道): a mailbox, a hotline or a suggestion box.
public struct AppealChannel: ReportableRecord, Hashable {
    public static let recordType = "self-inspection/appeal-channel"
    public static let title = LocalizedText(zh: "诉求渠道", en: "appeal channel")
    public static let clause = "2.3"
    /// The clause parameter listing the channels.
    static let channelsKey = "channels"

    /// An option id of the clause's `channels` list.
    public var channel: String
    /// The mailbox address, the telephone number, or where the box stands.
    public var address: String
    public var publishedOn: LocalDate

    public init(channel: String, address: String, publishedOn: LocalDate) {
        self.channel = channel
        self.address = address
        self.publishedOn = publishedOn
    }

    public static var example: AppealChannel {
        AppealChannel(channel: "hotline", address: "0373-3051234", publishedOn: LocalDate("2017-04-10")!)
    }

    public var reportDate: LocalDate { publishedOn }

    public func validate(_ check: inout RecordCheck) {
        check.option(channel, at: "channel", clause: Self.clause, list: Self.channelsKey)
        check.nonEmpty(address, at: "address")
        check.date(publishedOn, at: "publishedOn", inWindowOf: Self.clause)
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let channel = campaign.clause(Self.clause)?.optionTitle(Self.channelsKey, id: self.channel, language) ?? self.channel
        return language == .zh ? "\(channel)：\(address)" : "\(channel): \(address)"
    }
}
