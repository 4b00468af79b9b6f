import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing

/// bundle.md §2: one signed header, one reading. Headers that are well signed by the enrolled key
/// but not canonical, with a key twice, with a member format 1 does not define, or with a field in
/// the wrong form are refused as bad headers, naming the fault, and the store is left as it was.
@Suite struct HeaderFormTests {
    /// A lab whose bureau holds the unit's first record, and a genuine next bundle as a forge.
    static func setUp() throws -> (lab: SyncLab, forge: BundleForge) {
        let (lab, sender) = try ForgedBundleTests.setUp()
        return (lab, try ForgedBundleTests.forge(sender, ForgedBundleTests.next(1, of: ForgedBundleTests.unit, by: sender)))
    }

    /// The genuine bundle with its header text edited, signed again with the sender's real key.
    static func resigned(_ forge: BundleForge, _ edit: (String) -> String) throws -> Data {
        let genuine = try BundleFile.parse(try forge.data())
        let text = String(decoding: genuine.headerBytes, as: UTF8.self)
        let edited = edit(text)
        try #require(edited != text, "the edit changed nothing")
        return try BundleForge.assemble(headerBytes: Data(edited.utf8), version: 1, body: genuine.body, key: forge.key)
    }

    /// The genuine header's text.
    static func headerText(_ forge: BundleForge) throws -> String {
        String(decoding: try BundleFile.parse(try forge.data()).headerBytes, as: UTF8.self)
    }

    @Test func theExportersHeaderIsCanonicalSatisfiesTheSchemaAndIsWhatPythonWrites() throws {
        let lab = try SyncLab(units: [ForgedBundleTests.unit])
        try lab.unit(ForgedBundleTests.unit).add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: ForgedBundleTests.unit)
        let headers = try [lab.bundle(from: ForgedBundleTests.unit), lab.bundle(for: ForgedBundleTests.unit)].map {
            try BundleFile.parse($0).headerBytes
        }
        for bytes in headers {
            #expect(CanonicalJSON.serialise(try CanonicalJSON.parse(bytes)) == Array(bytes))
            #expect(try Self.pythonCanonical(bytes) == bytes)
        }
        let checks = headers.enumerated().map { SchemaValidator.Check("header \($0.offset)", schema: "bundle-header.schema.json", json: $0.element) }
        #expect(try SchemaValidator.errors(checks) == [])
    }

    /// The known fields are `BundleHeader`'s stored properties (a reader refuses any other member):
    /// the schema lists exactly those, at every level, so adding a field is one declaration and
    /// its line in `bundle-header.schema.json`.
    @Test func theSchemaListsExactlyTheFieldsBundleHeaderDeclares() throws {
        let (_, forge) = try Self.setUp()
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.packageRoot
            .appendingPathComponent("schemas/bundle-header.schema.json"))) as? [String: Any])
        func declared(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap(\.label)) }
        func listed(_ object: [String: Any]?) -> Set<String> { Set(((object?["properties"] as? [String: Any]) ?? [:]).keys) }
        let properties = schema["properties"] as? [String: Any]
        let range = (properties?["ranges"] as? [String: Any])?["additionalProperties"] as? [String: Any]
        #expect(declared(forge.header) == listed(schema))
        #expect(declared(forge.header.sender) == listed(properties?["sender"] as? [String: Any]))
        #expect(declared(forge.header.counts) == listed(properties?["counts"] as? [String: Any]))
        #expect(declared(BundleForge.range(after: 0, through: 0)) == listed(range))
    }

    /// The canonical form of §2.1 is Python's `json.dumps(sort_keys, ensure_ascii=False, compact)`,
    /// for the strings that need care: quotes, backslashes, controls, `/`, DEL, U+2028, non-ASCII.
    @Test func theCanonicalFormIsPythonsForEveryKindOfCharacter() throws {
        let awkward = "a/\"\\\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}\u{2028}é学😀"
        let value = CanonicalJSON.Value.object([
            .init("z", .integer(-9_223_372_036_854_775_808)), .init(awkward, .string(awkward)),
            .init("é", .array([.bool(true), .bool(false), .integer(0)])), .init("e", .object([])),
        ])
        let bytes = Data(CanonicalJSON.serialise(value))
        #expect(try Self.pythonCanonical(bytes) == bytes)
        #expect(CanonicalJSON.serialise(try CanonicalJSON.parse(bytes)) == Array(bytes))
        #expect(String(decoding: bytes, as: UTF8.self).contains(#"\u0001\b\t\n\f\r\u001f"#))
    }

    /// Edits of a canonical header's text that keep its meaning and break its form (§2.1).
    static let nonCanonical: [(name: String, edit: @Sendable (String) -> String)] = [
        ("a space after the opening brace", { "{ " + $0.dropFirst() }),
        ("a newline at the end", { $0 + "\n" }),
        ("a byte order mark", { "\u{FEFF}" + $0 }),
        ("keys out of order", Self.swapFirstTwoMembers),
        ("a needless escape", Self.escapeFirstCampaignCharacter),
        ("a number with a fraction", { $0.replacingOccurrences(of: "\"format\":1", with: "\"format\":1.0") }),
        ("a number with an exponent", { $0.replacingOccurrences(of: "\"format\":1", with: "\"format\":1e0") }),
        ("a number with a leading zero", { $0.replacingOccurrences(of: "\"format\":1", with: "\"format\":01") }),
        ("minus zero", { $0.replacingOccurrences(of: "\"evidence\":0", with: "\"evidence\":-0") }),
    ]

    @Test func aHeaderNotInCanonicalFormIsRefused() throws {
        let (lab, forge) = try Self.setUp()
        for (name, edit) in Self.nonCanonical {
            try expectRefused(try Self.resigned(forge, edit), by: lab.bureau, [.badHeader], name)
        }
        let message = BundleImporter(store: lab.bureau).importBundle(try Self.resigned(forge, Self.swapFirstTwoMembers)).refusal?.message
        #expect(message?.en.contains("not in canonical form") == true && message?.zh.contains("规范形式") == true)
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
    }

    /// `{"bodySHA256":…,"bundleID":…` becomes `{"bundleID":…,"bodySHA256":…`.
    static func swapFirstTwoMembers(_ text: String) -> String {
        let inner = text.dropFirst()
        let first = inner.prefix { $0 != "," }
        let rest = inner.dropFirst(first.count + 1)
        let second = rest.prefix { $0 != "," }
        return "{" + second + "," + first + "," + rest.dropFirst(second.count + 1)
    }

    /// The campaign id's first character written as a `\u` escape: the same string, other bytes.
    static func escapeFirstCampaignCharacter(_ text: String) -> String {
        guard let range = text.range(of: "\"campaign\":\"") else { return text }
        let character = text[range.upperBound]
        let code = String(format: "\\u%04x", character.unicodeScalars.first!.value)
        return text.replacingCharacters(in: range.upperBound...range.upperBound, with: code)
    }

    /// A key twice reads two ways (Foundation keeps the first value, Python the last): refused,
    /// at the top level, inside `sender`, and for two keys that are canonically equivalent.
    @Test func aKeyTwiceInTheHeaderIsRefusedByName() throws {
        let (lab, forge) = try Self.setUp()
        let text = try Self.headerText(forge)
        #expect(text.contains("\"recipient\":\"bureau\""))
        let twice = try Self.resigned(forge) { $0.replacingOccurrences(of: "\"recipient\":\"bureau\"", with: "\"recipient\":\"bureau\",\"recipient\":\"school-no2-high\"") }
        try expectRefused(twice, by: lab.bureau, [.badHeader], "recipient twice")
        #expect(BundleImporter(store: lab.bureau).importBundle(twice).refusal?.message.en.contains("$.recipient appears twice") == true)
        let node = forge.header.sender.node
        let inSender = try Self.resigned(forge) { $0.replacingOccurrences(of: "\"node\":\"\(node)\"", with: "\"node\":\"\(node)\",\"node\":\"\(node)\"") }
        try expectRefused(inSender, by: lab.bureau, [.badHeader], "sender.node twice")
        // é as one code point and as e + U+0301: distinct to Python, one key to a Swift dictionary.
        var header = try CanonicalJSON.parse(try BundleFile.parse(try forge.data()).headerBytes)
        guard case .object(var members) = header, let index = members.firstIndex(where: { $0.key == "pluginVersions" }) else {
            Issue.record("no pluginVersions")
            return
        }
        members[index].value = .object([.init("\u{E9}", .integer(1)), .init("e\u{301}", .integer(2))])
        header = .object(members)
        let genuine = try BundleFile.parse(try forge.data())
        let equivalent = try BundleForge.assemble(headerBytes: Data(CanonicalJSON.serialise(header)), version: 1, body: genuine.body, key: forge.key)
        try expectRefused(equivalent, by: lab.bureau, [.badHeader], "canonically equivalent keys")
        #expect(BundleImporter(store: lab.bureau).importBundle(equivalent).refusal?.message.en.contains("appears twice") == true)
    }

    /// Members format 1 does not define are refused by name at every level, `previousBundle`
    /// (dropped) included, and so is a `null`; the schema refuses each of them too.
    @Test func anUnknownFieldOrANullIsRefusedAsTheSchemaSays() throws {
        let (lab, forge) = try Self.setUp()
        let hash = String(repeating: "ab", count: 32)
        let cases: [(name: String, path: String, edit: (String) -> String)] = [
            // Each inserted where its key sorts, so that only the field is wrong.
            ("a top-level member", "$.mixed", { $0.replacingOccurrences(of: "\"minReaderVersion\":1", with: "\"minReaderVersion\":1,\"mixed\":1") }),
            ("previousBundle", "$.previousBundle", { $0.replacingOccurrences(of: ",\"ranges\":", with: ",\"previousBundle\":\"\(hash)\",\"ranges\":") }),
            ("a member of sender", "$.sender.role", { $0.replacingOccurrences(of: "\"unit\":\"\(ForgedBundleTests.unit)\"", with: "\"role\":\"x\",\"unit\":\"\(ForgedBundleTests.unit)\"") }),
            ("a member of counts", "$.counts.files", { $0.replacingOccurrences(of: "\"evidence\":0", with: "\"evidence\":0,\"files\":0") }),
            ("a null unit", "$.sender.unit", { $0.replacingOccurrences(of: "\"unit\":\"\(ForgedBundleTests.unit)\"", with: "\"unit\":null") }),
        ]
        var checks: [SchemaValidator.Check] = []
        for (name, path, edit) in cases {
            let data = try Self.resigned(forge, edit)
            try expectRefused(data, by: lab.bureau, [.badHeader], name)
            let message = BundleImporter(store: lab.bureau).importBundle(data).refusal?.message
            #expect(message?.en.contains(path) == true, "\(name): \(message?.en ?? "")")
            #expect(message?.zh.contains(path) == true)
            checks.append(.init(name, schema: "bundle-header.schema.json", json: Data(edit(try Self.headerText(forge)).utf8)))
        }
        let errors = try SchemaValidator.errors(checks)
        for (name, _, _) in cases {
            #expect(errors.contains { $0.hasPrefix(name + ":") }, "the schema accepts \(name): \(errors)")
        }
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
    }

    /// Field forms (bundle.md §2.2): each refused by dudao names the field, and the schema refuses it too.
    @Test func fieldsInTheWrongFormAreRefusedAsTheSchemaSays() throws {
        let (lab, forge) = try Self.setUp()
        let cases: [(field: String, tweak: (inout BundleHeader) -> Void)] = [
            ("hlc", { $0.hlc = "1700000000000" }),
            ("hlc", { $0.hlc = "-5.0" }),
            ("hlc", { $0.hlc = "01.0" }),
            ("hlc", { $0.hlc = "1.2.3" }),
            ("hlc", { $0.hlc = "now" }),
            ("hlc", { $0.hlc = "١٢.٣" }),
            ("bundleID", { $0.bundleID = "bundle-7" }),
            ("bundleID", { $0.bundleID = $0.bundleID.uppercased() }),
            ("bodySHA256", { $0.bodySHA256 = $0.bodySHA256.uppercased() }),
            ("sender.keyID", { $0.sender.keyID = $0.sender.keyID.uppercased() }),
            ("critical", { $0.critical.append("zlib") }),
            ("critical", { $0.critical.removeAll { $0 == "ed25519" } }),
            ("knowledge", { $0.knowledge["other-node"] = -1 }),
            ("campaignRevisionHeld.number", { $0.campaignRevisionHeld = CampaignRevision(number: 0, fingerprint: String(repeating: "a", count: 64),
                                                                                          effectiveOn: LocalDate("2017-03-01")!) }),
            ("campaignRevisionHeld.fingerprint", { $0.campaignRevisionHeld = CampaignRevision(number: 2, fingerprint: String(repeating: "A", count: 64),
                                                                                               effectiveOn: LocalDate("2017-03-01")!) }),
        ]
        var checks: [SchemaValidator.Check] = []
        for (index, (field, tweak)) in cases.enumerated() {
            let data = try forge.data(tweak: tweak)
            try expectRefused(data, by: lab.bureau, [.badHeader], "\(field) case \(index)")
            #expect(BundleImporter(store: lab.bureau).importBundle(data).refusal?.message.en.contains("field \(field)") == true, "\(field) case \(index)")
            checks.append(.init("case \(index)", schema: "bundle-header.schema.json", json: data.subdata(in: 14..<BundleForge.Regions(data).headerEnd)))
        }
        let errors = try SchemaValidator.errors(checks)
        for index in cases.indices {
            #expect(errors.contains { $0.hasPrefix("case \(index):") }, "the schema accepts case \(index) (\(cases[index].field))")
        }
        // The largest values the forms allow are accepted.
        let edge = try forge.data(tweak: { $0.hlc = "\(Int64.max).\(Int32.max)" })
        #expect(try BundleFile.parse(edge).header.senderHLC == HLC(wall: .max, counter: .max))
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
    }

    /// What Python's json module writes for the same document in the canonical style of §2.1.
    static func pythonCanonical(_ bytes: Data) throws -> Data {
        let python = try SchemaValidator.python.get()
        let folder = Fixtures.temporaryDirectory("canonical")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.json"), output = folder.appendingPathComponent("out.json")
        try bytes.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", """
            import json, sys
            value = json.loads(open(sys.argv[1], encoding="utf-8").read())
            open(sys.argv[2], "wb").write(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
            """, input.path, output.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try Data(contentsOf: output)
    }
}
