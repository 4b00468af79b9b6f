import Foundation
import Synchronization

/// The campaign's calendar: its time zone, ISO weeks, months, quarters and deadlines.
///
/// "Due by 04-28" means by the end of that day in the campaign's time zone; `deadlineInstant`
/// gives that moment. The calendar never reads the clock: callers pass instants in.
public struct CampaignCalendar: Sendable {
    public let timeZone: TimeZone
    /// Period lists already built: every unit's rules ask for the same clause windows' weeks.
    private let memo = PeriodMemo()

    public init(timeZoneIdentifier: String) throws {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else {
            throw DudaoError("未知时区“\(timeZoneIdentifier)”", "unknown time zone '\(timeZoneIdentifier)'")
        }
        timeZone = zone
    }

    private final class PeriodMemo: Sendable {
        struct Key: Hashable {
            var kind: PeriodKind
            var window: DateWindow
        }

        let lists = Mutex<[Key: [Period]]>([:])
    }

    /// The local day that contains `instant`.
    public func localDate(of instant: Date) -> LocalDate {
        let offset = timeZone.secondsFromGMT(for: instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        return LocalDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// The first instant of `date` in the campaign's time zone.
    public func startOfDay(_ date: LocalDate) -> Date {
        let utcMidnight = Double(date.dayNumber) * 86_400
        let guess = Date(timeIntervalSince1970: utcMidnight)
        let offset = timeZone.secondsFromGMT(for: guess.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: guess))))
        return Date(timeIntervalSince1970: utcMidnight - Double(offset))
    }

    /// The moment a deadline of `date` passes: the start of the next local day.
    public func deadlineInstant(_ date: LocalDate) -> Date { startOfDay(date.adding(days: 1)) }

    /// The period of `kind` that contains `date`; fortnights pair ISO weeks from `anchor`.
    public func period(_ kind: PeriodKind, containing date: LocalDate, anchor: LocalDate? = nil) -> Period {
        switch kind {
        case .week:
            let start = date.adding(days: 1 - date.isoWeekday)
            let (year, week) = Self.isoWeek(of: date)
            return Period(kind: .week, label: "\(year)-W\(week < 10 ? "0" : "")\(week)", start: start, end: start.adding(days: 6))
        case .fortnight:
            let weekStart = date.adding(days: 1 - date.isoWeekday)
            let base = (anchor ?? date).adding(days: 1 - (anchor ?? date).isoWeekday)
            let offset = base.days(until: weekStart)
            let index = Int((Double(offset) / 14).rounded(.down))
            let start = base.adding(days: index * 14)
            let (year, week) = Self.isoWeek(of: start)
            return Period(kind: .fortnight, label: "\(year)-W\(week < 10 ? "0" : "")\(week)+2", start: start, end: start.adding(days: 13))
        case .month:
            let start = LocalDate(year: date.year, month: date.month, day: 1)!
            let end = LocalDate(year: date.year, month: date.month, day: LocalDate.daysIn(month: date.month, year: date.year))!
            return Period(kind: .month, label: String(start.description.prefix(7)), start: start, end: end)
        case .quarter:
            let firstMonth = (date.quarter - 1) * 3 + 1
            let start = LocalDate(year: date.year, month: firstMonth, day: 1)!
            let end = LocalDate(year: date.year, month: firstMonth + 2, day: LocalDate.daysIn(month: firstMonth + 2, year: date.year))!
            return Period(kind: .quarter, label: "\(date.year)-Q\(date.quarter)", start: start, end: end)
        case .year:
            return Period(kind: .year, label: "\(date.year)", start: LocalDate(year: date.year, month: 1, day: 1)!,
                          end: LocalDate(year: date.year, month: 12, day: 31)!)
        case .window:
            return Period(kind: .window, label: "\(date)", start: date, end: date)
        }
    }

    /// The periods of `kind` that overlap `window`, in order; `.window` gives the window itself.
    /// Periods are not clipped: a week that starts before the window is the whole ISO week.
    public func periods(_ kind: PeriodKind, overlapping window: DateWindow) -> [Period] {
        if kind == .window { return [Period.whole(window)] }
        let key = PeriodMemo.Key(kind: kind, window: window)
        if let known = memo.lists.withLock({ $0[key] }) { return known }
        var result: [Period] = []
        var cursor = window.start
        while cursor <= window.end {
            let period = self.period(kind, containing: cursor, anchor: window.start)
            result.append(period)
            cursor = period.end.adding(days: 1)
        }
        let built = result
        memo.lists.withLock { lists in
            if lists.count > 256 { lists.removeAll() }
            lists[key] = built
        }
        return result
    }

    /// The ISO 8601 week-numbering year and week of `date`.
    public static func isoWeek(of date: LocalDate) -> (year: Int, week: Int) {
        let thursday = date.adding(days: 4 - date.isoWeekday)
        let jan1 = LocalDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, jan1.days(until: thursday) / 7 + 1)
    }
}
