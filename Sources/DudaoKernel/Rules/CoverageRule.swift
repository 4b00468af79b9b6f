/// "All of a set, by a date": 2.3's three channels, 2.2's symposium kinds, 1.2's materials.
///
/// The required ids are the clause parameter `requiredKey`: a list of ids, a list of options
/// (`[{"id": …, "zh": …, "en": …}]`), or a map by unit kind or tag to either. An empty
/// requirement for the unit is not applicable. Option titles come from `optionsKey`, or from
/// `optionTitle` when the ids are a Swift enum's (3.1's levels).
public struct CoverageRule<Body: RecordBody>: Rule {
    public let id: String
    public let clause: String
    public let title: LocalizedText
    public var requiredKey: String
    public var optionsKey: String?
    public var dueByKey: String?
    public var countsFromCampaignStart: Bool
    public var date: @Sendable (Body) -> LocalDate
    public var covers: @Sendable (Body) -> [String]
    public var optionTitle: (@Sendable (String) -> LocalizedText?)?

    public init(id: String, clause: String, title: LocalizedText, required requiredKey: String,
                options optionsKey: String? = nil, dueBy dueByKey: String? = nil, countsFromCampaignStart: Bool = false,
                date: @escaping @Sendable (Body) -> LocalDate, covers: @escaping @Sendable (Body) -> [String],
                optionTitle: (@Sendable (String) -> LocalizedText?)? = nil) {
        self.id = id
        self.clause = clause
        self.title = title
        self.requiredKey = requiredKey
        self.optionsKey = optionsKey
        self.dueByKey = dueByKey
        self.countsFromCampaignStart = countsFromCampaignStart
        self.date = date
        self.covers = covers
        self.optionTitle = optionTitle
    }

    public func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let clause = context.clause
        if let unit = context.unit, clause.parameters[requiredKey]?.objectValue != nil, clause.value(requiredKey, for: unit) == nil {
            return [context.cell(self, period: .whole(clause.window), state: .notApplicable,
                                 note: LocalizedText(zh: "本类单位无此要求", en: "no such requirement for this kind of unit"))]
        }
        let value = context.unit.flatMap { clause.value(requiredKey, for: $0) } ?? clause.parameters[requiredKey]
        guard let value, let required = Self.ids(value) else { return [context.misconfigured(self, key: requiredKey)] }
        if required.isEmpty {
            return [context.cell(self, period: .whole(clause.window), state: .notApplicable)]
        }
        guard let due = dueByKey.map({ clause.date($0) }) ?? clause.window.end else {
            return [context.misconfigured(self, key: dueByKey ?? "window")]
        }
        let from = countsFromCampaignStart ? context.campaign.window.start : clause.window.start
        let records = context.records(Body.self).filter { date($0.body) <= context.asOf && date($0.body) >= from }
        var firstCovered: [String: LocalDate] = [:]
        var deciding: [String] = []
        for record in records {
            let hits = covers(record.body).filter(required.contains)
            if !hits.isEmpty { deciding.append(record.id) }
            for hit in hits where firstCovered[hit].map({ date(record.body) < $0 }) ?? true {
                firstCovered[hit] = date(record.body)
            }
        }
        let missing = required.filter { firstCovered[$0] == nil }
        let late = required.contains { (firstCovered[$0] ?? due) > due }
        let names = { (language: Language) in
            missing.map { id in
                optionsKey.map { clause.optionTitle($0, id: id, language) } ?? optionTitle?(id)?(language) ?? id
            }
        }
        let note = missing.isEmpty ? nil : LocalizedText(zh: "缺：" + names(.zh).joined(separator: "、"),
                                                         en: "missing: " + names(.en).joined(separator: ", "))
        let period = Period(kind: .window, label: "\(clause.window.start)..\(due)", start: clause.window.start, end: due)
        return [context.deadlineCell(self, period: period, deadline: due, done: missing.isEmpty, late: late,
                                     records: deciding, note: note)]
    }

    static func ids(_ value: JSONValue) -> [String]? {
        if let strings = value.stringArray { return strings }
        if let options = value.arrayValue {
            let ids = options.compactMap { $0["id"]?.stringValue }
            return ids.count == options.count ? ids : nil
        }
        return nil
    }
}
