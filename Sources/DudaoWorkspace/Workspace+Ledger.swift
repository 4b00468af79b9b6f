import DudaoKernel
import DudaoStore
import Foundation

/// Who is acting on the ledger here: the role and, for a leader, the person.
public struct LedgerActor: Sendable, Hashable {
    public var role: LedgerRole
    public var person: String?

    public init(role: LedgerRole, person: String? = nil) {
        self.role = role
        self.person = person
    }
}

extension Workspace {
    /// The actor this node speaks as: a unit's agent acts as the unit; the bureau as the campaign
    /// office, or as a bureau leader when `person` is one.
    public func actor(person: String?) throws -> LedgerActor {
        if !identity.isBureau { return LedgerActor(role: .unit, person: person) }
        guard let person else { return LedgerActor(role: .office) }
        guard let found = campaign.person(person) else {
            throw DudaoError("未知人员“\(person)”", "unknown person '\(person)'")
        }
        return LedgerActor(role: found.roles.contains(.bureauLeader) ? .leader : .viewer, person: person)
    }

    /// Registers a ledger item (立项) for `unit` (this agent's unit when nil).
    @discardableResult
    public func registerItem(_ item: LedgerItem, unit: String? = nil, person: String? = nil) throws -> RecordEnvelope {
        let actor = try actor(person: person)
        guard LedgerPolicy.registeringRoles.contains(actor.role) else {
            throw LedgerRefusal(action: .supervise, state: .registered, role: actor.role, wrongRole: true)
        }
        guard let unitID = unit ?? identity.unit else {
            throw DudaoError("教育局立项须用 --unit 指明单位", "at the bureau, name the unit with --unit")
        }
        try checkLeaderScope(actor, unit: unitID)
        let stored = try store.append([try NewRecord(item, unit: unitID, author: person)], actor: item.account ?? person)
        return stored[0]
    }

    /// Moves a ledger item by `action`, if the kernel's policy allows it for this actor and state;
    /// `evidence` (stored files' hashes) travels on the transition's record (a unit's feedback, R4).
    @discardableResult
    public func transition(item id: String, action: LedgerAction, comment: String, on date: LocalDate? = nil,
                           deadline: LocalDate? = nil, person: String? = nil,
                           closeChecks: CloseChecks? = nil, account: String? = nil, evidence: [String] = []) throws -> LedgerItemState {
        let actor = try actor(person: person)
        guard let current = try ledger().first(where: { $0.id == id }) else {
            throw DudaoError("没有编号为 \(id) 的台账事项", "no ledger item with id \(id)")
        }
        try checkLeaderScope(actor, unit: current.unit)
        if case .failure(let refusal) = LedgerPolicy.apply(action, by: actor.role, from: current.state) { throw refusal }
        if action == .close {
            let unmet = closeChecks?.unmet ?? CloseChecks.Check.allCases
            if !unmet.isEmpty {
                throw DudaoError("台账事项 \(id) 不能销号（四个不放过）：" + unmet.map(\.title.zh).joined(separator: "；"),
                                 "ledger item \(id) cannot be closed (the four no-let-gos): " + unmet.map(\.title.en).joined(separator: "; "))
            }
        }
        let day = date ?? today
        let body = LedgerTransition(item: id, action: action, role: actor.role, person: actor.person, on: day,
                                    comment: comment, deadline: deadline, closeChecks: action == .close ? closeChecks : nil, account: account)
        if let refusal = WritePolicy.mayRecord(body, for: current.unit, by: identity.writer, in: campaign) { throw refusal }
        var record = try NewRecord(body, unit: current.unit, author: actor.person)
        record.evidence = evidence
        try store.append([record], actor: account ?? actor.person)
        guard let updated = try ledger().first(where: { $0.id == id }) else {
            throw DudaoError("台账事项 \(id) 丢失", "ledger item \(id) vanished")
        }
        return updated
    }

    /// A leader acts only on their own units: the write policy's rule, asked before the state's.
    private func checkLeaderScope(_ actor: LedgerActor, unit: String) throws {
        guard actor.role == .leader else { return }
        if let refusal = WritePolicy.mayActAsLeader(actor.person, on: unit, in: campaign) { throw refusal }
    }
}
