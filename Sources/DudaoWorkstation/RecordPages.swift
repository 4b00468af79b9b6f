import DudaoKernel
import DudaoStore
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird

/// 记录: the unit's records per clause with who wrote them and when; one record with its fields
/// and evidence; a record deleted (a tombstone that travels like any change); evidence files
/// added to a record (a new version) and served back. The forms that write records are
/// `RecordFormPages.swift`.
extension WorkstationServer {
    func addRecordRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/records") { request, context in
            try await self.page(request, context, asOfBox: false) { try self.recordsPage($0) }
        }
        addRecordFormRoutes(to: router)
        router.get("/records/{id}") { request, context in
            let id = context.pathParameter("id")
            return try await self.page(request, context, asOfBox: false) { try self.recordPage($0, id: id) }
        }
        router.post("/records/{id}/delete") { request, context -> Response in
            let id = context.pathParameter("id")
            let (c, _) = try await self.postedForm(request, context)
            let record = try self.writableRecord(id, c.t)
            try self.workspace.store.delete(id: record.id)
            return Self.redirect(Link("/records", query: ["clause": self.clause(of: record.type)]),
                                 Flash(.ok, c.t("已删除一条“\(self.typeTitle(record.type, c.t))”（删除记录会随数据包送到教育局）。",
                                                "Deleted a “\(self.typeTitle(record.type, c.t))” (the deletion goes to the bureau with the next bundle).")))
        }
        router.post("/records/{id}/evidence") { request, context -> Response in
            let id = context.pathParameter("id")
            let (c, form) = try await self.postedUpload(request, context, limit: self.maxBundleBytes)
            let t = c.t
            let record = try self.writableRecord(id, t)
            var errors = FormErrors()
            let files = self.evidenceFiles(form, name: "evidence", t, errors: &errors)
            if files.isEmpty, errors.isEmpty { errors.add("evidence", t("请选择要上传的文件", "choose the files to upload")) }
            guard errors.isEmpty else {
                return Self.redirect(Link("/records", id), Flash(.error, errors.order.compactMap { errors[$0] }.joined(separator: "；")))
            }
            let hashes = try files.map { try self.workspace.store.addEvidence($0.data) }
            let evidence = record.evidence + hashes.filter { !record.evidence.contains($0) }
            try self.workspace.store.append([NewRecord(id: record.id, unit: record.unit, type: record.type, body: record.body,
                                                       author: record.author, evidence: evidence)])
            return Self.redirect(Link("/records", id), Flash(.ok, t("已添加 \(hashes.count) 个证据文件。", "Added \(hashes.count) evidence files.")))
        }
        router.get("/evidence/{hash}") { request, context -> Response in
            let hash = context.pathParameter("hash")
            let t = Self.language(of: request)
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit), let data = try self.workspace.store.evidence(hash) else {
                throw HTTPError(.notFound, message: t("本机没有这个证据文件", "this PC has no such evidence file"))
            }
            let type = Self.mediaType(of: data)
            var headers: HTTPFields = [.contentType: type, .cacheControl: "private, max-age=31536000, immutable"]
            if !type.hasPrefix("image/") && type != "application/pdf" {
                headers[.contentDisposition] = "attachment; filename=\"\(hash.prefix(12)).bin\""
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The media type of an evidence file from its first bytes: the kinds a browser may show inline, else a download.
    static func mediaType(of data: Data) -> String {
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x25, 0x50, 0x44, 0x46]) { return "application/pdf" }
        if head.starts(with: [0x47, 0x49, 0x46, 0x38]) { return "image/gif" }
        return "application/octet-stream"
    }

    /// The record types this unit writes, by clause, in the campaign's order of clauses.
    func writableTypesByClause() -> [(clause: Clause, types: [RecordType])] {
        campaign.clauses.filter { $0.applies(to: unit) }.compactMap { clause in
            let types = clause.recordTypes.compactMap { workspace.registry.recordType($0) }.filter { $0.writers.allows(bureau: false) }
            return types.isEmpty ? nil : (clause, types)
        }
    }

    /// The clause a record type belongs to, for the way back to its list.
    func clause(of type: String) -> String? { campaign.clauses.first { $0.recordTypes.contains(type) }?.id }

    /// A live record of this unit that the unit may write (edit, delete, add evidence to); 404 or 403 otherwise.
    func writableRecord(_ id: String, _ t: Tr) throws -> RecordEnvelope {
        guard let record = try workspace.store.record(id: id), !record.deleted, record.unit == unit.id else {
            throw HTTPError(.notFound, message: t("本单位没有这条记录", "the unit has no such record"))
        }
        guard let type = workspace.registry.recordType(record.type),
              WritePolicy.mayWrite(type: type, unit: record.unit, by: workspace.identity.writer) == nil else {
            throw HTTPError(.forbidden, message: t("这条记录由教育局填写，本单位只能查看", "the bureau writes this record; the unit may only read it"))
        }
        return record
    }

    func recordsPage(_ c: WorkstationPageContext) throws -> Page {
        let t = c.t
        let records = try workspace.records(unit: unit.id).filter { !$0.deleted }
        let byType = Dictionary(grouping: records, by: \.type)
        let chosen = c.query["clause"]
        let groups = writableTypesByClause()
        let index = groups.map { group -> HTML in
            let count = group.types.reduce(0) { $0 + (byType[$1.id]?.count ?? 0) }
            let on: HTML = group.clause.id == chosen ? " class=\"on\"" : ""
            return "<a\(on) href=\"\(Link("/records", query: ["clause": group.clause.id]))\">\(group.clause.id) \(t.text(group.clause.title)) (\(count))</a>"
        }.joined(separator: " ")
        var body: HTML = "<div class=\"clauses\">\(index)</div>"
        for group in groups where chosen == nil || chosen == group.clause.id {
            body += "<h2 id=\"c\(group.clause.id)\">\(group.clause.id) \(t.text(group.clause.title))</h2>"
            for type in group.types {
                let rows = (byType[type.id] ?? []).sorted { $0.hlc > $1.hlc }
                let table = Table<RecordEnvelope>([
                    .init(t("内容", "Content"), class: "title") { "<a href=\"\(Link("/records", $0.id))\">\(self.headline($0, t))</a>" },
                    .init(t("填写人", "By")) { "\(self.personName($0.author) ?? (self.isOwn($0) ? t("本单位", "the unit") : t("教育局", "the bureau")))" },
                    .init(t("时间", "When"), class: "date") { "\(self.written($0))" },
                    .init(t("证据", "Evidence"), class: "num") { $0.evidence.isEmpty ? .empty : "📎 \($0.evidence.count)" },
                ], rows: rows, scrolls: true)
                body += """
                    <h3>\(t.text(type.title)) (\(rows.count)) \
                    <a class="button primary" href="\(Link("/records/new", query: ["type": type.id, "date": defaultDate.description]))">\(t("新填一条", "New"))</a></h3>
                    \(rows.isEmpty ? "<p class=\"muted\">\(t("还没有记录。", "No records yet."))</p>" : table.html)
                    """
            }
        }
        return Page(title: t("记录", "Records"), active: "records", body: body)
    }

    /// Whether this PC wrote the record (the bureau's come in bundles).
    func isOwn(_ record: RecordEnvelope) -> Bool { record.origin == workspace.identity.nodeID }

    /// A record's body in words, its headline and its type's title: the view both doors share.
    var recordView: RecordView { RecordView(campaign: campaign, registry: workspace.registry) }

    /// A record's line in a list: its first text field's value, else its type's title.
    func headline(_ record: RecordEnvelope, _ t: Tr) -> String { recordView.headline(record, t) }

    func recordPage(_ c: WorkstationPageContext, id: String) throws -> Page {
        let t = c.t
        guard let record = try workspace.store.record(id: id), record.unit == unit.id else {
            throw HTTPError(.notFound, message: t("本单位没有这条记录", "the unit has no such record"))
        }
        let type = workspace.registry.recordType(record.type)
        let mayWrite = type.map { WritePolicy.mayWrite(type: $0, unit: record.unit, by: workspace.identity.writer) == nil } ?? false
        let outbox = try workspace.store.outbox(to: "bureau")
        var rows = recordView.rows(record, t)
        let origin = isOwn(record) ? t("本机填写", "written on this PC") : t("来自教育局", "from the bureau")
        rows.append((t("填写人", "By"), "\(personName(record.author) ?? "—") · \(origin)"))
        rows.append((t("保存时间", "Saved"), "\(written(record))"))
        let fields = FieldTable((t("项目", "Field"), t("内容", "Value")), rows)
        let deleted: HTML? = record.deleted ? Flash(.error, t("这条记录已删除。", "This record was deleted.")).html : nil
        var actions: HTML = .empty
        if mayWrite && !record.deleted {
            let upload = Form.upload(Link("/records", id, "evidence"), csrf: c.csrf, """
                \(optionalFiles(t("添加证据材料（照片、扫描件、PDF）", "Add evidence (photos, scans, PDFs)"), name: "evidence"))
                <p class="muted">\(t("每个文件不超过 \(evidenceLimit >> 20) MB。", "At most \(evidenceLimit >> 20) MB a file."))</p>
                \(Field.submit(t("上传", "Upload")))
                """)
            let delete = Form.post(Link("/records", id, "delete"), csrf: c.csrf, classes: "box danger", """
                <p>\(t("删除后，这条记录不再计入完成情况；删除也会送到教育局。", "Once deleted the record no longer counts; the deletion goes to the bureau too."))</p>
                \(Field.submit(t("删除这条记录", "Delete this record")))
                """)
            actions = """
                \(upload)
                <h2>\(t("修改或删除", "Edit or delete"))</h2>
                <p><a class="button primary" href="\(Link("/records", id, "edit"))">\(t("修改这条记录", "Edit this record"))</a></p>
                <div class="actions">\(delete.html)</div>
                """
        }
        return Page(title: typeTitle(record.type, t), active: "records", body: """
            \(deleted)
            \(fields.html)
            <h2>\(t("证据材料", "Evidence")) (\(record.evidence.count))</h2>
            \(record.evidence.isEmpty ? "<p class=\"muted\">—</p>" : evidenceList(record.evidence, outbox: outbox, t))
            \(actions)
            <p><a href="\(Link("/records", query: ["clause": clause(of: record.type)]))">\(t("返回记录列表", "Back to the records"))</a></p>
            """)
    }
}
