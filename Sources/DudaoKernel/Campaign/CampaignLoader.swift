import Foundation

/// A campaign file that cannot be used: which file, which JSON path, and why.
public struct CampaignFileError: DudaoFailure, CustomStringConvertible {
    public var file: String
    public var problems: [DecodingProblem]

    public var message: LocalizedText {
        let zh = problems.map { "  \($0.path)：\($0.reason.zh)" }.joined(separator: "\n")
        let en = problems.map { "  \($0.path): \($0.reason.en)" }.joined(separator: "\n")
        return LocalizedText(zh: "活动文件 \(file) 无效：\n\(zh)", en: "campaign file \(file) is invalid:\n\(en)")
    }

    public var description: String { message.en }
}

/// Reads and checks a campaign definition; a bad file is refused whole, never half-loaded.
public enum CampaignLoader {
    public static let supportedFormatVersion = 1

    public static func load(contentsOf path: String) throws -> Campaign {
        try decode(try data(contentsOf: path), file: path)
    }

    /// The bytes of the campaign file at `path`, or the error naming it.
    public static func data(contentsOf path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CampaignFileError(file: path, problems: [DecodingProblem(
                path: "$", reason: LocalizedText(zh: "无法读取文件", en: "cannot read the file"))])
        }
    }

    public static func decode(_ data: Data, file: String) throws -> Campaign {
        let campaign: Campaign
        do {
            campaign = try JSONDecoder().decode(Campaign.self, from: data)
        } catch {
            throw CampaignFileError(file: file, problems: [DecodingProblem(error)])
        }
        let problems = check(campaign)
        if !problems.isEmpty { throw CampaignFileError(file: file, problems: problems) }
        return campaign
    }

    /// The problems a well-typed campaign can still have: dangling references, reversed windows.
    public static func check(_ campaign: Campaign) -> [DecodingProblem] {
        var problems: [DecodingProblem] = []
        func problem(_ path: String, _ zh: String, _ en: String) {
            problems.append(DecodingProblem(path: path, reason: LocalizedText(zh: zh, en: en)))
        }
        if campaign.formatVersion > supportedFormatVersion {
            problem("$.formatVersion", "格式版本 \(campaign.formatVersion) 高于本程序支持的 \(supportedFormatVersion)",
                    "format version \(campaign.formatVersion) is newer than the supported \(supportedFormatVersion)")
        }
        if TimeZone(identifier: campaign.timeZone) == nil {
            problem("$.timeZone", "未知时区“\(campaign.timeZone)”", "unknown time zone '\(campaign.timeZone)'")
        }
        if campaign.window.end < campaign.window.start {
            problem("$.window", "结束日期早于开始日期", "the window ends before it starts")
        }
        duplicates(campaign.phases.map(\.id), path: "$.phases", into: &problems)
        duplicates(campaign.clauses.map(\.id), path: "$.clauses", into: &problems)
        duplicates(campaign.units.map(\.id), path: "$.roster.units", into: &problems)
        duplicates(campaign.people.map(\.id), path: "$.roster.people", into: &problems)
        let phaseIDs = Set(campaign.phases.map(\.id))
        for (index, clause) in campaign.clauses.enumerated() {
            let path = "$.clauses[\(index)]"
            if !phaseIDs.contains(clause.phase) {
                problem("\(path).phase", "未知阶段“\(clause.phase)”（条款 \(clause.id)）",
                        "unknown phase '\(clause.phase)' (clause \(clause.id))")
            }
            if clause.window.end < clause.window.start {
                problem("\(path).window", "条款 \(clause.id) 的结束日期早于开始日期", "clause \(clause.id) ends before it starts")
            }
            for (i, type) in clause.recordTypes.enumerated() where type.split(separator: "/").count != 2 {
                problem("\(path).recordTypes[\(i)]", "记录类型“\(type)”应为 插件/类型", "record type '\(type)' must be plugin/type")
            }
        }
        let unitIDs = Set(campaign.units.map(\.id))
        for (index, unit) in campaign.units.enumerated() {
            if let parent = unit.parent, !unitIDs.contains(parent) {
                problem("$.roster.units[\(index)].parent", "未知上级单位“\(parent)”", "unknown parent unit '\(parent)'")
            }
        }
        for (index, person) in campaign.people.enumerated() {
            let path = "$.roster.people[\(index)]"
            if let unit = person.unit, !unitIDs.contains(unit) {
                problem("\(path).unit", "未知单位“\(unit)”", "unknown unit '\(unit)'")
            }
            for (i, unit) in person.assignedUnits.enumerated() where !unitIDs.contains(unit) {
                problem("\(path).assignedUnits[\(i)]", "未知单位“\(unit)”", "unknown unit '\(unit)'")
            }
            for (i, unit) in person.officesInCharge.enumerated() {
                if campaign.unit(unit)?.kind != .office {
                    problem("\(path).officesInCharge[\(i)]", "“\(unit)”不是机关科室", "'\(unit)' is not a bureau office")
                }
            }
        }
        problems += Campaign.retirementProblems(of: campaign)
        problems += Provenance.problems(of: campaign)
        return problems
    }

    private static func duplicates(_ ids: [String], path: String, into problems: inout [DecodingProblem]) {
        var seen = Set<String>()
        for (index, id) in ids.enumerated() where !seen.insert(id).inserted {
            problems.append(DecodingProblem(path: "\(path)[\(index)].id",
                                            reason: LocalizedText(zh: "重复的编号“\(id)”", en: "duplicate id '\(id)'")))
        }
    }
}
