import DudaoTestSupport
import Foundation
import Testing

/// The README's runbook, run with the `dudao` binary as an operator would: a PC replaced, its
/// old key revoked, a key rotated.
@Suite struct RunbookTests {
    let cli = CommandRunner()
    static let unit = "school-no1-high"

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, status: Int32 = 0) throws -> CommandRunner.Outcome {
        let outcome = try cli.run(arguments + ["--lang", "en"], stdin: stdin)
        #expect(outcome.status == status, "\(arguments): \(outcome.stdout) \(outcome.stderr)")
        return outcome
    }

    func article(_ store: String, _ week: Int) throws {
        try run(["record", "add", "publicity/article-submission", "--store", store, "--json", "-"],
                stdin: #"{"title":"第\#(week)周稿件","submittedOn":"2017-04-\#(10 + week)"}"#)
    }

    @Test func aPCReplacedThenAKeyRotatedByTheRunbook() throws {
        let campaign = Fixtures.campaignPath
        try run(["init", "--store", "bureau", "--campaign", campaign, "--bureau"])
        try run(["init", "--store", "school", "--campaign", campaign, "--unit", Self.unit])
        try run(["key", "export", "--store", "school", "--to", "school.pub"])
        try run(["key", "export", "--store", "bureau", "--to", "bureau.pub"])
        try run(["bureau", "enrol", "--store", "bureau", "--unit", Self.unit, "--key", "school.pub"])
        try run(["bureau", "enrol", "--store", "school", "--key", "bureau.pub"])
        try article("school", 1)
        try run(["bundle", "export", "--store", "school", "--to", "s1.dbd"])
        try run(["bundle", "import", "--store", "bureau", "s1.dbd"])
        try article("school", 2)
        try run(["bundle", "export", "--store", "school", "--to", "s2.dbd"])  // never reaches the bureau
        try FileManager.default.removeItem(at: cli.directory.appendingPathComponent("school"))

        // The bureau's restore bundle; the new PC rebuilt from it.
        let exported = try run(["bundle", "export", "--store", "bureau", "--for", Self.unit, "--restore", "--to", "restore.dbd"])
        #expect(exported.stdout.contains("through sequence 1"))
        try run(["init", "--store", "school-new", "--campaign", campaign, "--unit", Self.unit, "--restore", "restore.dbd"], status: 64)
        let restored = try run(["init", "--store", "school-new", "--campaign", campaign, "--unit", Self.unit,
                                "--restore", "restore.dbd", "--bureau-key", "bureau.pub"])
        #expect(restored.stdout.contains("1 records and 0 evidence files restored"))
        #expect(restored.stdout.contains("changes (node") && restored.stdout.contains("through sequence 1"))
        // An ordinary import refuses a restore bundle.
        let ordinary = try run(["bundle", "import", "--store", "school-new", "restore.dbd"], status: 1)
        #expect(ordinary.stdout.contains("restore-v1"))
        try run(["key", "export", "--store", "school-new", "--to", "new.pub"])

        // The bureau enrols the new key in place of the old: the old one is revoked.
        let enrolled = try run(["bureau", "enrol", "--store", "bureau", "--unit", Self.unit, "--key", "new.pub", "--replaces", "school.pub"])
        #expect(enrolled.stdout.contains("revoked key"))
        let late = try run(["bundle", "import", "--store", "bureau", "s2.dbd"], status: 1)
        #expect(late.stdout.contains("revoked"))
        let early = try run(["bundle", "import", "--store", "bureau", "s1.dbd"])
        #expect(early.stdout.contains("duplicate"))
        let inspected = try run(["bundle", "inspect", "s2.dbd", "--store", "bureau"])
        #expect(inspected.stdout.contains("signing key: REVOKED"))
        #expect(inspected.stdout.contains("revoked keys of \(Self.unit)"))

        // The new PC writes and syncs; both sides agree.
        try article("school-new", 3)
        try run(["bundle", "export", "--store", "school-new", "--to", "n1.dbd"])
        try run(["bundle", "import", "--store", "bureau", "n1.dbd"])
        let atBureau = try run(["digest", "--store", "bureau", "--unit", Self.unit]).stdout
        #expect(atBureau == (try run(["digest", "--store", "school-new"]).stdout))

        // A routine rotation: refused until the bureau enrols the new key, then nothing is lost.
        let rotated = try run(["key", "rotate", "--store", "school-new", "--to", "rotated.pub"])
        #expect(rotated.stdout.contains("rotated this node's key"))
        try article("school-new", 4)
        try run(["bundle", "export", "--store", "school-new", "--to", "n2.dbd"])
        let unenrolled = try run(["bundle", "import", "--store", "bureau", "n2.dbd"], status: 1)
        #expect(unenrolled.stdout.contains("not enrolled"))
        try run(["bureau", "enrol", "--store", "bureau", "--unit", Self.unit, "--key", "rotated.pub", "--replaces", "new.pub"])
        try run(["bundle", "export", "--store", "school-new", "--to", "n3.dbd"])
        try run(["bundle", "import", "--store", "bureau", "n3.dbd"])
        #expect(try run(["digest", "--store", "bureau", "--unit", Self.unit]).stdout == (try run(["digest", "--store", "school-new"]).stdout))
        // A key revoked outright (lost): what the bureau had of it stays "already had it".
        try run(["bureau", "revoke", "--store", "bureau", "--unit", Self.unit, "--key", "rotated.pub"])
        let gone = try run(["bundle", "import", "--store", "bureau", "n3.dbd"])
        #expect(gone.stdout.contains("duplicate"))
    }
}
