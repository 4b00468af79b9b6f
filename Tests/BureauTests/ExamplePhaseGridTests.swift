import DudaoTestSupport
import Foundation
import Testing

extension BureauServerTests {
    /// The plugin guide's last step: a bureau on the example campaign (the shipped one plus the
    /// scaffolded clause 6.1) shows the new phase's column on its grid, and its cell page opens;
    /// the bureau on the shipped campaign shows no such column.
    @Test func theExamplePhasesClauseIsAColumnOfTheGrid() async throws {
        let example = Fixtures.packageRoot.appendingPathComponent("campaigns/home-visits-example.json").path
        let harness = try await BureauHarness.start(campaign: example)
        let office = try await harness.login("office", "office-password")
        let grid = try await harness.get("/grid?at=2017-06-30", cookie: office)
        #expect(grid.status == 200)
        #expect(grid.body.contains("6.1"), "the grid has no column for clause 6.1")
        let cells = BureauHarness.links(in: grid.body).filter { $0.contains("/grid/cell") && $0.contains("6.1") }
        #expect(!cells.isEmpty, "no cell of clause 6.1 links to its page")
        if let first = cells.first {
            let page = try await harness.get(first.replacingOccurrences(of: "&amp;", with: "&"), cookie: office)
            #expect(page.status == 200)
            #expect(page.body.contains("家访"), "the cell page does not name the phase's rule")
        }

        let shipped = try await BureauHarness.start()
        let shippedOffice = try await shipped.login("office", "office-password")
        let shippedGrid = try await shipped.get("/grid?at=2017-06-30", cookie: shippedOffice)
        #expect(shippedGrid.status == 200)
        #expect(BureauHarness.links(in: shippedGrid.body).filter { $0.contains("/grid/cell") && $0.contains("6.1") }.isEmpty)
    }
}
