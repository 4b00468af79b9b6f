import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// The checks every imported change goes through take shortcuts (issue 9: the merge); these hold
/// them to the verdicts of the plain rules they replace.
@Suite struct RecordCheckFastPathTests {
    static let texts = [
        "", " ", "\t\n", "\u{3000}", "\u{00A0}", "\u{2003}\u{2029}", " a", "a ", "整改", "\u{3000}整改", "整改\u{3000}",
        // One character whose first scalar is a space: blank by the character rule.
        " \u{0301}", "\u{0301}", "\u{0301} ", "\r\n", "\r\nx", "👩‍👩‍👧", "\u{FEFF}",
    ]

    /// `nonEmpty` refuses exactly the texts whose every character is whitespace.
    @Test(arguments: texts) func nonEmptyKeepsTheCharacterRule(text: String) throws {
        var check = RecordCheck(campaign: try Fixtures.campaign(), unit: nil)
        check.nonEmpty(text, at: "title")
        #expect(!check.issues.isEmpty == text.allSatisfy(\.isWhitespace), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    /// `option` accepts every id of every option list in the campaign and refuses any other, naming the list.
    @Test func optionAcceptsTheListedIDsAndNamesThemWhenRefusing() throws {
        let campaign = try Fixtures.campaign()
        var lists = 0
        for clause in campaign.clauses {
            for (key, value) in clause.parameters {
                guard let entries = value.arrayValue, !entries.isEmpty, entries.allSatisfy({ $0["id"]?.stringValue != nil }) else { continue }
                lists += 1
                let ids = clause.optionIDs(key)
                for id in ids {
                    #expect(clause.hasOption(key, id: id))
                    var check = RecordCheck(campaign: campaign, unit: nil)
                    check.option(id, at: "kind", clause: clause.id, list: key)
                    #expect(check.issues.isEmpty, "\(clause.id) \(key) \(id)")
                }
                #expect(!clause.hasOption(key, id: "no-such-option"))
                var check = RecordCheck(campaign: campaign, unit: nil)
                check.option("no-such-option", at: "kind", clause: clause.id, list: key)
                #expect(check.issues.map(\.path) == ["kind"])
                #expect(check.issues.first?.reason.en == "'no-such-option' is not one of: " + ids.joined(separator: ", "))
            }
        }
        #expect(lists > 0, "the campaign has option lists to check")
        var unknown = RecordCheck(campaign: campaign, unit: nil)
        unknown.option("x", at: "kind", clause: "no-such-clause", list: "kinds")
        #expect(unknown.issues.map(\.path) == ["kind"])
    }

    /// `hexString` spells bytes as `String(format: "%02x")` did, every byte value and none.
    @Test func hexMatchesTheFormatter() {
        let bytes = (0...255).map(UInt8.init)
        #expect(bytes.hexString == bytes.map { String(format: "%02x", $0) }.joined())
        #expect([UInt8]().hexString == "")
        #expect(Data([0xde, 0xad, 0xbe, 0xef]).hexString == "deadbeef")
    }
}
