// Copies of Dudao's record bodies and the kernel types they use (shapes and Codable only).

import Foundation

// MARK: - Kernel types

/// Dudao's `LocalDate`, with its Codable implementation verbatim.
struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date of the form YYYY-MM-DD")
        }
        self = date
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

struct DateWindow: Sendable, Hashable, Codable {
    var start: LocalDate
    var end: LocalDate
}

/// Dudao's `JSONValue`, with its Codable implementation verbatim.
enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

struct LocalizedText: Sendable, Hashable, Codable {
    var zh: String
    var en: String
}

// MARK: - Ledger

enum LedgerSource: String, Sendable, Hashable, Codable, CaseIterable {
    case selfInspection = "self-inspection"
    case symposium
    case appeal
    case unitList = "unit-list"
    case bureauFinding = "bureau-finding"
    case majorProject = "major-project"
    case target
}

struct LedgerItem: Sendable, Hashable, Codable {
    var title: String
    var detail: String?
    var source: LedgerSource
    var sourceRecord: String?
    var measures: [String]
    var deadline: LocalDate?
    var responsiblePerson: String?
    var department: String?
    var registeredOn: LocalDate
}

enum LedgerAction: String, Sendable, Hashable, Codable, CaseIterable {
    case supervise, feedback, close, reject, reopen, archive
}

enum LedgerRole: String, Sendable, Hashable, Codable, CaseIterable {
    case unit, office, leader, viewer
}

struct LedgerTransition: Sendable, Hashable, Codable {
    var item: String
    var action: LedgerAction
    var role: LedgerRole
    var person: String?
    var on: LocalDate
    var comment: String
    var deadline: LocalDate?
}

// MARK: - Publicity

struct StudySession: Sendable, Hashable, Codable {
    var heldOn: LocalDate
    var materials: [String]
    var participants: Int
    var hours: Double
}

struct ArticleSubmission: Sendable, Hashable, Codable {
    var title: String
    var submittedOn: LocalDate
    var author: String?
    var url: String?
    var summary: String?
}

struct ArticleAdoption: Sendable, Hashable, Codable {
    var article: String
    var adoptedOn: LocalDate
    var outlet: String
}

struct DiscussionActivity: Sendable, Hashable, Codable {
    var form: String
    var heldOn: LocalDate
    var participants: Int
    var topic: String?
}

struct MobilisationMeeting: Sendable, Hashable, Codable {
    var heldOn: LocalDate
    var chair: String
    var attendance: Int
    var bureauLeaderPresent: String?
    var guidedByLeader: String?
    var summary: String
}

struct Reflection: Sendable, Hashable, Codable {
    var author: String
    var writtenOn: LocalDate
    var title: String
    var text: String?
    var fileHash: String?
}

struct WebsiteColumn: Sendable, Hashable, Codable {
    var url: String
    var openedOn: LocalDate
}

// MARK: - Self-inspection

struct FoundProblem: Sendable, Hashable, Codable {
    var title: String
    var detail: String?
    var measures: [String]?
    var deadline: LocalDate?
    var responsiblePerson: String?
}

enum SelfInspectionScope: String, Sendable, Hashable, Codable, CaseIterable {
    case unit, individual
}

struct SelfInspectionReport: Sendable, Hashable, Codable {
    var heldOn: LocalDate
    var scope: SelfInspectionScope
    var problems: [FoundProblem]
    var noneFound: Bool
}

enum AppealOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    case staff, student, parent, `public`
}

struct Appeal: Sendable, Hashable, Codable {
    var receivedOn: LocalDate
    var channel: String
    var from: AppealOrigin
    var content: String
    var handler: String?
    var reply: String?
    var repliedOn: LocalDate?
    var problem: Bool
}

struct AppealChannel: Sendable, Hashable, Codable {
    var channel: String
    var address: String
    var publishedOn: LocalDate
}

struct LifeMeeting: Sendable, Hashable, Codable {
    var kind: String
    var heldOn: LocalDate
    var attendingLeaders: [String]
    var measures: [String]
}

struct Symposium: Sendable, Hashable, Codable {
    var kind: String
    var heldOn: LocalDate
    var attendance: Int
    var opinions: [String]
    var problems: [FoundProblem]
}

// MARK: - Rectification, benchmarking, evaluation, supervision

struct MajorProject: Sendable, Hashable, Codable {
    var title: String
    var leadLeader: String
    var department: String
    var measures: [String]
    var deadline: LocalDate
    var registeredOn: LocalDate
    var progress: String?
}

struct LeaderVisit: Sendable, Hashable, Codable {
    var leader: String
    var visitedOn: LocalDate
    var announced: Bool
    var findings: [String]
    var problemsSolved: [String]
}

struct ProgressReport: Sendable, Hashable, Codable {
    enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        case rectification, target
    }

    var subject: Subject
    var period: String
    var submittedOn: LocalDate
    var itemsCovered: [String]
    var summary: String
}

struct TargetPlan: Sendable, Hashable, Codable {
    struct Milestone: Sendable, Hashable, Codable {
        var title: String
        var dueOn: LocalDate
        var responsiblePerson: String
    }

    var target: String
    var milestones: [Milestone]
    var measures: [String]
    var adoptedOn: LocalDate
}

struct BenchmarkTarget: Sendable, Hashable, Codable {
    enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case province, city
    }

    var title: String
    var level: Level
    var metric: String
    var baseline: String
    var targetValue: String
    var benchmarkPeer: String
    var plan: String
    var responsiblePerson: String
    var setOn: LocalDate
    var deadline: LocalDate?
    var achieved: Bool?
    var achievedOn: LocalDate?
}

struct Practice: Sendable, Hashable, Codable {
    enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case mechanism, rule, practice
    }

    var title: String
    var adoptedOn: LocalDate
    var document: String
    var kind: Kind
}

struct ScoreSheet: Sendable, Hashable, Codable {
    var assessedOn: LocalDate
    var stageTargetsMet: Int
    var overallTargetsMet: Int
    var comment: String
    var finalScore: Double
}

struct Inspection: Sendable, Hashable, Codable {
    struct FocusScore: Sendable, Hashable, Codable {
        var point: String
        var score: Int
        var note: String?
    }

    struct Finding: Sendable, Hashable, Codable {
        var problem: String
        var deadline: LocalDate
        var responsiblePerson: String?
        var measures: [String]?
    }

    var announced: Bool
    var plannedOn: LocalDate
    var heldOn: LocalDate?
    var methods: [String]
    var team: [String]
    var scores: [FocusScore]
    var findings: [Finding]
}

struct LookBack: Sendable, Hashable, Codable {
    var on: LocalDate
    var reason: String
    var reopenedItems: [String]
    var nextVisitBy: LocalDate?
}

/// The envelope shape: `Data` (base64), `Int64`, `Bool` and a nested struct.
struct Envelope: Sendable, Hashable, Codable {
    struct HLC: Sendable, Hashable, Codable {
        var wall: Int64
        var logical: Int32
    }

    var id: String
    var unit: String
    var type: String
    var body: Data
    var author: String?
    var hlc: HLC
    var origin: String
    var sequence: Int64
    var deleted: Bool
    var evidence: [String]
}

/// Campaign parameters and other `[String: X]` maps.
struct Parameters: Sendable, Hashable, Codable {
    var parameters: [String: JSONValue]
    var window: DateWindow
    var quotas: [String: Int]
    var titles: [String: LocalizedText]?
}
