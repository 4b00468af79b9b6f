import DudaoKernel
import Foundation

/// The clause a new plugin serves, added to a campaign file as a stub the office then fills in:
/// its window, the unit kinds it binds, its record type and its parameters (period, minimum per
/// period, weight in the office's ranking), each marked as an assumption to be replaced by the
/// plan's words. The phase is added too when the campaign has none for the plugin.
struct CampaignStub {
    let names: ScaffoldNames
    let clause: String
    let title: LocalizedText
    let text: String
    let appliesTo: [UnitKind]
    let period: PeriodKind
    let minimum: Int
    let weight: Int
    let window: DateWindow

    static func assumption(_ zh: String, _ en: String) -> OrderedJSON {
        .object([("assumption", .object([("zh", .string(zh)), ("en", .string(en))]))])
    }

    static let scaffolded = ("由 dudao plugin new 生成的初始设定，督导办应改为原文引语或说明理由。",
                             "Set by dudao plugin new; the office replaces it with the plan's words or its reason.")

    func parameter(_ name: String, _ value: OrderedJSON, _ zh: String, _ en: String) -> OrderedJSON {
        .object([("name", .string(name)), ("value", value), ("source", Self.assumption(zh + Self.scaffolded.0, en + " " + Self.scaffolded.1))])
    }

    func clauseJSON(phase: String) -> OrderedJSON {
        let source = Self.assumption(Self.scaffolded.0, Self.scaffolded.1)
        return .object([
            ("id", .string(clause)),
            ("phase", .string(phase)),
            ("title", .object([("zh", .string(title.zh)), ("en", .string(title.en))])),
            ("text", .string(text)),
            ("schedule", .string("\(window.start) 至 \(window.end)")),
            ("responsibleText", .string("局活动办")),
            ("window", .object([("start", .string(window.start.description)), ("end", .string(window.end.description))])),
            ("appliesTo", .array(appliesTo.map { .string($0.rawValue) })),
            ("recordTypes", .array([.string(names.recordType)])),
            ("parameters", .array([
                parameter("period", .string(period.rawValue), "统计周期为 \(period.rawValue)。", "Counted per \(period.rawValue)."),
                parameter("minimumPerPeriod", .int(minimum), "每期至少 \(minimum) 次。", "At least \(minimum) each period."),
                parameter("scoreWeight", .int(weight), "督导办综合排名中的权重。", "The weight in the office's combined ranking."),
            ])),
            ("sources", .object([("window", source), ("appliesTo", source)])),
        ])
    }

    /// The campaign file's text with the phase (when new) and the clause appended.
    func added(to text: String, file: String) throws -> String {
        let campaign = try CampaignLoader.decode(Data(text.utf8), file: file)
        if campaign.clause(clause) != nil {
            throw DudaoError("\(file) 已有条款 \(clause)", "\(file) already has a clause \(clause)")
        }
        var text = text
        let phaseID: String
        if let phase = campaign.phases.first(where: { $0.plugin == names.pluginID }) {
            phaseID = phase.id
        } else {
            var number = campaign.phases.count + 1
            while campaign.phase("P\(number)") != nil { number += 1 }
            phaseID = "P\(number)"
            let phase = OrderedJSON.object([
                ("id", .string(phaseID)), ("plugin", .string(names.pluginID)),
                ("title", .object([("zh", .string(title.zh)), ("en", .string(title.en))])),
            ])
            text = try Self.appending(phase, to: ["phases"], in: text, file: file)
        }
        text = try Self.appending(clauseJSON(phase: phaseID), to: ["clauses"], in: text, file: file)
        _ = try CampaignLoader.decode(Data(text.utf8), file: file)
        return text
    }

    /// `text` with `value` appended to the non-empty array at `path`, indented like its last item.
    static func appending(_ value: OrderedJSON, to path: [String], in text: String, file: String) throws -> String {
        let document = try JSONText(text, file: file)
        guard case .array(_, let items)? = document.node(path), let last = items.last else {
            throw DudaoError("\(file) 中 \(path.joined(separator: ".")) 不是非空数组", "\(file): \(path.joined(separator: ".")) is not a non-empty array")
        }
        let indent = document.indentation(ofLineAt: last.range.lowerBound)
        return document.replacing(last.range.upperBound..<last.range.upperBound, with: ",\n" + indent + value.rendered(indent: indent))
    }
}
