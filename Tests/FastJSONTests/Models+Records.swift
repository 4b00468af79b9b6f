// Copies of Dudao's record bodies, the envelope and the parameters (shapes and Codable only).

import Foundation

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
