import DudaoKernel

extension EvaluationPlugin {
    /// Phase 5 of a simulated year at one unit, for `dudao demo`: the good practices it turns into
    /// lasting rules (5.1) in the second half of the clause's window.
    ///
    /// Diligent units adopt two, late units one in the window's last month (5.1 runs to the
    /// campaign's end, so nothing can be recorded after it), lax units none. The 5.2 score sheet
    /// is left to the bureau: its score comes from the scoreboard over the whole year, which no
    /// single unit's simulation sees.
    static let simulation: @Sendable (inout SimulationContext) -> Void = { context in
        EvaluationYear.run(&context)
    }
}

/// The records of phase 5.
enum EvaluationYear {
    static func run(_ context: inout SimulationContext) {
        guard context.diligence != .lax, let clause = context.campaign.clause("5.1"), clause.applies(to: context.unit) else { return }
        let end = min(clause.window.end, context.campaign.window.end)
        guard clause.window.start <= end else { return }
        let count = max(clause.int("minimumPractices") ?? 1, context.diligence == .diligent ? 2 : 1)
        let from = context.diligence == .diligent
            ? clause.window.start.adding(days: clause.window.start.days(until: end) / 2)
            : max(clause.window.start, end.adding(days: -30))
        var pool = practices
        for _ in 0..<count {
            if pool.isEmpty { pool = practices }
            let text = pool.remove(at: context.int(in: 0...(pool.count - 1)))
            let day = from.adding(days: context.int(in: 0...max(0, from.days(until: end))))
            context.add(Practice(title: text.title, adoptedOn: day, document: text.document, kind: text.kind), on: day,
                        author: (context.people(.operator).first ?? context.people(.unitHead).first)?.id)
        }
    }

    static let practices: [(title: String, document: String, kind: Practice.Kind)] = [
        ("领导班子成员包年级包学科工作机制", "《关于实行领导班子成员包年级包学科的实施意见》", .mechanism),
        ("来文来电限时办结制度", "《来文来电限时办结暂行规定》", .rule),
        ("问题整改台账动态管理办法", "《问题整改台账动态管理办法》", .rule),
        ("家校沟通“周反馈”做法", "《家校沟通“周反馈”工作经验汇编》", .practice),
        ("首问负责和服务承诺机制", "《首问负责制和服务承诺制实施办法》", .mechanism),
    ]
}
