import DudaoKernel

/// The source files of a new phase plugin: the plugin, its record type (with field
/// descriptions), its simulation and its test. What they contain is the minimum a phase needs:
/// one record type, one `QuotaRule`, a score part with a default weight, a report section.
struct PluginTemplate {
    let names: ScaffoldNames
    let clause: String
    let title: LocalizedText
    /// The example record's date: the first day of the clause's window.
    let exampleDate: LocalDate
    let weight: Int

    /// The files, by path relative to the package.
    var files: [(path: String, text: String)] {
        [
            ("Plugins/\(names.target)/\(names.target)Plugin.swift", plugin),
            ("Plugins/\(names.target)/Records/\(names.record).swift", record),
            ("Plugins/\(names.target)/Simulation/\(names.target)Simulation.swift", simulation),
            ("Tests/PluginTests/\(names.target)Tests.swift", tests),
        ]
    }

    var plugin: String {
        """
        import DudaoKernel

        /// \(title.zh) (\(title.en)): clause \(clause) of the campaign file.
        ///
        /// Rule `\(clause)/quota`: at least `minimumPerPeriod` records every `period` (both clause
        /// parameters) from every unit the clause binds. Score part `\(names.scorePart)`: the share of
        /// those periods met; in the office's ranking at the clause's `scoreWeight`, else weight \(weight).
        public struct \(names.target)Plugin: Plugin {
            public init() {}

            public let manifest = PluginManifest(
                id: "\(names.pluginID)", version: 1, title: LocalizedText(zh: \(quoted(title.zh)), en: \(quoted(title.en))), clauses: ["\(clause)"])

            public func register(in registrar: inout PluginRegistrar) {
                registrar.record(\(names.record).self, clauses: ["\(clause)"])
                registrar.rule(QuotaRule<\(names.record)>(
                    id: "\(clause)/quota", clause: "\(clause)",
                    title: LocalizedText(zh: \(quoted("按期完成" + title.zh)), en: \(quoted(title.en + ", every period"))),
                    period: "period", minimum: "minimumPerPeriod", date: \\.heldOn))
                registrar.scorePart(.compliance(id: "\(names.scorePart)", title: manifest.title, clause: "\(clause)", defaultWeight: \(weight)))
                registrar.report(.recordList(id: "\(names.pluginID)/records", clause: "\(clause)", title: manifest.title,
                                             of: [\(names.record).self]))
                registrar.simulate(\(names.target)Simulation.run)
            }
        }

        """
    }

    var record: String {
        let (year, month, day) = (exampleDate.year, exampleDate.month, exampleDate.day)
        return """
            import DudaoKernel

            /// One \(title.zh) (\(title.en.lowercased())) for clause \(clause): when it took place and what was done.
            public struct \(names.record): ReportableRecord, Hashable {
                public static let recordType = "\(names.recordType)"
                public static let title = LocalizedText(zh: \(quoted(title.zh)), en: \(quoted(title.en)))
                public static let clause = "\(clause)"

                public static let fields: [FieldDescription] = [
                    .init("heldOn", zh: "日期", en: "Date", kind: .date(windowOf: clause)),
                    .init("content", zh: "内容", en: "What was done", kind: .longText),
                    .init("notes", zh: "备注", en: "Notes", kind: .longText, required: false),
                ]

                /// The day it took place; it counts for the period holding it.
                public var heldOn: LocalDate
                public var content: String
                public var notes: String?

                public init(heldOn: LocalDate, content: String, notes: String? = nil) {
                    self.heldOn = heldOn
                    self.content = content
                    self.notes = notes
                }

                public static var example: \(names.record) {
                    \(names.record)(heldOn: LocalDate(year: \(year), month: \(month), day: \(day))!, content: \(quoted(title.zh + "记录示例")))
                }

                public func validate(_ check: inout RecordCheck) {
                    check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
                    check.nonEmpty(content, at: "content")
                    check.nonEmpty(notes, at: "notes")
                }

                public var reportDate: LocalDate { heldOn }

                public func summary(_ language: Language, campaign: Campaign) -> String { content }
            }

            """
    }

    var simulation: String {
        """
        import DudaoKernel

        /// Clause \(clause) in the demo's simulated year: the quota of every period, some periods
        /// missed by late and lax units. Nothing happens where the campaign lacks the clause.
        enum \(names.target)Simulation {
            @Sendable static func run(_ context: inout SimulationContext) {
                guard let clause = context.campaign.clause("\(clause)"), clause.applies(to: context.unit) else { return }
                for day in context.quotaDays(clause, period: "period", minimum: "minimumPerPeriod") {
                    context.add(\(names.record)(heldOn: day, content: \(quoted(title.zh + "（模拟）"))), on: day, author: context.clerk)
                }
            }
        }

        """
    }

    var tests: String {
        """
        import DudaoKernel
        import DudaoTestSupport
        import \(names.target)
        import Testing

        /// Clause \(clause), checked against the campaign file that has it.
        @Suite struct \(names.target)Tests {
            static let campaignFile = Fixtures.packageRoot.appendingPathComponent(\(quoted(names.campaignFile))).path

            @Test func conformsAgainstItsCampaign() throws {
                #expect(PluginConformance.failures(of: \(names.target)Plugin(), campaignFile: Self.campaignFile) == [])
            }

            /// `minimumPerPeriod` records meet the first period; one fewer leaves the second overdue.
            @Test func theQuotaIsCountedPerPeriod() throws {
                let campaign = try CampaignLoader.load(contentsOf: Self.campaignFile)
                let clause = try #require(campaign.clause("\(clause)"))
                let unit = try #require(campaign.units.first { clause.applies(to: $0) })
                let kind = try #require(clause.periodKind("period", for: unit))
                let minimum = try #require(clause.int("minimumPerPeriod"))
                let periods = try campaign.calendar().periods(kind, overlapping: clause.window)
                try #require(periods.count >= 3)
                var maker = RecordMaker()
                var records: [RecordEnvelope] = []
                for _ in 0..<minimum {
                    records.append(maker.make(\(names.record)(heldOn: periods[0].end, content: "第一期"), unit: unit.id))
                }
                for _ in 0..<(minimum - 1) {
                    records.append(maker.make(\(names.record)(heldOn: periods[1].start, content: "第二期"), unit: unit.id))
                }
                let harness = try RuleHarness(campaign: campaign, plugins: [\(names.target)Plugin()])
                let states = harness.states(unit.id, clause: "\(clause)", records: records, asOf: periods[2].start.description)
                #expect(states == [.met, .overdue, .due])
            }
        }

        """
    }

    private func quoted(_ text: String) -> String { OrderedJSON.quoted(text) }
}

/// The names a plugin id gives: the target, the record type, the score part.
struct ScaffoldNames {
    /// `home-visits`
    let pluginID: String
    /// `HomeVisits`
    let target: String
    /// `HomeVisit`
    let record: String
    /// The campaign file the tests read, relative to the package.
    let campaignFile: String

    /// `home-visits/home-visit`
    var recordType: String { pluginID + "/" + Self.kebab(record) }
    /// `homeVisits`
    var scorePart: String { target.prefix(1).lowercased() + target.dropFirst() }

    init(pluginID: String, record: String?, campaignFile: String) {
        self.pluginID = pluginID
        target = Self.target(of: pluginID)
        self.record = record ?? target + "Record"
        self.campaignFile = campaignFile
    }

    /// The target of plugin `id`: its words capitalised and joined (`self-inspection` → `SelfInspection`).
    static func target(of id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func kebab(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase, !out.isEmpty { out += "-" }
            out += character.lowercased()
        }
        return out
    }
}
