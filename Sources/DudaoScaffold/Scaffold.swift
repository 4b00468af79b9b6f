import DudaoKernel
import Foundation

/// `dudao plugin new`: a new phase plugin in a package's sources, registered, with its clause in
/// a campaign file and its schemas exported, ready for `swift build` and `swift test`.
///
/// Nothing is written until every file has been rendered and the edited campaign file loads.
public struct Scaffold: Sendable {
    /// What the developer asks for.
    public struct Request: Sendable {
        /// The plugin id, the prefix of its record types: `home-visits`.
        public var pluginID: String
        /// The clause it serves: `6.1`.
        public var clause: String
        public var title: LocalizedText
        /// The plan's words for the clause; the Chinese title when not given.
        public var text: String?
        /// The Swift name of the record type; `<Target>Record` when not given.
        public var record: String?
        /// The unit kinds the clause binds; every kind when empty.
        public var appliesTo: [UnitKind]
        public var period: PeriodKind
        public var minimum: Int
        /// The score part's default weight in the office's ranking (and the clause stub's `scoreWeight`).
        public var weight: Int
        /// The clause's window; the campaign's when not given.
        public var from: LocalDate?
        public var to: LocalDate?
        /// The campaign file to add the clause to, relative to the package.
        public var campaignFile: String

        public init(pluginID: String, clause: String, title: LocalizedText, text: String? = nil, record: String? = nil,
                    appliesTo: [UnitKind] = [], period: PeriodKind = .month, minimum: Int = 1, weight: Int = 10,
                    from: LocalDate? = nil, to: LocalDate? = nil, campaignFile: String) {
            self.pluginID = pluginID
            self.clause = clause
            self.title = title
            self.text = text
            self.record = record
            self.appliesTo = appliesTo
            self.period = period
            self.minimum = minimum
            self.weight = weight
            self.from = from
            self.to = to
            self.campaignFile = campaignFile
        }
    }

    public let package: URL
    /// The manifests the running build registers; those whose target is in the package's list
    /// are the package's plugins (the binary may have been built from another tree).
    public let built: [PluginManifest]

    public init(package: URL, registered: [PluginManifest]) {
        self.package = package
        built = registered
    }

    /// Writes the plugin; returns the paths written, relative to the package, in order.
    public func run(_ request: Request) throws -> [String] {
        let names = ScaffoldNames(pluginID: request.pluginID, record: request.record, campaignFile: request.campaignFile)
        let listed = try PhasePluginList.read(package: package).names
        let registered = built.filter { manifest in
            listed.contains(ScaffoldNames.target(of: manifest.id)) || CampaignSchemaFile.phasePlugins([manifest]).isEmpty
        }
        try check(request, names: names, registered: registered)

        let campaignURL = package.appendingPathComponent(request.campaignFile)
        let campaignText = try ScaffoldFiles.read(campaignURL)
        let campaign = try CampaignLoader.decode(Data(campaignText.utf8), file: request.campaignFile)
        let window = DateWindow(start: request.from ?? campaign.window.start, end: request.to ?? campaign.window.end)
        guard window.start <= window.end, campaign.window.contains(window.start) else {
            throw DudaoError("条款时间 \(window.start)…\(window.end) 应在活动期 \(campaign.window.start)…\(campaign.window.end) 内",
                             "the clause's window \(window.start)…\(window.end) must lie in the campaign's \(campaign.window.start)…\(campaign.window.end)")
        }
        let stub = CampaignStub(names: names, clause: request.clause, title: request.title, text: request.text ?? request.title.zh,
                                appliesTo: request.appliesTo.isEmpty ? UnitKind.allCases : request.appliesTo,
                                period: request.period, minimum: request.minimum, weight: request.weight, window: window)
        let template = PluginTemplate(names: names, clause: request.clause, title: request.title, exampleDate: window.start,
                                      weight: request.weight)

        var files: [(path: String, text: String)] = template.files
        files.append((request.campaignFile, try stub.added(to: campaignText, file: request.campaignFile)))

        let packageFile = package.appendingPathComponent("Package.swift")
        let packageText = try PhasePluginList.adding(names.target, to: try ScaffoldFiles.read(packageFile), file: "Package.swift")
        files.append(("Package.swift", packageText))
        let list = PhasePluginList(names: try PhasePluginList.lines(of: packageText, file: "Package.swift").map(\.name))
        files.append(("Sources/DudaoPlugins/PluginList.swift", list.swiftSource))

        let schema = JSONSchema.describe(TemplateRecordShape.self, title: request.title, id: names.recordType)
        files.append(("schemas/records/" + RecordSchemaFile.name(of: names.recordType),
                      String(decoding: try RecordSchemaFile.data(schema), as: UTF8.self)))
        let manifest = PluginManifest(id: names.pluginID, version: 1, title: request.title, clauses: [request.clause])
        let schemaFile = CampaignSchemaFile.file(in: package)
        files.append(("schemas/campaign.schema.json", try CampaignSchemaFile.derived(
            from: try ScaffoldFiles.read(schemaFile), file: schemaFile.path, manifests: registered + [manifest])))

        for file in files { try ScaffoldFiles.write(file.text, to: package.appendingPathComponent(file.path)) }
        return files.map(\.path)
    }

    /// Refuses a request that would clash with what exists or could not build.
    func check(_ request: Request, names: ScaffoldNames, registered: [PluginManifest]) throws {
        if request.pluginID.range(of: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", options: .regularExpression) == nil {
            throw DudaoError("插件编号“\(request.pluginID)”应为小写字母、数字和连字符，如 home-visits",
                             "plugin id '\(request.pluginID)' must be lower-case words joined by hyphens, e.g. home-visits")
        }
        if names.record.range(of: "^[A-Z][A-Za-z0-9]*$", options: .regularExpression) == nil {
            throw DudaoError("记录类型名“\(names.record)”应为大写开头的 Swift 类型名，如 HomeVisit",
                             "record name '\(names.record)' must be a Swift type name starting with a capital, e.g. HomeVisit")
        }
        if names.record == names.target + "Plugin" || names.record == names.target {
            throw DudaoError("记录类型名不能是 \(names.record)", "the record cannot be named \(names.record)")
        }
        if request.clause.range(of: "^[1-9][0-9]*\\.[1-9]$", options: .regularExpression) == nil {
            throw DudaoError("条款编号“\(request.clause)”应为“章.条”，如 6.1", "clause id '\(request.clause)' must be section.item, e.g. 6.1")
        }
        if let owner = registered.first(where: { $0.id == request.pluginID }) {
            throw DudaoError("插件 \(owner.id) 已经注册", "plugin \(owner.id) is already registered")
        }
        if let owner = registered.first(where: { $0.clauses.contains(request.clause) }) {
            throw DudaoError("条款 \(request.clause) 已由插件 \(owner.id) 负责", "clause \(request.clause) is already served by plugin \(owner.id)")
        }
        if request.minimum < 1 || request.weight < 0 {
            throw DudaoError("--minimum 应不小于 1，--weight 应不小于 0", "--minimum must be at least 1 and --weight at least 0")
        }
        if request.title.zh.isEmpty || request.title.en.isEmpty {
            throw DudaoError("--title-zh 和 --title-en 都不能为空", "--title-zh and --title-en must not be empty")
        }
        let folder = package.appendingPathComponent("Plugins/\(names.target)")
        if FileManager.default.fileExists(atPath: folder.path) {
            throw DudaoError("\(folder.path) 已存在", "\(folder.path) already exists")
        }
    }
}
