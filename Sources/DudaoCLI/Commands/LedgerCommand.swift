import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import Foundation

/// `dudao ledger`: the problem ledger (台账) from registration to archive.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "台账：立项、督办、反馈、销号、退回、回头看、归档 · The ledger: register, supervise, feedback, close, reject, look back, archive.",
        subcommands: [Add.self, Supervise.self, Feedback.self, Close.self, Reject.self, Reopen.self, Archive.self,
                      List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a ledger item (立项); prints its id.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "What the problem or task is.") var title: String
        @Option(help: "Where it came from: \(LedgerSource.allCases.map(\.rawValue).joined(separator: ", ")).") var source: LedgerSource = .unitList
        @Option(help: "A rectification measure (repeatable).") var measure: [String] = []
        @Option(help: .date("Deadline.")) var deadline: LocalDate?
        @Option(help: "The responsible person (roster id or name).") var responsible: String?
        @Option(help: "The responsible department.") var department: String?
        @Option(help: "More detail.") var detail: String?
        @Option(help: .date("Registration date (default today).")) var on: LocalDate?
        @Option(help: "At the bureau: the unit the item belongs to.") var unit: String?
        @Option(name: .customLong("as"), help: "The person acting (a bureau leader at the bureau).") var person: String?

        func run() throws {
            let workspace = try global.workspace()
            let item = LedgerItem(title: title, detail: detail, source: source, measures: measure, deadline: deadline,
                                  responsiblePerson: responsible, department: department, registeredOn: on ?? workspace.today)
            print(try workspace.registerItem(item, unit: unit, person: person).id)
        }
    }

    struct TransitionOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ledger item id.") var id: String
        @Option(help: "Why: what was done or found.") var comment: String
        @Option(help: .date("Date of the step (default today).")) var on: LocalDate?
        @Option(name: .customLong("as"), help: "The person acting (a bureau leader at the bureau).") var person: String?

        func perform(_ action: LedgerAction, deadline: LocalDate? = nil, closeChecks: CloseChecks? = nil) throws {
            let workspace = try global.workspace()
            let state = try workspace.transition(item: id, action: action, comment: comment, on: on, deadline: deadline,
                                                 person: person, closeChecks: closeChecks)
            let output = global.output
            output.line("\(id)：" + output("已执行“\(output.text(action.title))”，当前状态：", "\(action.rawValue) done, state now: ") + output.text(state.state.title))
        }
    }

    struct Supervise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bureau: take a registered item under supervision (督办).")
        @OptionGroup var options: TransitionOptions
        @Option(help: .date("A new deadline.")) var deadline: LocalDate?
        func run() throws { try options.perform(.supervise, deadline: deadline) }
    }

    struct Feedback: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unit: report the rectification done (反馈).")
        @OptionGroup var options: TransitionOptions
        func run() throws { try options.perform(.feedback) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bureau: accept the feedback and close the item (销号), once the four no-let-gos (四个不放过, R1) are checked.")
        @OptionGroup var options: TransitionOptions
        @Flag(help: "思想认识上去了 · Awareness is raised.") var awarenessRaised = false
        @Flag(help: "查摆问题聚焦了 · The problems found are focused.") var problemsFocused = false
        @Flag(help: "整改措施到位了 · The measures are in place.") var measuresInPlace = false
        @Flag(help: "群众满意了 · The public is satisfied (say how in --comment).") var publicSatisfied = false
        func run() throws {
            try options.perform(.close, closeChecks: CloseChecks(awarenessRaised: awarenessRaised, problemsFocused: problemsFocused,
                                                                 measuresInPlace: measuresInPlace, publicSatisfied: publicSatisfied))
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bureau: reject the feedback; back to supervision.")
        @OptionGroup var options: TransitionOptions
        func run() throws { try options.perform(.reject) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bureau: look back (回头看) — reopen a closed item.")
        @OptionGroup var options: TransitionOptions
        @Option(help: .date("A new deadline.")) var deadline: LocalDate?
        func run() throws { try options.perform(.reopen, deadline: deadline) }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Campaign office: archive a closed item (归档).")
        @OptionGroup var options: TransitionOptions
        func run() throws { try options.perform(.archive) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List ledger items with their derived state.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only items in this state: \(LedgerState.allCases.map(\.rawValue).joined(separator: ", ")).") var state: LedgerState?
        @Flag(help: "Only items past their deadline and not closed.") var overdue = false
        @Option(help: "Only items of this unit.") var unit: String?
        @Option(help: .date("As of this date (default today).")) var at: LocalDate?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let workspace = try global.workspace()
            let asOf = at ?? workspace.today
            let items = try workspace.ledger(unit: unit, asOf: asOf).filter { item in
                (state == nil || item.state == state) && (!overdue || item.isOverdue(asOf: asOf))
            }
            let output = global.output
            if json { return try output.json(items.map { PublicLedgerItem($0, asOf: asOf) }) }
            if items.isEmpty { return output.line(output("（没有台账事项）", "(no ledger items)")) }
            output.table([output("编号", "id"), output("单位", "unit"), output("来源", "source"), output("事项", "title"),
                          output("状态", "state"), output("期限", "deadline"), output("责任人", "responsible")],
                         items.map { item in
                             [item.id, item.unit, output.text(item.item.source.title), item.item.title,
                              output.text(item.state.title) + (item.isOverdue(asOf: asOf) ? output("（逾期）", " (overdue)") : ""),
                              item.deadline?.description ?? "—", item.item.responsiblePerson ?? "—"]
                         })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one item and its whole history.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The ledger item id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let workspace = try global.workspace()
            guard let item = try workspace.ledger().first(where: { $0.id == id }) else {
                throw DudaoError("没有编号为 \(id) 的台账事项", "no ledger item with id \(id)")
            }
            let output = global.output
            if json { return try output.json(PublicLedgerItem(item, asOf: workspace.today)) }
            output.line("\(item.item.title)（\(item.id)）")
            output.line(output("状态：", "state: ") + output.text(item.state.title) + output("  期限：", "  deadline: ") + (item.deadline?.description ?? "—"))
            output.line(output("措施：", "measures: ") + item.item.measures.joined(separator: "；"))
            output.table([output("日期", "date"), output("操作", "action"), output("角色", "role"), output("人员", "person"), output("状态", "state"), output("意见", "comment")],
                         item.history.map { entry in
                             [entry.on.description, output.text(entry.action.title) + (entry.applied ? "" : output("（未生效）", " (not applied)")),
                              output.text(entry.role.title), entry.person ?? "—",
                              output.text(entry.from.title) + " → " + output.text(entry.to.title), entry.comment]
                         })
        }
    }
}

