import Foundation

/// Revised copies of the shipped campaign file, edited as JSON the way the office edits the file.
public enum CampaignEdit {
    /// The shipped campaign with `edit` applied to its JSON object.
    public static func revised(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    /// Sets parameter `name` of `clause` to `value`.
    public static func setParameter(_ object: inout [String: Any], clause: String, _ name: String, to value: Any) {
        var clauses = object["clauses"] as! [[String: Any]]
        let index = clauses.firstIndex { $0["id"] as? String == clause }!
        var parameters = clauses[index]["parameters"] as! [[String: Any]]
        let position = parameters.firstIndex { $0["name"] as? String == name }!
        parameters[position]["value"] = value
        clauses[index]["parameters"] = parameters
        object["clauses"] = clauses
    }

    /// Edits unit `id` of the roster.
    public static func editUnit(_ object: inout [String: Any], _ id: String, _ edit: (inout [String: Any]) -> Void) {
        var roster = object["roster"] as! [String: Any]
        var units = roster["units"] as! [[String: Any]]
        let index = units.firstIndex { $0["id"] as? String == id }!
        edit(&units[index])
        roster["units"] = units
        object["roster"] = roster
    }

    /// Removes unit `id` from the roster, and every person of it.
    public static func removeUnit(_ object: inout [String: Any], _ id: String) {
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
    public static func targetsDue(_ day: String) throws -> Data {
        try revised { setParameter(&$0, clause: "3.1", "dueBy", to: day) }
    }
}
