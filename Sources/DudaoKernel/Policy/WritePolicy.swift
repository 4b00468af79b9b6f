import Foundation

/// A write the campaign's rules forbid, and why: an ordinary `DudaoError`, the same whichever door
/// the write came through (a local write, an imported change or a ledger action).
public typealias WriteRefusal = DudaoError

/// Who may write which record, ledger transition and inspection, and which of the bureau's
/// records a unit may see. The store asks it of every local write, the importer of every
/// received change, the workspace of every ledger action, the exporter of every outgoing change.
public enum WritePolicy {
    /// The node that writes: a unit's agent, for its own unit, or the bureau.
    public enum Writer: Sendable, Hashable {
        case unit(String)
        case bureau

        public var isBureau: Bool { self == .bureau }

        var title: LocalizedText {
            switch self {
            case .unit(let unit): LocalizedText(zh: "单位 \(unit)", en: "unit \(unit)")
            case .bureau: LocalizedText(zh: "教育局", en: "the bureau")
            }
        }
    }

    /// Whether `writer` may write a record of `type` for `unit`: a unit writes its own unit's
    /// records only, and each side only the record types its plugins give it. A ledger transition
    /// is checked further by `mayRecord(_:for:by:in:)`.
    public static func mayWrite(type: RecordType, unit: String, by writer: Writer) -> WriteRefusal? {
        if case .unit(let own) = writer, own != unit {
            return WriteRefusal("本节点只能为单位 \(own) 记录，不能写入单位 \(unit) 的记录",
                                "this node records for unit \(own) only, not for \(unit)")
        }
        guard type.writers.allows(bureau: writer.isBureau) else {
            return WriteRefusal("记录类型 \(type.id) 只能由\(writer.isBureau ? "被督导单位" : "教育局")填写",
                                "record type \(type.id) is written by the \(writer.isBureau ? "units" : "bureau") only")
        }
        return nil
    }

    /// Whether `writer` may record `transition` of an item of `unit`: a unit acts as the unit, the
    /// bureau as the office or a leader; the action must be one that role may take; a leader acts
    /// only on their assigned units and offices in charge. (Whether the item's state allows the
    /// action is `LedgerPolicy.apply`'s question, asked where the state is known.)
    public static func mayRecord(_ transition: LedgerTransition, for unit: String, by writer: Writer, in campaign: Campaign) -> WriteRefusal? {
        guard mayAct(transition.action, as: transition.role, by: writer) else {
            return WriteRefusal("\(writer.title.zh)无权以“\(transition.role.title.zh)”身份执行台账操作“\(transition.action.title.zh)”",
                "\(writer.title.en) may not make the ledger transition \(transition.action.rawValue) as \(transition.role.rawValue)")
        }
        if transition.role == .leader {
            return mayActAsLeader(transition.person, on: unit, in: campaign)
        }
        return nil
    }

    /// Whether `writer` may record `action` as `role` on some item: a unit acts as the unit, the
    /// bureau as any other role, and `role` must be one that may take `action`. (A leader is further
    /// held to their own units: `mayActAsLeader`.)
    public static func mayAct(_ action: LedgerAction, as role: LedgerRole, by writer: Writer) -> Bool {
        let sideAllows = writer.isBureau ? role != .unit : role == .unit
        return sideAllows && LedgerPolicy.moves[action]?.roles.contains(role) == true
    }

    /// Whether `person` may act as a bureau leader on `unit`'s ledger.
    public static func mayActAsLeader(_ person: String?, on unit: String, in campaign: Campaign) -> WriteRefusal? {
        guard let person, let found = campaign.person(person), found.roles.contains(.bureauLeader) else {
            return WriteRefusal("“\(person ?? "")”不是名单中的局领导", "'\(person ?? "")' is not a bureau leader of the roster")
        }
        guard LedgerPolicy.leader(found, mayActOn: unit) else {
            return WriteRefusal("局领导 \(found.name) 不分包、不分管单位 \(unit)，无权处理其台账",
                                "bureau leader \(person) is not assigned to unit \(unit) and may not act on its ledger")
        }
        return nil
    }

    /// Whether `writer` may write `record` (its type given): `mayWrite`, and for a ledger transition
    /// `mayRecord`. A body that does not decode is left to validation.
    public static func check(_ record: RecordEnvelope, type: RecordType, by writer: Writer, in campaign: Campaign) -> WriteRefusal? {
        if let refusal = mayWrite(type: type, unit: record.unit, by: writer) { return refusal }
        if record.type == LedgerTransition.recordType, !record.deleted {
            guard let transition = try? record.decode(LedgerTransition.self) else {
                return WriteRefusal("台账流转 \(record.id) 无法读取", "the ledger transition \(record.id) cannot be read")
            }
            return mayRecord(transition, for: record.unit, by: writer, in: campaign)
        }
        return nil
    }

    /// Whether a record the bureau wrote reaches its unit yet: an unannounced inspection only
    /// once it has taken place; everything else at once.
    public static func reachesUnit(_ record: RecordEnvelope) -> Bool {
        guard record.type == Inspection.recordType, let inspection = try? record.decode(Inspection.self) else { return true }
        return inspection.announced || inspection.heldOn != nil
    }
}
