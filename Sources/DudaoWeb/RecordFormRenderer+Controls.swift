import DudaoKernel

/// The input of each kind of field, and the options of the kinds chosen from a list: people and
/// units by name, clause options by their title, records by their summary — never a bare id.
extension RecordFormRenderer {
    struct Choice {
        var value: String
        var label: String
        /// The `<optgroup>` it is listed under, if any.
        var group: String?
    }

    /// The input for one value of `kind`.
    func control(_ kind: FieldKind, value: JSONValue?, name: String, required: Bool, described: String) -> HTML {
        let id = RecordFormName.id(of: name)
        let attributes: HTML = "id=\"\(id)\" name=\"\(name)\"\(required ? " required" : "")\(aria(described, name))"
        let text = Self.text(of: value)
        switch kind {
        case .text:
            return "<input type=\"text\" \(attributes) value=\"\(text)\">"
        case .longText:
            // The newline after the tag is dropped by every HTML parser, so a leading one of the text survives.
            return "<textarea \(attributes) rows=\"4\">\n\(text)</textarea>"
        case .date(let clause):
            let bounds = dateBounds(clause)
            let low: HTML = bounds.min.map { " min=\"\($0)\"" } ?? .empty
            let high: HTML = bounds.max.map { " max=\"\($0)\"" } ?? .empty
            return "<input type=\"date\" \(attributes) value=\"\(text)\"\(low)\(high)>"
        case .integer(let min, let max):
            return "<input type=\"number\" \(attributes) value=\"\(text)\" step=\"1\" inputmode=\"numeric\"\(Self.bounds(min, max))>"
        case .decimal(let min, let max):
            return "<input type=\"number\" \(attributes) value=\"\(text)\" step=\"any\" inputmode=\"decimal\"\(Self.bounds(min, max))>"
        case .boolean:
            let options = [Choice(value: "true", label: t("是", "Yes"), group: nil), Choice(value: "false", label: t("否", "No"), group: nil)]
            return select(attributes, options: options, selected: text, required: required)
        case .choice, .clauseOption, .person, .unit, .record:
            var options = choices(for: kind)
            if !text.isEmpty, !options.contains(where: { $0.value == text }) {
                options.append(Choice(value: text, label: stray(text, kind: kind), group: nil))
            }
            return select(attributes, options: options, selected: text, required: required)
        case .list, .group:
            return .empty
        }
    }

    /// A `<select>` with a first empty option (“choose…” or “none”) unless a required value is set.
    func select(_ attributes: HTML, options: [Choice], selected: String, required: Bool) -> HTML {
        var parts: [HTML] = []
        if selected.isEmpty || !required {
            parts.append("<option value=\"\">\(required ? t("请选择…", "Choose…") : t("（不填）", "(none)"))</option>")
        }
        var group: String?
        for option in options {
            if option.group != group {
                if group != nil { parts.append("</optgroup>") }
                if let next = option.group { parts.append("<optgroup label=\"\(next)\">") }
                group = option.group
            }
            parts.append("<option value=\"\(option.value)\"\(option.value == selected ? " selected" : "")>\(option.label)</option>")
        }
        if group != nil { parts.append("</optgroup>") }
        return "<select \(attributes)>\(parts)</select>"
    }

    /// The options of a kind chosen from a list.
    func choices(for kind: FieldKind) -> [Choice] {
        let campaign = form.campaign
        switch kind {
        case .choice(let options):
            return options.map { Choice(value: $0.id, label: $0.label(form.language), group: nil) }
        case .clauseOption(let clauseID, let list):
            guard let clause = campaign.clause(clauseID) else { return [] }
            return clause.optionIDs(list).map { Choice(value: $0, label: clause.optionTitle(list, id: $0, form.language), group: nil) }
        case .person(let role):
            return people(role: role)
        case .unit:
            return UnitKind.allCases.flatMap { kind in
                campaign.units.filter { $0.kind == kind }
                    .map { Choice(value: $0.id, label: $0.name(form.language), group: kind.title(form.language)) }
            }
        case .record(let type):
            return form.ownRecords.filter { $0.type == type }.map { Choice(value: $0.id, label: $0.summary, group: nil) }
        default:
            return []
        }
    }

    /// The people offered for a person field: those with `role`; without one, the unit's own
    /// people and the bureau leaders (everyone, by unit, when no unit is given).
    func people(role: Person.Role?) -> [Choice] {
        let campaign = form.campaign
        let language = form.language
        func unitName(_ person: Person) -> String? { person.unit.flatMap { campaign.unit($0)?.name(language) } }
        if let role {
            return campaign.people.filter { $0.roles.contains(role) }.map { person in
                let place = role == .bureauLeader ? nil : unitName(person)
                return Choice(value: person.id, label: place.map { t("\(person.name)（\($0)）", "\(person.name) (\($0))") } ?? person.name, group: nil)
            }
        }
        let leaders = campaign.leaders.map { Choice(value: $0.id, label: $0.name, group: t("局领导", "Bureau leaders")) }
        if let unit = form.unit {
            let own = campaign.people.filter { $0.unit == unit.id && !$0.roles.contains(.bureauLeader) }
                .map { Choice(value: $0.id, label: $0.name, group: unit.name(language)) }
            return own + leaders
        }
        let others = campaign.people.filter { !$0.roles.contains(.bureauLeader) }.map {
            Choice(value: $0.id, label: $0.name, group: unitName($0) ?? t("其他", "Others"))
        }
        return leaders + others.sorted { ($0.group ?? "", $0.label) < ($1.group ?? "", $1.label) }
    }

    /// The label of a value that is not among a field's options (a record since deleted, a person
    /// of another unit): the person's or unit's name when the roster knows it.
    func stray(_ value: String, kind: FieldKind) -> String {
        switch kind {
        case .person: form.campaign.person(value)?.name ?? value
        case .unit: form.campaign.unit(value)?.name(form.language) ?? value
        case .record: t("（不在本单位记录中）\(value)", "(not among the unit's records) \(value)")
        default: value
        }
    }

    /// The dates a field accepts: its clause's window, and late entries until the campaign's end
    /// (as `RecordCheck.date(_:at:inWindowOf:)` accepts them).
    func dateBounds(_ clauseID: String?) -> (min: LocalDate?, max: LocalDate?) {
        guard let clauseID, let clause = form.campaign.clause(clauseID) else { return (nil, nil) }
        return (clause.window.start, max(clause.window.end, form.campaign.window.end))
    }

    static func bounds<N: CustomStringConvertible>(_ min: N?, _ max: N?) -> HTML {
        let low: HTML = min.map { " min=\"\($0)\"" } ?? .empty
        let high: HTML = max.map { " max=\"\($0)\"" } ?? .empty
        return low + high
    }

    /// A value as an input shows it: text as it is, whole numbers without a decimal point.
    static func text(of value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let number)?: RecordFormInput.format(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: ""
        }
    }
}
