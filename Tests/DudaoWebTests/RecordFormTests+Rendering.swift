import DudaoKernel
import DudaoPlugins
import DudaoTestSupport
import DudaoWeb
import Foundation
import Testing

/// What the generated forms show and how they read what was sent: names not ids, dates bounded by
/// the clause's window, lists that grow without script, and text kept safe.
@Suite("Record forms: what they show and read")
struct RecordFormRenderingTests {
    static var campaign: Campaign { RecordFormTests.campaign }
    static let school = RecordFormTests.campaign.unit("school-no1-high")!

    static func type(_ id: String) throws -> RecordType { try RecordFormTests.type(id) }

    static func page(_ id: String, values: RecordForm.Values = .empty, issues: [ValidationIssue] = [],
                     ownRecords: [RecordChoice] = [], language: Language = .zh, expanded: Set<String> = []) throws -> String {
        RecordForm(type: try type(id), campaign: campaign, unit: school, ownRecords: ownRecords, values: values,
                   issues: issues, language: language, expanded: expanded).html.markup
    }

    @Test("people, clause options and records are offered by name, the stored id only as the value")
    func choicesShowNames() throws {
        let meeting = try Self.page("publicity/mobilisation-meeting", values: .body(try Self.type("publicity/mobilisation-meeting").example))
        let leader = try #require(Self.campaign.person("leader-1"))
        #expect(meeting.contains("<option value=\"leader-1\" selected>\(leader.name)</option>"))
        // The chair is chosen among the school's own people (by name) and the bureau leaders.
        let head = try #require(Self.campaign.heads(of: "school-no1-high").first)
        #expect(meeting.contains("<optgroup label=\"\(Self.school.name.zh)\">"))
        #expect(meeting.contains("<option value=\"\(head.id)\">\(head.name)</option>"))
        #expect(meeting.contains("<optgroup label=\"局领导\">"))
        let english = try Self.page("publicity/study-session", language: .en)
        let materials = try #require(Self.campaign.clause("1.2"))
        for id in materials.optionIDs("materials") {
            #expect(english.contains("value=\"\(id)\">") && english.contains(HTML(text: materials.optionTitle("materials", id: id, .en)).markup))
        }
        #expect(english.contains("type=\"checkbox\" id=\"fld-f-materials-0\" name=\"f.materials\""))
        let plan = try Self.page("rectification/target-plan", ownRecords: [
            RecordChoice(id: "t-1", type: "benchmarking/target", summary: "高考本科上线率进入全省前十"),
            RecordChoice(id: "x-1", type: "publicity/article-submission", summary: "不应出现"),
        ])
        #expect(plan.contains("<option value=\"t-1\">高考本科上线率进入全省前十</option>"))
        #expect(!plan.contains("不应出现"))
        #expect(RecordForm.referencedRecordTypes(of: try Self.type("rectification/target-plan")) == ["benchmarking/target"])
        // A responsible person written by roster id is also read by name.
        let inspection = try Self.page("self-inspection/self-inspection", values: .body(try Self.type("self-inspection/self-inspection").example))
        let responsible = try #require(Self.campaign.person("head-campaign"))
        #expect(inspection.contains("value=\"head-campaign\"><span class=\"help roster\">名册人员：\(responsible.name)</span>"))
        let lifeMeeting = try Self.page("self-inspection/life-meeting", values: .body(try Self.type("self-inspection/life-meeting").example), language: .en)
        let cadre = try #require(Self.campaign.person("head-no1-high"))
        #expect(lifeMeeting.contains("value=\"head-no1-high\"><span class=\"help roster\">On the roster: \(cadre.name)</span>"))
        #expect(RecordForm.referencedRecordTypes(of: try Self.type("rectification/progress-report")) == ["ledger/item"])
    }

    @Test("a date input is bounded by its clause's window, late entries allowed to the campaign's end")
    func datesAreBounded() throws {
        let page = try Self.page("publicity/study-session")
        let clause = try #require(Self.campaign.clause("1.2"))
        let last = max(clause.window.end, Self.campaign.window.end)
        #expect(page.contains("<input type=\"date\" id=\"fld-f-heldOn\" name=\"f.heldOn\" required value=\"\" min=\"\(clause.window.start)\" max=\"\(last)\">"))
        // A date no clause bounds has no bounds.
        let target = try Self.page("benchmarking/target")
        #expect(target.contains("<input type=\"date\" id=\"fld-f-setOn\" name=\"f.setOn\" required value=\"\">"))
        #expect(page.contains("<label for=\"fld-f-heldOn\">学习日期<span class=\"req\" aria-hidden=\"true\">*</span></label>"))
    }

    @Test("a list shows its items and empty slots, and its add-another button asks for more without script")
    func listsGrow() throws {
        let type = try Self.type("self-inspection/self-inspection")
        let page = try Self.page(type.id, values: .body(type.example))
        #expect(page.contains("name=\"f.problems.0.title\""))
        #expect(page.contains("name=\"f.problems.1.title\""))
        #expect(!page.contains("name=\"f.problems.2.title\""))
        #expect(page.contains("name=\"f.problems.0.measures.3\""))
        #expect(page.contains("<button type=\"submit\" name=\"more\" value=\"f.problems\" formnovalidate class=\"more\">再加一项</button>"))
        var pairs = BrowserForm(page).pairs
        pairs.append(("more", "f.problems"))
        let input = RecordFormInput(pairs: pairs, type: type)
        #expect(input.moreRequested == "f.problems")
        let more = try Self.page(type.id, values: .json(input.values), expanded: [input.moreRequested!])
        #expect(more.contains("name=\"f.problems.5.title\"") && !more.contains("name=\"f.problems.6.title\""))
        // Filling the second slot adds a second problem; empty slots are left out.
        let filled = BrowserForm(page).setting("f.problems.1.title", to: "食堂账目未公示")
        let body = try RecordFormInput(pairs: filled, type: type).validated(by: type, campaign: Self.campaign, unit: Self.school).get()
        let problems = try JSONDecoder().decode(JSONValue.self, from: body)["problems"]?.arrayValue
        #expect(problems?.count == 2 && problems?[1]["title"]?.stringValue == "食堂账目未公示")
        #expect(problems?[1]["measures"] == nil)
    }

    @Test("empty optional fields are left out, full-width digits are read, a blank in a required list is skipped")
    func reading() throws {
        let article = try Self.type("publicity/article-submission")
        let pairs = [("f.title", " 我校召开专题学习会 "), ("f.submittedOn", "2017-04-07"), ("f.author", ""), ("f.url", "  "),
                     ("f.summary", "\r\n")]
        let body = try RecordFormInput.parse(pairs: pairs, type: article).get()
        #expect(String(decoding: body, as: UTF8.self) == #"{"submittedOn":"2017-04-07","title":"我校召开专题学习会"}"#)
        let study = try Self.type("publicity/study-session")
        let typed = RecordFormInput(pairs: [("f.heldOn", "２０１７-０４-１２"), ("f.materials", "xi-speeches"), ("f.participants", "３８"),
                                            ("f.hours", "２．５")], type: study)
        #expect(typed.issues == [])
        let canonical = try typed.validated(by: study, campaign: Self.campaign, unit: Self.school).get()
        #expect(String(decoding: canonical, as: UTF8.self)
            == #"{"heldOn":"2017-04-12","hours":2.5,"materials":["xi-speeches"],"participants":38}"#)
        // A required list left empty is [], and the type's own validation says what is missing.
        let empty = RecordFormInput(pairs: [("f.heldOn", "2017-04-12"), ("f.participants", "3"), ("f.hours", "1")], type: study)
        guard case .failure(let error) = empty.validated(by: study, campaign: Self.campaign, unit: Self.school) else {
            Issue.record("a study session without materials was accepted")
            return
        }
        #expect(error.issues.map(\.path) == ["materials"])
        #expect(error.issues[0].reason.zh == "至少需要 1 项")
    }

    @Test("what cannot be read and what validation refuses are both shown, each beside its field")
    func readingAndValidationTogether() throws {
        let study = try Self.type("publicity/study-session")
        let input = RecordFormInput(pairs: [("f.heldOn", "2017-03-01"), ("f.materials", "xi-speeches"), ("f.participants", "三十八"),
                                            ("f.hours", "30")], type: study)
        guard case .failure(let error) = input.validated(by: study, campaign: Self.campaign, unit: Self.school) else {
            Issue.record("accepted")
            return
        }
        #expect(error.issues.map(\.path) == ["participants"], "the body that validation sees lacks the unreadable number")
        // The number is refused first; once it is fixed the date and hours are refused by validation.
        let fixed = RecordFormInput(pairs: [("f.heldOn", "2017-03-01"), ("f.materials", "xi-speeches"), ("f.participants", "38"),
                                            ("f.hours", "30")], type: study)
        guard case .failure(let second) = fixed.validated(by: study, campaign: Self.campaign, unit: Self.school) else {
            Issue.record("accepted")
            return
        }
        #expect(second.issues.map(\.path) == ["heldOn", "hours"])
        let page = try Self.page(study.id, values: .json(fixed.values), issues: second.issues, language: .en)
        #expect(RecordFormTests.error(beside: "f.hours", in: page) == "hours 30.0 must be above 0 and at most 24")
        #expect(page.contains("<a href=\"#fld-f-heldOn\">Held on: date 2017-03-01 is outside clause 1.2"))
        #expect(page.contains("value=\"30\""))
    }

    @Test("an issue no field names is listed at the top; one under a list item stands beside the item's field")
    func issuesFindTheirField() throws {
        let symposium = try Self.type("self-inspection/symposium")
        let page = try Self.page(symposium.id, values: .body(symposium.example), issues: [
            ValidationIssue(path: "$", reason: LocalizedText(zh: "整体有误", en: "wrong as a whole")),
            ValidationIssue(path: "problems[0].deadline", reason: LocalizedText(zh: "日期早于召开日期", en: "before the meeting")),
            ValidationIssue(path: "opinions[1]", reason: LocalizedText(zh: "不能为空", en: "must not be empty")),
            ValidationIssue(path: "problems[0].nothing[3]", reason: LocalizedText(zh: "未知", en: "unknown")),
        ])
        #expect(page.contains("<li>座谈会：整体有误</li>"))
        #expect(RecordFormTests.error(beside: "f.problems.0.deadline", in: page) == "日期早于召开日期")
        #expect(RecordFormTests.error(beside: "f.opinions.1", in: page) == "不能为空")
        // A path deeper than any field falls back to the nearest enclosing one: the list item.
        #expect(page.contains("<span class=\"field-err\" id=\"fld-f-problems-0-err\">未知</span>"))
        #expect(page.contains("<a href=\"#fld-f-problems-0-deadline\">梳理出的问题 第 1 项 · 整改时限：日期早于召开日期</a>"))
    }

    @Test("hostile text in values, options and records is escaped everywhere it lands")
    func hostileTextIsEscaped() throws {
        let hostile = #""><script>alert(1)</script>"#
        let article = try Self.type("publicity/article-submission")
        let page = try Self.page(article.id, values: .json(.object(["title": .string(hostile), "summary": .string("</textarea>" + hostile)])),
                                 issues: [ValidationIssue(path: "title", reason: LocalizedText(zh: hostile, en: hostile))])
        #expect(!page.contains("<script") && page.components(separatedBy: "</textarea>").count == 2)
        let adoption = try Self.page("publicity/article-adoption", ownRecords: [RecordChoice(id: hostile, type: "publicity/article-submission", summary: hostile)])
        #expect(!adoption.contains("<script"))
        // And the browser sends back exactly what was typed.
        let pairs = BrowserForm(page).pairs
        #expect(pairs.first { $0.name == "f.title" }?.value == hostile)
        #expect(pairs.first { $0.name == "f.summary" }?.value == "</textarea>" + hostile)
    }

    @Test("the whole form posts with the session's token and names every required input for the browser")
    func wholeForm() throws {
        let type = try Self.type("publicity/website-column")
        let form = RecordForm(type: type, campaign: Self.campaign, unit: Self.school, language: .en)
            .form(action: Link("/records", type.id), csrf: "token-1").markup
        #expect(form.hasPrefix("<form method=\"post\" action=\"/records/publicity%2Fwebsite-column\" class=\"box record-form\"><input type=\"hidden\" name=\"csrf\" value=\"token-1\">"))
        #expect(form.contains("<input type=\"text\" id=\"fld-f-url\" name=\"f.url\" required aria-describedby=\"fld-f-url-help\" value=\"\">"))
        #expect(form.contains("<span class=\"help\" id=\"fld-f-url-help\">Starting with http:// or https://</span>"))
        #expect(form.hasSuffix("<p class=\"actions\"><button>Save</button></p></form>"))
        let pairs = RecordFormInput.pairs(urlEncoded: "csrf=token-1&f.url=http%3A%2F%2Fwww.xxyz.edu.cn%2Fgzz%2F&f.openedOn=2017-03-15&f.materials=a&f.materials=b+c")
        #expect(pairs.map(\.name) == ["csrf", "f.url", "f.openedOn", "f.materials", "f.materials"])
        #expect(pairs[4].value == "b c")
        let body = try RecordFormInput.parse(pairs: pairs, type: type).get()
        #expect(String(decoding: body, as: UTF8.self) == #"{"openedOn":"2017-03-15","url":"http://www.xxyz.edu.cn/gzz/"}"#)
    }
}
