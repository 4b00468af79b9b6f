import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Evaluation across revisions (a period is judged under the revision in force on its deadline),
/// a new school mid-year, and retiring and merging units, through real stores and bundles.
@Suite struct RevisionEvaluationTests {
    let school = "school-no1-high"
    let rule = "1.3/article-submissions"

    static func article(_ day: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["title": "稿件 \(day)", "submittedOn": day])
    }

    @Test func aQuotaRaisedLaterDoesNotTurnPeriodsAlreadyMetOverdue() throws {
        let lab = try SyncLab(units: [school])
        let unit = lab.unit(school)
        // One article a week through April and the first week of May.
        for day in ["2017-04-05", "2017-04-12", "2017-04-19", "2017-04-26", "2017-05-03"] {
            try unit.add("publicity/article-submission", try Self.article(day), unit: school)
        }
        func weeks(_ store: Store) throws -> [String: CellState] {
            let cells = try SyncLab.workspace(store).status(asOf: LocalDate("2017-05-20")!).cells.filter { $0.rule == rule }
            return Dictionary(cells.map { ($0.period.label, $0.state) }, uniquingKeysWith: { first, _ in first })
        }
        let before = try weeks(unit)
        #expect(before["2017-W17"] == .met && before["2017-W18"] == .met)

        try lab.bureau.publishRevision(try CampaignEdit.revised { CampaignEdit.setParameter(&$0, clause: "1.3", "minimumPerPeriod", to: 2) },
                                       effectiveOn: LocalDate("2017-05-01")!, file: "two-a-week.json")
        #expect(try lab.sendToUnit(school).isApplied)
        #expect(try lab.sendToBureau(from: school).isApplied)
        let after = try weeks(unit)
        // Weeks whose deadline fell before 05-01 keep their verdict; from 05-01 two a week are due.
        #expect(after["2017-W14"] == .met && after["2017-W17"] == .met)
        #expect(after["2017-W18"] == .overdue)
        // The bureau judges the same way.
        let atBureau = try SyncLab.workspace(lab.bureau).status(unit: school, asOf: LocalDate("2017-05-20")!).cells.filter { $0.rule == rule }
        #expect(atBureau.map(\.state) == (try SyncLab.workspace(unit).status(asOf: LocalDate("2017-05-20")!).cells.filter { $0.rule == rule }.map(\.state)))

        // What the rule prevents: the raised quota applied to the whole year would turn April overdue.
        let workspace = try SyncLab.workspace(unit)
        let naive = try ComplianceEngine(campaign: workspace.campaign, registry: workspace.registry)
            .cells(for: try #require(workspace.unit), records: try workspace.records(), asOf: LocalDate("2017-05-20")!)
            .filter { $0.rule == rule && $0.period.label == "2017-W17" }
        #expect(naive.map(\.state) == [.overdue])
    }

    @Test func aNewSchoolMidYearOwesNothingForPeriodsSettledBeforeItJoined() throws {
        let lab = try SyncLab(units: [school])
        let newSchool = "school-new-east"
        let document = try CampaignEdit.revised { object in
            var roster = object["roster"] as! [String: Any]
            roster["units"] = (roster["units"] as! [[String: Any]]) + [[
                "id": newSchool, "kind": "school", "name": ["zh": "东区新学校", "en": "East New School"], "parent": NSNull(), "tags": [String](),
            ]]
            object["roster"] = roster
        }
        let revision = try lab.bureau.publishRevision(document, effectiveOn: LocalDate("2017-09-01")!, file: "new-school.json")
        // The school starts from the published file, as the runbook says.
        let unit = try Store.initialise(at: lab.root.appendingPathComponent(newSchool), campaignData: document, unit: newSchool,
                                        registry: SyncLab.registry)
        // The next command at the bureau opens the store with the revision in force.
        let bureau = try Store.open(at: lab.bureau.directory, registry: SyncLab.registry)
        try bureau.enrol(unit: newSchool, publicKey: unit.identity.publicKey)
        try unit.enrol(unit: nil, publicKey: bureau.identity.publicKey)
        #expect(BundleImporter(store: unit).importBundle(try BundleExporter(store: bureau).bundle(for: newSchool).data).isApplied)
        #expect(try unit.campaignRevision() == revision)

        let cells = try SyncLab.workspace(unit).status(asOf: LocalDate("2017-10-31")!).cells
        let targets = try #require(cells.first { $0.rule == "3.1/targets-set" })
        #expect(targets.state == .notApplicable)
        #expect(targets.note?.en.contains("joined the campaign on 2017-09-01") == true)
        let weeks = cells.filter { $0.rule == rule }
        #expect(weeks.first { $0.period.label == "2017-W20" }?.state == .notApplicable)
        #expect(weeks.first { $0.period.label == "2017-W40" }?.state == .overdue)
        // The bureau's view of the new school is the same.
        let atBureau = try SyncLab.workspace(lab.bureau).status(unit: newSchool, asOf: LocalDate("2017-10-31")!).cells
        #expect(atBureau.map(\.state) == cells.map(\.state))
    }

    @Test func aRetiredUnitKeepsItsHistoryAndLeavesTheGridFromItsRetirementDate() throws {
        let closing = "school-no3-high"
        let lab = try SyncLab(units: [school, closing])
        try lab.unit(closing).add("benchmarking/target", try RecordCoding.encode(BenchmarkTargetExample.body), unit: closing)
        #expect(try lab.sendToBureau(from: closing).isApplied)
        try lab.bureau.publishRevision(try CampaignEdit.revised { CampaignEdit.editUnit(&$0, closing) { $0["retiredOn"] = "2017-09-01" } },
                                       effectiveOn: LocalDate("2017-08-15")!, file: "closing.json")
        let bureau = try SyncLab.workspace(lab.bureau)
        #expect(bureau.campaign.units(activeOn: LocalDate("2017-08-31")!).contains { $0.id == closing })
        #expect(!bureau.campaign.units(activeOn: LocalDate("2017-09-01")!).contains { $0.id == closing })
        let cells = try bureau.status(unit: closing, asOf: LocalDate("2017-10-31")!).cells
        // Its history: the records stay, the verdicts before the date stay.
        #expect(try lab.bureau.records(unit: closing).contains { $0.type == "benchmarking/target" })
        #expect(cells.first { $0.rule == "3.1/targets-set" }?.state == .met)
        #expect(cells.first { $0.rule == rule && $0.period.label == "2017-W20" }?.state == .overdue)
        let october = try #require(cells.first { $0.rule == rule && $0.period.label == "2017-W40" })
        #expect(october.state == .notApplicable)
        #expect(october.note?.zh.contains("单位已于 2017-09-01 撤销") == true)
    }

    @Test func aLeaderWhoLeftThePostIsNotJudgedAfterwards() throws {
        let lab = try SyncLab(units: [school])
        try lab.bureau.publishRevision(try CampaignEdit.revised { object in
            var roster = object["roster"] as! [String: Any]
            var people = roster["people"] as! [[String: Any]]
            let index = people.firstIndex { $0["id"] as? String == "leader-1" }!
            people[index]["retiredOn"] = "2017-09-01"
            roster["people"] = people
            object["roster"] = roster
        }, effectiveOn: LocalDate("2017-08-15")!, file: "leader-leaves.json")
        let cells = try SyncLab.workspace(lab.bureau).leaderCells(asOf: LocalDate("2017-10-31")!)
            .filter { $0.subject == .person("leader-1") && $0.rule == "4.4/leader-visits" }
        #expect(cells.first { $0.period.label == "2017-05" }?.state == .overdue)
        let october = try #require(cells.first { $0.period.label == "2017-10" })
        #expect(october.state == .notApplicable)
        #expect(october.note?.en.contains("left the post on 2017-09-01") == true)
    }

    @Test func aMergedUnitsOpenLedgerItemsMoveToTheReceivingUnitWithTheirHistory() throws {
        let closing = "school-no3-high"
        let lab = try SyncLab(units: [school, closing])
        let closingWorkspace = try SyncLab.workspace(lab.unit(closing))
        let open = try closingWorkspace.registerItem(LedgerItem(title: "食堂卫生整改", source: .unitList, measures: ["每周检查"],
                                                                deadline: LocalDate("2017-10-31"), responsiblePerson: "张主任",
                                                                department: "总务处", registeredOn: LocalDate("2017-05-02")!))
        let done = try closingWorkspace.registerItem(LedgerItem(title: "已办结事项", source: .unitList, registeredOn: LocalDate("2017-05-03")!))
        #expect(try lab.sendToBureau(from: closing).isApplied)
        let office = try SyncLab.workspace(lab.bureau)
        try office.transition(item: open.id, action: .supervise, comment: "限期整改", on: LocalDate("2017-05-10"))
        try office.transition(item: done.id, action: .supervise, comment: "督办", on: LocalDate("2017-05-10"))
        #expect(try lab.sendToUnit(closing).isApplied)
        try closingWorkspace.transition(item: done.id, action: .feedback, comment: "已整改", on: LocalDate("2017-05-20"))
        #expect(try lab.sendToBureau(from: closing).isApplied)
        try office.transition(item: done.id, action: .close, comment: "销号", on: LocalDate("2017-05-25"), closeChecks: .allMet)

        try lab.bureau.publishRevision(try CampaignEdit.revised { CampaignEdit.editUnit(&$0, closing) {
            $0["retiredOn"] = "2017-09-01"
            $0["mergedInto"] = "school-no1-high"
        } }, effectiveOn: LocalDate("2017-08-15")!, file: "merger.json")
        let merged = try SyncLab.workspace(lab.bureau)
        #expect(try merged.transferMergedUnitsLedger() == 1)
        #expect(try merged.transferMergedUnitsLedger() == 0)  // once only

        // At the bureau: the open item is the receiving unit's now, with its whole history; the closed one stays.
        let moved = try #require(try merged.ledger(unit: school).first { $0.id == open.id })
        #expect(moved.movedFrom == closing && moved.state == .supervising)
        #expect(moved.history.map(\.action) == [.supervise])
        #expect(try merged.ledger(unit: closing).map(\.id) == [done.id])
        // History is not rewritten: the item's own record still belongs to the merged unit.
        #expect(try lab.bureau.records(unit: closing).contains { $0.id == open.id })

        // The receiving unit gets it in the bureau's bundle, history and all, and acts on it.
        #expect(try lab.sendToUnit(school).isApplied)
        let receiving = try SyncLab.workspace(lab.unit(school))
        let arrived = try #require(try receiving.ledger().first { $0.id == open.id })
        #expect(arrived.unit == school && arrived.state == .supervising && arrived.item.title == "食堂卫生整改")
        #expect(arrived.history.map(\.comment) == ["限期整改"])
        try receiving.transition(item: open.id, action: .feedback, comment: "合并后已整改", on: LocalDate("2017-09-20"))
        #expect(try lab.sendToBureau(from: school).isApplied)
        let after = try #require(try SyncLab.workspace(lab.bureau).ledger(unit: school).first { $0.id == open.id })
        #expect(after.state == .feedback)
        #expect(after.history.map(\.comment) == ["限期整改", "合并后已整改"])
    }
}

/// A 3.1 target body as JSON, written here so the test target needs no plugin import.
enum BenchmarkTargetExample {
    struct Body: Codable {
        var title = "升学率全省前列"
        var level = "province"
        var metric = "升学率"
        var baseline = "80%"
        var targetValue = "90%"
        var benchmarkPeer = "省实验中学"
        var plan = "分学科制定提升计划"
        var responsiblePerson = "张校长"
        var setOn = LocalDate("2017-04-10")!
    }

    static let body = Body()
}
