import DudaoKernel

/// Builds a ``RecordForm``'s markup: one part per field description, recursing through groups and
/// lists, with each issue beside the field its path names.
struct RecordFormRenderer {
    let form: RecordForm
    let t: Tr
    /// Messages by the field name they are shown beside.
    private var messages: [String: [String]] = [:]
    /// Every issue in order, with the name of the field it is shown beside (nil: the form's own).
    private var listed: [(name: String?, text: String)] = []

    init(form: RecordForm) {
        self.form = form
        t = Tr(language: form.language)
        var targets: Set<String> = []
        Self.collectTargets(form.type.fields, form.values, RecordFormName.prefix, into: &targets)
        for issue in form.issues {
            let reason = issue.reason(form.language)
            let path = FieldPath(issue.path)
            var candidate = path
            var target: String?
            while let current = candidate, !current.steps.isEmpty {
                let name = RecordFormName.name(of: current)
                if targets.contains(name) {
                    target = name
                    break
                }
                candidate = current.parent
            }
            let label = path.flatMap { form.type.fields.label(of: $0, form.language) } ?? form.type.title(form.language)
            listed.append((target, t("\(label)：\(reason)", "\(label): \(reason)")))
            if let target { messages[target, default: []].append(reason) }
        }
    }

    /// The names of every element an issue can be shown beside: each field, list and list item.
    static func collectTargets(_ fields: [FieldDescription], _ values: JSONValue?, _ prefix: String, into targets: inout Set<String>) {
        for field in fields {
            let name = prefix + "." + field.key
            targets.insert(name)
            collectTargets(field.kind, values?[field.key], name, into: &targets)
        }
    }

    static func collectTargets(_ kind: FieldKind, _ value: JSONValue?, _ name: String, into targets: inout Set<String>) {
        switch kind {
        case .group(let fields):
            collectTargets(fields, value, name, into: &targets)
        case .list(let element) where !element.isPicked:
            for (index, item) in (value?.arrayValue ?? []).enumerated() {
                targets.insert("\(name).\(index)")
                collectTargets(element, item, "\(name).\(index)", into: &targets)
            }
        default:
            break
        }
    }

    // MARK: The summary

    /// Every issue with a link to its field, at the top of the form; nothing when there is none.
    func summary() -> HTML {
        guard !listed.isEmpty else { return .empty }
        let items = listed.map { item -> HTML in
            if let name = item.name { return "<li><a href=\"#\(RecordFormName.id(of: name))\">\(item.text)</a></li>" }
            return "<li>\(item.text)</li>"
        }
        let count = listed.count
        return """
            <div class="err form-errors" role="alert" tabindex="-1"><p>\(t("请修改以下 \(count) 处后再提交：", "Please correct \(count) \(count == 1 ? "field" : "fields") and send again:"))</p>\
            <ul>\(items)</ul></div>
            """
    }

    // MARK: Fields

    /// The fields of a body or group; `enforce` asks the browser to insist on required ones (not
    /// inside list items, whose empty slots may stay empty).
    func fields(_ fields: [FieldDescription], values: JSONValue?, prefix: String, inList: Bool) -> HTML {
        fields.map { field($0, value: values?[$0.key], name: prefix + "." + $0.key, enforce: !inList) }.joined()
    }

    func field(_ field: FieldDescription, value: JSONValue?, name: String, enforce: Bool) -> HTML {
        switch field.kind {
        case .group(let nested):
            let inner = fields(nested, values: value, prefix: name, inList: !(enforce && field.required))
            return fieldset(field, name: name, classes: "group", content: inner)
        case .list(let element) where element.isPicked:
            return fieldset(field, name: name, classes: "checks", content: checkboxes(element, value: value, name: name))
        case .list(let element):
            return fieldset(field, name: name, classes: "list", content: items(element, value: value, name: name))
        case .boolean where field.required:
            return checkbox(field, value: value, name: name)
        default:
            let id = RecordFormName.id(of: name)
            let mark: HTML = field.required ? "<span class=\"req\" aria-hidden=\"true\">*</span>" : .empty
            let input = control(field.kind, value: value, name: name, required: enforce && field.required,
                                described: describedBy(field, name: name))
            return "<div class=\"\(classes("field", name))\"><label for=\"\(id)\">\(field.label(form.language))\(mark)</label>\(input)\(rosterName(field.kind, value))\(notes(field, name: name))</div>"
        }
    }

    /// A yes-or-no field: a checkbox that sends `true` when ticked.
    func checkbox(_ field: FieldDescription, value: JSONValue?, name: String) -> HTML {
        let id = RecordFormName.id(of: name)
        let checked = value?.boolValue == true
        return """
            <div class="\(classes("field check", name))"><label for="\(id)"><input type="checkbox" id="\(id)" name="\(name)" value="true"\
            \(checked ? " checked" : "")\(aria(describedBy(field, name: name), name))> \(field.label(form.language))</label>\(notes(field, name: name))</div>
            """
    }

    /// A group or list with its legend, help and error.
    func fieldset(_ field: FieldDescription, name: String, classes kinds: String, content: HTML) -> HTML {
        let id = RecordFormName.id(of: name)
        let mark: HTML = field.required && field.kind.isList == false ? "<span class=\"req\" aria-hidden=\"true\">*</span>" : .empty
        return """
            <fieldset class="\(classes(kinds, name))" id="\(id)"\(aria(describedBy(field, name: name), name))>\
            <legend>\(field.label(form.language))\(mark)</legend>\(notes(field, name: name))\(content)</fieldset>
            """
    }

    /// A list's items and a few empty slots, and a button that asks for more without script.
    func items(_ element: FieldKind, value: JSONValue?, name: String) -> HTML {
        let existing = value?.arrayValue ?? []
        let spare = form.expanded.contains(name) ? 5 : (element.isGroupLike ? 1 : 2)
        var parts: [HTML] = []
        for index in 0..<(existing.count + spare) {
            let item = index < existing.count ? existing[index] : nil
            let itemName = "\(name).\(index)"
            let itemID = RecordFormName.id(of: itemName)
            let title = t("第 \(index + 1) 项", "Item \(index + 1)")
            switch element {
            case .group(let nested):
                parts.append("""
                    <li><fieldset class="\(classes("item", itemName))" id="\(itemID)"\(aria(errorID(itemName), itemName))>\
                    <legend>\(title)</legend>\(error(itemName))\(fields(nested, values: item, prefix: itemName, inList: true))</fieldset></li>
                    """)
            case .list:
                let inner = items(nestedListOf: element, value: item, name: itemName)
                parts.append("<li><fieldset class=\"\(classes("item", itemName))\" id=\"\(itemID)\"><legend>\(title)</legend>\(error(itemName))\(inner)</fieldset></li>")
            default:
                let input = control(element, value: item, name: itemName, required: false, described: errorID(itemName))
                parts.append("<li class=\"\(classes("field", itemName))\"><label for=\"\(itemID)\" class=\"item-no\">\(title)</label>\(input)\(rosterName(element, item))\(error(itemName))</li>")
            }
        }
        let more = t("再加一项", "Add another")
        return """
            <ol class="items">\(parts)</ol>\
            <button type="submit" name="\(RecordFormInput.moreField)" value="\(name)" formnovalidate class="more">\(more)</button>
            """
    }

    /// A list inside a list: its items, as for any list.
    private func items(nestedListOf kind: FieldKind, value: JSONValue?, name: String) -> HTML {
        guard case .list(let element) = kind else { return .empty }
        return element.isPicked ? checkboxes(element, value: value, name: name) : items(element, value: value, name: name)
    }

    /// A list of choices: one checkbox per option, all sending the same name.
    func checkboxes(_ element: FieldKind, value: JSONValue?, name: String) -> HTML {
        let chosen = (value?.arrayValue ?? []).compactMap(\.stringValue)
        var offered = choices(for: element)
        for id in chosen where !offered.contains(where: { $0.value == id }) {
            offered.append(Choice(value: id, label: stray(id, kind: element), group: nil))
        }
        guard !offered.isEmpty else { return "<p class=\"muted\">\(t("暂无可选项", "Nothing to choose yet"))</p>" }
        let boxes = offered.enumerated().map { index, option -> HTML in
            let id = RecordFormName.id(of: name) + "-\(index)"
            let checked = chosen.contains(option.value)
            return """
                <label class="pick" for="\(id)"><input type="checkbox" id="\(id)" name="\(name)" value="\(option.value)"\
                \(checked ? " checked" : "")> \(option.label)</label>
                """
        }
        return "<div class=\"picks\">\(boxes)</div>"
    }

    // MARK: Parts of a field

    /// Under a text field holding a roster person's id (a responsible person written by id), the
    /// person's name, so that people are read by name.
    func rosterName(_ kind: FieldKind, _ value: JSONValue?) -> HTML {
        guard case .text = kind, let id = value?.stringValue, let person = form.campaign.person(id) else { return .empty }
        return "<span class=\"help roster\">\(t("名册人员：\(person.name)", "On the roster: \(person.name)"))</span>"
    }

    /// The help and the error under a field.
    func notes(_ field: FieldDescription, name: String) -> HTML {
        let id = RecordFormName.id(of: name)
        let help: HTML = field.help.map { "<span class=\"help\" id=\"\(id)-help\">\($0(form.language))</span>" } ?? .empty
        return help + error(name)
    }

    /// The error shown beside the field named `name`; nothing when it has none.
    func error(_ name: String) -> HTML {
        guard let texts = messages[name] else { return .empty }
        return "<span class=\"field-err\" id=\"\(RecordFormName.id(of: name))-err\">\(texts.joined(separator: t("；", "; ")))</span>"
    }

    func describedBy(_ field: FieldDescription, name: String) -> String {
        let id = RecordFormName.id(of: name)
        return [field.help == nil ? nil : id + "-help", messages[name] == nil ? nil : id + "-err"]
            .compactMap { $0 }.joined(separator: " ")
    }

    func errorID(_ name: String) -> String {
        messages[name] == nil ? "" : RecordFormName.id(of: name) + "-err"
    }

    /// `aria-describedby` and `aria-invalid` for a control or group.
    func aria(_ describedBy: String, _ name: String) -> HTML {
        let described: HTML = describedBy.isEmpty ? .empty : " aria-describedby=\"\(describedBy)\""
        return messages[name] == nil ? described : described + " aria-invalid=\"true\""
    }

    func classes(_ base: String, _ name: String) -> String {
        messages[name] == nil ? base : base + " has-err"
    }
}

extension FieldKind {
    /// Chosen from a list of options: a list of these shows as checkboxes.
    var isPicked: Bool {
        switch self {
        case .choice, .clauseOption, .person, .unit, .record: true
        default: false
        }
    }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// Shown as a fieldset of its own when it is a list's item.
    var isGroupLike: Bool {
        switch self {
        case .group, .list: true
        default: false
        }
    }
}
