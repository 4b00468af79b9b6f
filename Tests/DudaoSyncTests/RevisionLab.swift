import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWorkspace
import Foundation

/// Revised copies of the shipped campaign file, edited as JSON the way the office edits the file.
enum CampaignEdit {
    /// The shipped campaign with `edit` applied to its JSON object.
    static func revised(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try SyncLab.campaignData) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    /// Sets parameter `name` of `clause` to `value`.
    static func setParameter(_ object: inout [String: Any], clause: String, _ name: String, to value: Any) {
        var clauses = object["clauses"] as! [[String: Any]]
        let index = clauses.firstIndex { $0["id"] as? String == clause }!
        var parameters = clauses[index]["parameters"] as! [[String: Any]]
        let position = parameters.firstIndex { $0["name"] as? String == name }!
        parameters[position]["value"] = value
        clauses[index]["parameters"] = parameters
        object["clauses"] = clauses
    }

    /// Edits unit `id` of the roster.
    static func editUnit(_ object: inout [String: Any], _ id: String, _ edit: (inout [String: Any]) -> Void) {
        var roster = object["roster"] as! [String: Any]
        var units = roster["units"] as! [[String: Any]]
        let index = units.firstIndex { $0["id"] as? String == id }!
        edit(&units[index])
        roster["units"] = units
        object["roster"] = roster
    }

    /// Removes unit `id` from the roster, and every person of it.
    static func removeUnit(_ object: inout [String: Any], _ id: String) {
        var roster = object["roster"] as! [String: Any]
        roster["units"] = (roster["units"] as! [[String: Any]]).filter { $0["id"] as? String != id }
        roster["people"] = (roster["people"] as! [[String: Any]]).filter { $0["unit"] as? String != id }.map { person in
            var person = person
            person["assignedUnits"] = (person["assignedUnits"] as? [String] ?? []).filter { $0 != id }
            return person
        }
        object["roster"] = roster
    }

    /// The 3.1 deadline (targets set by) moved to `day`.
    static func targetsDue(_ day: String) throws -> Data {
        try revised { setParameter(&$0, clause: "3.1", "dueBy", to: day) }
    }
}

extension SyncLab {
    /// A fresh workspace over a store's directory: what the next command on that PC sees.
    static func workspace(_ store: Store) throws -> Workspace {
        try Workspace(store: Store.open(at: store.directory, registry: registry, environment: store.environment))
    }

    /// The cell of `rule` in a unit's status as of `day`.
    static func cell(_ rule: String, of store: Store, unit: String? = nil, asOf day: String) throws -> ComplianceCell? {
        try workspace(store).status(unit: unit, asOf: LocalDate(day)!).cells.first { $0.rule == rule }
    }
}
