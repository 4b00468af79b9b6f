import DudaoKernel
import Foundation
import Testing

@Suite struct CalendarTests {
    let calendar = try! CampaignCalendar(timeZoneIdentifier: "Asia/Shanghai")

    @Test(arguments: [
        ("2017-01-01", 2016, 52),  // a Sunday belongs to the previous ISO year
        ("2017-01-02", 2017, 1),
        ("2017-03-01", 2017, 9),
        ("2017-04-28", 2017, 17),
        ("2017-12-31", 2017, 52),
        ("2018-12-31", 2019, 1),  // a Monday that starts week 1 of the next ISO year
        ("2020-12-31", 2020, 53),
    ])
    func isoWeeks(date: String, year: Int, week: Int) {
        let result = CampaignCalendar.isoWeek(of: LocalDate(date)!)
        #expect(result.year == year)
        #expect(result.week == week)
    }

    @Test func weekPeriodsStartOnMondayAndCrossMonthAndYearBoundaries() {
        let week = calendar.period(.week, containing: LocalDate("2017-03-01")!)
        #expect(week.label == "2017-W09")
        #expect(week.start == LocalDate("2017-02-27"))
        #expect(week.end == LocalDate("2017-03-05"))
        let yearEnd = calendar.period(.week, containing: LocalDate("2017-12-31")!)
        #expect(yearEnd.start == LocalDate("2017-12-25"))
        let newYear = calendar.period(.week, containing: LocalDate("2019-01-01")!)
        #expect(newYear.label == "2019-W01")
        #expect(newYear.start == LocalDate("2018-12-31"))
    }

    @Test(arguments: [
        ("2017-02-15", "2017-02", "2017-02-01", "2017-02-28"),
        ("2016-02-15", "2016-02", "2016-02-01", "2016-02-29"),
        ("2017-12-31", "2017-12", "2017-12-01", "2017-12-31"),
    ])
    func months(date: String, label: String, start: String, end: String) {
        let period = calendar.period(.month, containing: LocalDate(date)!)
        #expect(period.label == label)
        #expect(period.start == LocalDate(start))
        #expect(period.end == LocalDate(end))
    }

    @Test(arguments: [
        ("2017-03-31", "2017-Q1", "2017-01-01", "2017-03-31"),
        ("2017-04-01", "2017-Q2", "2017-04-01", "2017-06-30"),
        ("2017-09-30", "2017-Q3", "2017-07-01", "2017-09-30"),
        ("2017-10-01", "2017-Q4", "2017-10-01", "2017-12-31"),
    ])
    func quarters(date: String, label: String, start: String, end: String) {
        let period = calendar.period(.quarter, containing: LocalDate(date)!)
        #expect(period.label == label)
        #expect(period.start == LocalDate(start))
        #expect(period.end == LocalDate(end))
    }

    @Test func periodsOverlappingAWindowCoverItExactlyOnce() {
        let window = DateWindow(start: LocalDate("2017-04-01")!, end: LocalDate("2017-12-31")!)
        let months = calendar.periods(.month, overlapping: window)
        #expect(months.map(\.label) == (4...12).map { "2017-\($0 < 10 ? "0" : "")\($0)" })
        let quarters = calendar.periods(.quarter, overlapping: window)
        #expect(quarters.map(\.label) == ["2017-Q2", "2017-Q3", "2017-Q4"])
        let weeks = calendar.periods(.week, overlapping: window)
        #expect(weeks.first?.start == LocalDate("2017-03-27"))
        #expect(weeks.last?.end == LocalDate("2017-12-31"))
        for (a, b) in zip(weeks, weeks.dropFirst()) { #expect(a.end.adding(days: 1) == b.start) }
        let fortnights = calendar.periods(.fortnight, overlapping: window)
        #expect(fortnights.allSatisfy { $0.start.days(until: $0.end) == 13 })
        #expect(fortnights.count == (weeks.count + 1) / 2)
        #expect(calendar.periods(.window, overlapping: window) == [Period.whole(window)])
    }

    @Test func localDaysFollowShanghaiTime() {
        // 2017-04-28 23:59:59 in Shanghai is 15:59:59 UTC; one second later it is the 29th there.
        let beforeMidnight = Date(timeIntervalSince1970: 1_493_395_199)
        #expect(calendar.localDate(of: beforeMidnight) == LocalDate("2017-04-28"))
        #expect(calendar.localDate(of: beforeMidnight.addingTimeInterval(1)) == LocalDate("2017-04-29"))
        // At 01:00 UTC it is already 09:00 the same day in Shanghai; at 17:00 UTC, the next day.
        #expect(calendar.localDate(of: Date(timeIntervalSince1970: 1_491_008_400)) == LocalDate("2017-04-01"))
        #expect(calendar.localDate(of: Date(timeIntervalSince1970: 1_491_066_000)) == LocalDate("2017-04-02"))
    }

    @Test func aDeadlinePassesAtTheEndOfTheLocalDay() {
        let deadline = calendar.deadlineInstant(LocalDate("2017-04-28")!)
        #expect(deadline == Date(timeIntervalSince1970: 1_493_395_200))  // 2017-04-28T16:00:00Z
        #expect(calendar.startOfDay(LocalDate("2017-01-01")!) == Date(timeIntervalSince1970: 1_483_200_000))
    }

    @Test func dateArithmeticRoundTrips() {
        for text in ["1970-01-01", "2000-02-29", "2017-03-01", "2100-03-01"] {
            let date = LocalDate(text)!
            #expect(LocalDate(dayNumber: date.dayNumber) == date)
            #expect(date.description == text)
        }
        #expect(LocalDate("2017-02-29") == nil)
        #expect(LocalDate("2017-4-1") == nil)
        #expect(LocalDate("2017-03-01")!.isoWeekday == 3)
        #expect(LocalDate("2017-02-28")!.adding(days: 1) == LocalDate("2017-03-01"))
        #expect(LocalDate("2017-04-20")!.days(until: LocalDate("2017-04-28")!) == 8)
    }
}
