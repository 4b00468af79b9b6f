// Copies of Dudao's kernel types the record bodies use (shapes and Codable only).

import Foundation

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
