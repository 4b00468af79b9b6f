import Foundation

/// One thing a revision changed, in plain words: a date moved, a quota changed, a unit or person
/// added, retired, merged or renamed. `CampaignChange.between` lists them.
public struct CampaignChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case dateMoved = "date-moved"
        case quotaChanged = "quota-changed"
        case parameterChanged = "parameter-changed"
        case clauseAdded = "clause-added"
        case clauseRetired = "clause-retired"
        case unitAdded = "unit-added"
        case unitRetired = "unit-retired"
        case unitMerged = "unit-merged"
        case unitRenamed = "unit-renamed"
        case unitChanged = "unit-changed"
        case personAdded = "person-added"
        case personRetired = "person-retired"
        case personRenamed = "person-renamed"
        case personChanged = "person-changed"
    }

    public var kind: Kind
    /// The clause, unit or person id, or `campaign`.
    public var subject: String
    public var text: LocalizedText

    public init(kind: Kind, subject: String, text: LocalizedText) {
        self.kind = kind
        self.subject = subject
        self.text = text
    }

    /// What changed from `old` to `new`: the campaign's and clauses' dates and parameters, then
    /// clauses, units and people added, retired, merged or renamed, in file order.
    public static func between(_ old: Campaign, _ new: Campaign) -> [CampaignChange] {
        var changes: [CampaignChange] = []
        func add(_ kind: Kind, _ subject: String, _ zh: String, _ en: String) {
            changes.append(CampaignChange(kind: kind, subject: subject, text: LocalizedText(zh: zh, en: en)))
        }
        if old.window != new.window {
            add(.dateMoved, "campaign", "活动期由 \(old.window.start)…\(old.window.end) 改为 \(new.window.start)…\(new.window.end)",
                "the campaign window moves from \(old.window.start)…\(old.window.end) to \(new.window.start)…\(new.window.end)")
        }
        changes += parameterChanges(old.parameterList, new.parameterList, subject: "campaign", zhOwner: "活动", enOwner: "campaign")
        for clause in new.clauses {
            guard let before = old.clause(clause.id) else {
                add(.clauseAdded, clause.id, "新增条款 \(clause.id)“\(clause.title.zh)”", "clause \(clause.id) '\(clause.title.en)' added")
                continue
            }
            if before.window != clause.window {
                add(.dateMoved, clause.id, "条款 \(clause.id) 的时间由 \(before.window.start)…\(before.window.end) 改为 \(clause.window.start)…\(clause.window.end)",
                    "clause \(clause.id)'s window moves from \(before.window.start)…\(before.window.end) to \(clause.window.start)…\(clause.window.end)")
            }
            changes += parameterChanges(before.parameterList, clause.parameterList, subject: clause.id,
                                        zhOwner: "条款 \(clause.id)", enOwner: "clause \(clause.id)")
            if before.appliesTo != clause.appliesTo || before.appliesToTags != clause.appliesToTags {
                add(.parameterChanged, clause.id, "条款 \(clause.id) 的适用范围改为 \(clause.appliesTo.map(\.title.zh).joined(separator: "、"))",
                    "clause \(clause.id) now binds \(clause.appliesTo.map(\.title.en).joined(separator: ", "))")
            }
            if before.retiredOn != clause.retiredOn, let retired = clause.retiredOn {
                add(.clauseRetired, clause.id, "条款 \(clause.id) 自 \(retired) 起不再考核", "clause \(clause.id) is retired from \(retired)")
            }
        }
        for unit in new.units {
            guard let before = old.unit(unit.id) else {
                add(.unitAdded, unit.id, "新增单位 \(unit.name.zh)（\(unit.id)）", "unit \(unit.name.en) (\(unit.id)) added")
                continue
            }
            if before.name != unit.name {
                add(.unitRenamed, unit.id, "单位 \(unit.id) 更名：\(before.name.zh) → \(unit.name.zh)",
                    "unit \(unit.id) renamed: \(before.name.en) → \(unit.name.en)")
            }
            if before.kind != unit.kind || before.parent != unit.parent || before.tags != unit.tags {
                add(.unitChanged, unit.id, "单位 \(unit.id) 的类别、上级或标记改变", "unit \(unit.id)'s kind, parent or tags changed")
            }
            if before.retiredOn != unit.retiredOn || before.mergedInto != unit.mergedInto, let retired = unit.retiredOn {
                if let target = unit.mergedInto {
                    let name = new.unit(target)?.name
                    add(.unitMerged, unit.id, "单位 \(unit.name.zh) 自 \(retired) 起并入 \(name?.zh ?? target)，未办结的台账事项转入该单位",
                        "unit \(unit.name.en) merges into \(name?.en ?? target) from \(retired); its open ledger items move there")
                } else {
                    add(.unitRetired, unit.id, "单位 \(unit.name.zh) 自 \(retired) 起撤销", "unit \(unit.name.en) is retired from \(retired)")
                }
            }
        }
        for person in new.people {
            guard let before = old.person(person.id) else {
                add(.personAdded, person.id, "新增人员 \(person.name)（\(person.id)）", "person \(person.name) (\(person.id)) added")
                continue
            }
            if before.name != person.name {
                add(.personRenamed, person.id, "人员 \(person.id) 更名：\(before.name) → \(person.name)",
                    "person \(person.id) renamed: \(before.name) → \(person.name)")
            }
            if before.roles != person.roles || before.unit != person.unit || before.assignedUnits != person.assignedUnits
                || before.officesInCharge != person.officesInCharge {
                add(.personChanged, person.id, "人员 \(person.name) 的角色、单位或分包分管单位改变",
                    "\(person.name)'s roles, unit or assigned units changed")
            }
            if before.retiredOn != person.retiredOn, let retired = person.retiredOn {
                add(.personRetired, person.id, "人员 \(person.name) 自 \(retired) 起离任", "\(person.name) leaves the post from \(retired)")
            }
        }
        return changes
    }

    private static func parameterChanges(_ old: [SourcedParameter], _ new: [SourcedParameter], subject: String,
                                         zhOwner: String, enOwner: String) -> [CampaignChange] {
        let before = old.byName, after = new.byName
        var changes: [CampaignChange] = []
        for name in Set(before.keys).union(after.keys).sorted() where before[name] != after[name] {
            let from = before[name], to = after[name]
            let kind: Kind
            if from.flatMap({ $0.stringValue.flatMap(LocalDate.init) }) != nil || to.flatMap({ $0.stringValue.flatMap(LocalDate.init) }) != nil {
                kind = .dateMoved
            } else if from?.intValue != nil || to?.intValue != nil {
                kind = .quotaChanged
            } else {
                kind = .parameterChanged
            }
            let was = from.map(render) ?? "—", now = to.map(render) ?? "—"
            changes.append(CampaignChange(kind: kind, subject: subject, text: LocalizedText(
                zh: "\(zhOwner) 的 \(name) 由 \(was) 改为 \(now)", en: "\(enOwner)'s \(name) changes from \(was) to \(now)")))
        }
        return changes
    }

    private static func render(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text }
        if let number = value.intValue { return String(number) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
