/// A campaign encodes back to its file format: an absent parent unit or a person without a unit is
/// written as `null`, which `schemas/campaign.schema.json` requires (the derived encoding would omit it).
extension CampaignUnit {
    private enum FileKeys: String, CodingKey {
        case id, kind, name, parent, tags, retiredOn, mergedInto
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FileKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(parent, forKey: .parent)
        try container.encode(tags, forKey: .tags)
        try container.encodeIfPresent(retiredOn, forKey: .retiredOn)
        try container.encodeIfPresent(mergedInto, forKey: .mergedInto)
    }
}

extension Person {
    private enum FileKeys: String, CodingKey {
        case id, name, roles, unit, assignedUnits, officesInCharge, retiredOn
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FileKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(roles, forKey: .roles)
        try container.encode(unit, forKey: .unit)
        try container.encode(assignedUnits, forKey: .assignedUnits)
        try container.encode(officesInCharge, forKey: .officesInCharge)
        try container.encodeIfPresent(retiredOn, forKey: .retiredOn)
    }
}
