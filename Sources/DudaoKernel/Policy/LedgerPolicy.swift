/// The lifecycle of a ledger item: 立项 → 督办 → 反馈 → 销号 → 归档.
public enum LedgerState: String, Sendable, Hashable, Codable, CaseIterable {
    case registered, supervising, feedback, closed, archived

    public var title: LocalizedText {
        switch self {
        case .registered: LocalizedText(zh: "立项", en: "registered")
        case .supervising: LocalizedText(zh: "督办", en: "supervising")
        case .feedback: LocalizedText(zh: "反馈", en: "feedback")
        case .closed: LocalizedText(zh: "销号", en: "closed")
        case .archived: LocalizedText(zh: "归档", en: "archived")
        }
    }

    /// Still to be solved: not closed and not archived.
    public var isOpen: Bool { self == .registered || self == .supervising || self == .feedback }
}

/// What someone does to a ledger item.
public enum LedgerAction: String, Sendable, Hashable, Codable, CaseIterable {
    case supervise, feedback, close, reject, reopen, archive

    public var title: LocalizedText {
        switch self {
        case .supervise: LocalizedText(zh: "督办", en: "supervise")
        case .feedback: LocalizedText(zh: "反馈", en: "feedback")
        case .close: LocalizedText(zh: "销号", en: "close")
        case .reject: LocalizedText(zh: "退回", en: "reject")
        case .reopen: LocalizedText(zh: "回头看", en: "look back")
        case .archive: LocalizedText(zh: "归档", en: "archive")
        }
    }
}

/// Who acts on the ledger.
public enum LedgerRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// A unit's own people, on their agent.
    case unit
    /// The bureau's campaign office (局活动办).
    case office
    /// A bureau leader, for the units assigned to them.
    case leader
    /// Read only.
    case viewer

    public var title: LocalizedText {
        switch self {
        case .unit: LocalizedText(zh: "被督导单位", en: "unit")
        case .office: LocalizedText(zh: "局活动办", en: "campaign office")
        case .leader: LocalizedText(zh: "局领导", en: "bureau leader")
        case .viewer: LocalizedText(zh: "只读用户", en: "viewer")
        }
    }
}

/// A transition the kernel refuses, with the state and role that made it illegal.
public struct LedgerRefusal: DudaoFailure, Hashable {
    public var action: LedgerAction
    public var state: LedgerState
    public var role: LedgerRole
    public var wrongRole: Bool

    public init(action: LedgerAction, state: LedgerState, role: LedgerRole, wrongRole: Bool) {
        self.action = action
        self.state = state
        self.role = role
        self.wrongRole = wrongRole
    }

    public var message: LocalizedText {
        if wrongRole {
            return LocalizedText(
                zh: "角色“\(role.title.zh)”无权对处于“\(state.title.zh)”状态的台账事项执行“\(action.title.zh)”",
                en: "role \(role.rawValue) may not \(action.rawValue) a ledger item in state \(state.rawValue)")
        }
        return LocalizedText(
            zh: "处于“\(state.title.zh)”状态的台账事项不能“\(action.title.zh)”",
            en: "cannot \(action.rawValue) a ledger item in state \(state.rawValue)")
    }
}

/// The kernel's rule of which role may move a ledger item from which state, and where to.
public enum LedgerPolicy {
    /// One legal move: from a state, by one of some roles, to a state.
    public struct Move: Sendable, Hashable {
        public var from: LedgerState
        public var to: LedgerState
        public var roles: Set<LedgerRole>
    }

    public static let moves: [LedgerAction: Move] = [
        .supervise: Move(from: .registered, to: .supervising, roles: [.office, .leader]),
        .feedback: Move(from: .supervising, to: .feedback, roles: [.unit]),
        .close: Move(from: .feedback, to: .closed, roles: [.office, .leader]),
        .reject: Move(from: .feedback, to: .supervising, roles: [.office, .leader]),
        .reopen: Move(from: .closed, to: .supervising, roles: [.office, .leader]),
        .archive: Move(from: .closed, to: .archived, roles: [.office]),
    ]

    /// Roles that may register an item: a unit for itself, the bureau for any unit.
    public static let registeringRoles: Set<LedgerRole> = [.unit, .office, .leader]

    /// The state after `action` by `role` from `state`, or the refusal.
    public static func apply(_ action: LedgerAction, by role: LedgerRole, from state: LedgerState) -> Result<LedgerState, LedgerRefusal> {
        let move = moves[action]!
        guard move.from == state else {
            return .failure(LedgerRefusal(action: action, state: state, role: role, wrongRole: false))
        }
        guard move.roles.contains(role) else {
            return .failure(LedgerRefusal(action: action, state: state, role: role, wrongRole: true))
        }
        return .success(move.to)
    }

    /// Whether `person` may act as a leader on an item of `unit`: their assigned units and offices in charge.
    public static func leader(_ person: Person, mayActOn unit: String) -> Bool {
        person.roles.contains(.bureauLeader) && (person.assignedUnits.contains(unit) || person.officesInCharge.contains(unit))
    }
}
