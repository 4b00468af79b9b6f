import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import Foundation

/// `dudao record`: add, list and delete campaign records.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "添加、列出、删除记录 · Add, list and delete records.", subcommands: [Add.self, List.self, Delete.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a record of TYPE from a JSON body; prints the new id.",
            discussion: "Example: dudao record add publicity/article-submission --json article.json")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record type, plugin/type (see `dudao clauses`).") var type: String
        @Option(help: "The JSON body: a file, or - for standard input.") var json: String
        @Option(help: "At the bureau: the unit the record is about.") var unit: String?
        @Option(name: .customLong("as"), help: "The person writing it (a roster id).") var person: String?
        @Option(help: "SHA-256 of an evidence file attached to the record (repeatable).") var evidence: [String] = []

        func run() throws {
            let workspace = try global.workspace()
            let body = try readInput(json)
            let stored: [RecordEnvelope]
            do {
                stored = try workspace.addRecord(type: type, body: body, unit: unit, author: person, evidence: evidence,
                                                 location: json == "-" ? "stdin" : json)
            } catch let refused as RecordValidationError {
                // Each field named as the forms name it, its path after the label for scripts.
                throw DudaoError(refused.message(labelledBy: workspace.registry.recordType(refused.recordType)?.fields ?? []))
            }
            print(stored[0].id)
            let derived = stored.dropFirst()
            if !derived.isEmpty {
                global.output.error(global.output("已登记 \(derived.count) 个台账事项：", "registered \(derived.count) ledger items: ")
                                    + derived.map(\.id).joined(separator: " "))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List records, optionally of one type.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only records of this type.") var type: String?
        @Option(help: "Only records of this unit.") var unit: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let workspace = try global.workspace()
            if let type, workspace.registry.recordType(type) == nil {
                throw UnknownRecordType(type: type, known: workspace.registry.recordTypes.map(\.id))
            }
            let records = try workspace.records(type: type, unit: unit)
            let present = try workspace.store.evidencePresent(Array(Set(records.flatMap(\.evidence))))
            let items = records.map { PublicRecord($0, present: present) }
            let output = global.output
            if json { return try output.json(items) }
            if items.isEmpty { return output.line(output("（没有记录）", "(no records)")) }
            output.table([output("编号", "id"), output("单位", "unit"), output("类型", "type"), output("证据", "evidence"), output("内容", "body")],
                         items.map { item in
                             let text = String(decoding: (try? JSONEncoder().encode(item.body)) ?? Data(), as: UTF8.self)
                             let evidence = item.evidence.isEmpty ? "" : "\(item.evidence.count)"
                                 + (item.missingEvidence.isEmpty ? "" : output("（\(item.missingEvidence.count) 个未到）", " (\(item.missingEvidence.count) not arrived)"))
                             return [item.id, item.unit, item.type, evidence, text.count > 60 ? String(text.prefix(57)) + "…" : text]
                         })
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a record (it stays as a tombstone so the deletion syncs).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The record id.") var id: String
        @Option(name: .customLong("as"), help: "The person deleting it.") var person: String?

        func run() throws {
            let workspace = try global.workspace()
            try workspace.store.delete(id: id, actor: person)
            global.output.line(global.output("已删除 \(id)", "deleted \(id)"))
        }
    }
}
