/// Where a campaign parameter comes from: words of the plan, or a setting of the campaign office.
///
/// In the campaign file a source is `{"quote": "…"}`, a phrase that appears verbatim in the
/// clause's Chinese text (its text, 时间安排 or 责任单位), or `{"assumption": {"zh": …, "en": …}}`,
/// the office's own choice with its reason, which every page and report shows as such.
public enum ParameterSource: Sendable, Hashable, Codable {
    case quote(String)
    case assumption(LocalizedText)

    private enum CodingKeys: String, CodingKey { case quote, assumption }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let quote = try c.decodeIfPresent(String.self, forKey: .quote) {
            guard !c.contains(.assumption) else {
                throw DecodingError.dataCorruptedError(forKey: .assumption, in: c,
                                                       debugDescription: "a source is a quote or an assumption, not both")
            }
            self = .quote(quote)
        } else {
            self = .assumption(try c.decode(LocalizedText.self, forKey: .assumption))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .quote(let quote): try c.encode(quote, forKey: .quote)
        case .assumption(let reason): try c.encode(reason, forKey: .assumption)
        }
    }

    public var isAssumption: Bool {
        if case .assumption = self { return true }
        return false
    }

    /// The source as one line: 原文“…” or 督导办设定：reason.
    public func label(_ language: Language) -> String {
        switch self {
        case .quote(let quote): language == .zh ? "原文“\(quote)”" : "plan: “\(quote)”"
        case .assumption(let reason): Self.assumptionLabel(language) + (language == .zh ? "：" : ": ") + reason(language)
        }
    }

    /// The words that mark a setting as the office's own: "督导办设定，原文未规定".
    public static func assumptionLabel(_ language: Language) -> String {
        language == .zh ? "督导办设定，原文未规定" : "set by the campaign office, not in the plan"
    }
}

/// One parameter of a clause or of the campaign, with its value and source.
public struct SourcedParameter: Sendable, Hashable, Codable {
    public var name: String
    public var value: JSONValue
    public var source: ParameterSource

    public init(name: String, value: JSONValue, source: ParameterSource) {
        self.name = name
        self.value = value
        self.source = source
    }
}

/// The provenance audit: every quote is in its clause's words, every parameter has a source.
public enum Provenance {
    /// The keys of a clause's `sources` object: the clause's dates and the unit kinds it binds.
    public static let clauseSourceKeys = ["window", "appliesTo"]
    /// The keys of the campaign's `sources` object.
    public static let campaignSourceKeys = ["window.start", "window.end"]

    /// The clause's Chinese words as the plan has them: text, 时间安排 and 责任单位.
    public static func words(of clause: Clause) -> String {
        [clause.text, clause.schedule ?? "", clause.responsibleText ?? ""].joined(separator: "\n")
    }

    /// All of the plan's words the campaign file carries: every clause and every requirement.
    public static func words(of campaign: Campaign) -> String {
        (campaign.clauses.map(words(of:)) + campaign.requirements.map(\.text)).joined(separator: "\n")
    }

    /// Problems with the campaign's sources, by JSON path: quotes not in the text, missing sources,
    /// empty reasons. An empty list means every parameter is traceable.
    public static func problems(of campaign: Campaign) -> [DecodingProblem] {
        var problems: [DecodingProblem] = []
        func check(_ source: ParameterSource?, in text: String, at path: String, what: String) {
            guard let source else {
                problems.append(DecodingProblem(path: path, reason: LocalizedText(
                    zh: "\(what)缺少来源（原文引语 quote 或督导办设定 assumption）",
                    en: "\(what) has no source (a quote of the plan or an assumption)")))
                return
            }
            switch source {
            case .quote(let quote):
                if quote.isEmpty || !text.contains(quote) {
                    problems.append(DecodingProblem(path: "\(path).quote", reason: LocalizedText(
                        zh: "\(what)的引语“\(quote)”不在原文中", en: "\(what): the quote “\(quote)” is not in the plan's text")))
                }
            case .assumption(let reason):
                if reason.zh.isEmpty || reason.en.isEmpty {
                    problems.append(DecodingProblem(path: "\(path).assumption", reason: LocalizedText(
                        zh: "\(what)的设定须有中英文理由", en: "\(what): an assumption needs its reason in zh and en")))
                }
            }
        }
        for name in campaign.parameterList.repeatedNames {
            problems.append(DecodingProblem(path: "$.parameters", reason: LocalizedText(
                zh: "活动参数“\(name)”重复", en: "campaign parameter '\(name)' appears twice")))
        }
        let all = words(of: campaign)
        for key in campaignSourceKeys {
            check(campaign.sources[key], in: all, at: "$.sources.\(key)", what: "活动\(key)")
        }
        for (index, parameter) in campaign.parameterList.enumerated() {
            check(parameter.source, in: all, at: "$.parameters[\(index)].source", what: "活动参数 \(parameter.name)")
        }
        for (c, clause) in campaign.clauses.enumerated() {
            let text = words(of: clause)
            for name in clause.parameterList.repeatedNames {
                problems.append(DecodingProblem(path: "$.clauses[\(c)].parameters", reason: LocalizedText(
                    zh: "条款 \(clause.id) 的参数“\(name)”重复", en: "clause \(clause.id): parameter '\(name)' appears twice")))
            }
            for key in clauseSourceKeys {
                check(clause.sources[key], in: text, at: "$.clauses[\(c)].sources.\(key)", what: "条款 \(clause.id) 的 \(key)")
            }
            for (index, parameter) in clause.parameterList.enumerated() {
                check(parameter.source, in: text, at: "$.clauses[\(c)].parameters[\(index)].source",
                      what: "条款 \(clause.id) 的参数 \(parameter.name)")
            }
        }
        return problems
    }
}

extension [SourcedParameter] {
    /// The values by name; when a name repeats, the last one wins (the audit reports the repeat).
    var byName: [String: JSONValue] {
        var map: [String: JSONValue] = [:]
        for parameter in self { map[parameter.name] = parameter.value }
        return map
    }

    /// Names that appear more than once.
    var repeatedNames: [String] {
        var seen = Set<String>()
        return map(\.name).filter { !seen.insert($0).inserted }
    }
}

extension Clause {
    /// Everything the clause sets, with its source, as pages and exports show it: the window and the
    /// unit kinds it binds first, then its rule parameters in file order.
    public var sourcedParameters: [SourcedParameter] {
        var list: [SourcedParameter] = []
        if let source = sources["window"] {
            list.append(SourcedParameter(name: "window", value: .object(["start": .string(window.start.description),
                                                                          "end": .string(window.end.description)]),
                                         source: source))
        }
        if let source = sources["appliesTo"] {
            let kinds = appliesTo.map { JSONValue.string($0.rawValue) } + appliesToTags.map { .string("tag:" + $0) }
            list.append(SourcedParameter(name: "appliesTo", value: .array(kinds), source: source))
        }
        return list + parameterList
    }
}

extension JSONValue {
    /// The value as compact JSON-like text for tables: strings bare, lists and maps in brackets.
    public var compactText: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): value
        case .array(let values): "[" + values.map { $0["id"]?.stringValue ?? $0.compactText }.joined(separator: ", ") + "]"
        case .object(let map): "{" + map.keys.sorted().map { "\($0): \(map[$0]!.compactText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A setting the plan does not make: the campaign office's own, shown as such wherever it counts.
public struct Assumption: Sendable, Hashable, Codable {
    /// The clause it belongs to; nil for a campaign-wide setting.
    public var clause: String?
    public var name: String
    public var value: JSONValue
    public var reason: LocalizedText

    public init(clause: String?, name: String, value: JSONValue, reason: LocalizedText) {
        self.clause = clause
        self.name = name
        self.value = value
        self.reason = reason
    }

    /// Whether the setting is a date (or a window of dates): a deadline the plan does not set.
    public var isDeadline: Bool {
        if let text = value.stringValue { return LocalDate(text) != nil }
        return name == "window" || name == "window.end" || name == "window.start"
    }

    /// "期限为督导办设定，原文未规定" for a date, "督导办设定，原文未规定" otherwise.
    public var label: LocalizedText {
        isDeadline ? LocalizedText(zh: "期限为督导办设定，原文未规定", en: "deadline set by the campaign office, not in the plan")
            : LocalizedText(zh: ParameterSource.assumptionLabel(.zh), en: ParameterSource.assumptionLabel(.en))
    }

    /// One line for pages and reports: "1.3 columnDueBy = 2017-03-31：期限为督导办设定，原文未规定。理由".
    public func line(_ language: Language) -> String {
        let head = (clause.map { $0 + " " } ?? "") + "\(name) = \(value.compactText)"
        return language == .zh ? "\(head)：\(label.zh)。\(reason.zh)" : "\(head): \(label.en). \(reason.en)"
    }
}

extension Campaign {
    /// The campaign-wide settings that are the office's own (its end date, display and sync limits).
    public var campaignAssumptions: [Assumption] {
        var list: [Assumption] = []
        for key in Provenance.campaignSourceKeys {
            if case .assumption(let reason) = sources[key] {
                let date = key == "window.end" ? window.end : window.start
                list.append(Assumption(clause: nil, name: key, value: .string(date.description), reason: reason))
            }
        }
        for parameter in parameterList {
            if case .assumption(let reason) = parameter.source {
                list.append(Assumption(clause: nil, name: parameter.name, value: parameter.value, reason: reason))
            }
        }
        return list
    }

    /// The assumptions behind `unit`'s verdicts: those of every clause that binds it, then the
    /// campaign's end date. What a unit's report and a cell's page show beside the plan's words.
    public func assumptions(for unit: CampaignUnit) -> [Assumption] {
        clauses.filter { $0.applies(to: unit) }.flatMap(\.assumptions)
            + campaignAssumptions.filter { $0.name == "window.end" }
    }
}

extension Clause {
    /// The assumption behind a deadline of this clause, when the plan does not set it: a date
    /// parameter of the office's own equal to `deadline`. What a 待办 line shows beside the date
    /// ("期限为督导办设定，原文未规定").
    public func assumption(forDeadline deadline: LocalDate) -> Assumption? {
        assumptions.first { assumption in
            assumption.value.stringValue.flatMap { LocalDate($0) } == deadline
        }
    }
}
