import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Enrolment in one trip, with real stores, keys and bundles: the bureau issues a kit, the unit's
/// store is made from it, the unit's first bundle enrols its key at the bureau, and the bureau's
/// bundle is accepted at the unit. Every misuse is refused with its reason and stores nothing.
@Suite struct EnrolmentKitTests {
    static let unit = "school-no1-high"
    /// A clock fixed at a day of the campaign (noon in UTC+8).
    static func clock(_ day: String) -> StoreEnvironment {
        let ms = Int64(LocalDate(day)!.dayNumber) * 86_400_000 + 4 * 3_600_000
        return StoreEnvironment(now: { ms }, newID: StoreEnvironment.live.newID)
    }

    let root = Fixtures.temporaryDirectory("kit")

    func bureau(_ environment: StoreEnvironment = .live, campaign: Data? = nil, name: String = "bureau") throws -> Workspace {
        try Workspace(store: Store.initialise(at: root.appendingPathComponent(name), campaignData: campaign ?? SyncLab.campaignData,
                                              unit: nil, registry: SyncLab.registry, environment: environment))
    }

    func unit(from kit: Data, name: String = "unit", _ environment: StoreEnvironment = .live) throws -> Workspace {
        try Workspace.initFromKit(kit, file: "\(name).dudaokit", at: root.appendingPathComponent(name), registry: SyncLab.registry,
                                  environment: environment)
    }

    /// What a refused bundle must leave unchanged at the bureau.
    struct BureauState: Equatable {
        var enrolments: [Enrolment]
        var kits: [IssuedKit]
        var digest: String
        var refused: Int
        var audit: Int
        init(_ store: Store) throws {
            enrolments = try store.enrolments()
            kits = try store.issuedKits()
            digest = try store.digest()
            refused = try store.syncState().refused.count
            audit = try store.auditTrail().count
        }
    }

    func refusalReason(_ outcome: ImportOutcome) -> LocalizedText? {
        if case .refused(let error) = outcome { return error.message }
        return nil
    }

    @Test func kitEnrolsTheUnitWithItsFirstBundleAndTheBureauBundleIsAccepted() throws {
        let bureau = try bureau()
        let issued = try bureau.issueKit(unit: Self.unit, address: "https://dudao.example.gov.cn/")
        let unit = try self.unit(from: issued.data)
        #expect(unit.identity.unit == Self.unit)
        #expect(unit.campaign.id == bureau.campaign.id)
        #expect(try unit.store.enrolments() == [Enrolment(unit: nil, publicKey: bureau.identity.publicKey)])
        #expect(try unit.store.bureauAddress() == "https://dudao.example.gov.cn/")
        // The bureau keeps no code: only the key that checks a proof, which the kit's code makes.
        let kit = try EnrolmentKit.read(issued.data, file: "kit", now: StoreEnvironment.live.now())
        let code = try #require(Data(base64Encoded: kit.code))
        #expect(issued.kit.codeKey == (try EnrolmentKit.codeKey(code).publicKey.rawRepresentation))
        #expect(issued.kit.codeKey != code)

        try unit.store.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.unit)
        let first = try BundleExporter(store: unit.store).bundle()
        let claim = try #require(first.header.enrolment)
        #expect(claim.kit == issued.kit.kitID)
        #expect(claim.publicKey == unit.identity.publicKey.base64EncodedString())

        let outcome = BundleImporter(store: bureau.store).importBundle(first.data)
        guard case .applied(let changes, _, _, _, _) = outcome else { Issue.record("not applied: \(outcome)"); return }
        #expect(changes == 1)
        #expect(try bureau.store.enrolment(keyID: unit.identity.keyID)?.unit == Self.unit)
        let spent = try #require(try bureau.store.issuedKit(issued.kit.kitID))
        #expect(spent.spentKeyID == unit.identity.keyID)
        #expect(try bureau.store.records(unit: Self.unit, type: LedgerItem.recordType).count == 1)

        // The bureau's answer is accepted at the unit: it trusts the bureau's key from the kit.
        try bureau.store.add(LedgerItem.recordType, Bodies.ledgerItem(2), unit: Self.unit)
        let answer = BundleImporter(store: unit.store).importBundle(try BundleExporter(store: bureau.store).bundle(for: Self.unit).data)
        guard case .applied(let received, _, _, _, _) = answer else { Issue.record("not applied at the unit: \(answer)"); return }
        #expect(received == 1)
        // Acknowledged: the unit's next bundle carries no proof, and is accepted as any other.
        try unit.store.add(LedgerItem.recordType, Bodies.ledgerItem(3), unit: Self.unit)
        let next = try BundleExporter(store: unit.store).bundle()
        #expect(next.header.enrolment == nil)
        guard case .applied = BundleImporter(store: bureau.store).importBundle(next.data) else { Issue.record("second bundle refused"); return }
    }

    @Test func theSameBundleTwiceEnrolsOnceAndChangesNothingMore() throws {
        let bureau = try bureau()
        let unit = try self.unit(from: try bureau.issueKit(unit: Self.unit).data)
        let first = try BundleExporter(store: unit.store).bundle().data
        guard case .applied = BundleImporter(store: bureau.store).importBundle(first) else { Issue.record("not applied"); return }
        let after = try BureauState(bureau.store)
        guard case .duplicate = BundleImporter(store: bureau.store).importBundle(first) else { Issue.record("not a duplicate"); return }
        #expect(try BureauState(bureau.store) == after)
    }

    @Test func aKitUsedTwiceEnrolsOnlyTheFirstKey() throws {
        let bureau = try bureau()
        let kit = try bureau.issueKit(unit: Self.unit).data
        let first = try self.unit(from: kit, name: "first")
        let second = try self.unit(from: kit, name: "second")
        guard case .applied = BundleImporter(store: bureau.store).importBundle(try BundleExporter(store: first.store).bundle().data) else {
            Issue.record("the first use was refused"); return
        }
        let before = try BureauState(bureau.store)
        let outcome = BundleImporter(store: bureau.store).importBundle(try BundleExporter(store: second.store).bundle().data)
        let reason = try #require(refusalReason(outcome))
        #expect(reason.en.contains("already used"))
        #expect(reason.zh.contains("已于"))
        #expect(try BureauState(bureau.store) == before)
        #expect(try bureau.store.enrolments().map(\.keyID) == [first.identity.keyID])
        // The same kit taken again into the same folder: the store is there, nothing changes.
        #expect(throws: StoreError.self) { try self.unit(from: kit, name: "first") }
    }

    /// A second kit for the unit (a new PC) replaces the first key as any enrolment does: the old key
    /// is revoked, not forgotten. Its bundles from before stay valid; a later one is refused; and the
    /// revoked key cannot come back with a kit.
    @Test func aNewKitRevokesTheUnitsEarlierKeyInsteadOfForgettingIt() throws {
        let bureau = try bureau()
        let old = try self.unit(from: try bureau.issueKit(unit: Self.unit).data, name: "old")
        try old.store.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.unit)
        let before = try BundleExporter(store: old.store).bundle().data
        guard case .applied = BundleImporter(store: bureau.store).importBundle(before) else { Issue.record("not applied"); return }

        let new = try self.unit(from: try bureau.issueKit(unit: Self.unit).data, name: "new")
        guard case .applied = BundleImporter(store: bureau.store).importBundle(try BundleExporter(store: new.store).bundle().data) else {
            Issue.record("the new PC's first bundle was refused"); return
        }
        #expect(try bureau.store.enrolments().filter { $0.unit == Self.unit }.map(\.keyID) == [new.identity.keyID])
        let revoked = try #require(try bureau.store.revokedKey(keyID: old.identity.keyID))
        #expect(revoked.unit == Self.unit && revoked.replacedBy == new.identity.keyID)
        // The old key's bundle from before its revocation is still its own: imported again, a duplicate.
        guard case .duplicate = BundleImporter(store: bureau.store).importBundle(before) else { Issue.record("the earlier bundle is not a duplicate"); return }
        // Its later bundle is refused as revoked, kit proof or not.
        try old.store.add(LedgerItem.recordType, Bodies.ledgerItem(2), unit: Self.unit)
        let later = try BundleExporter(store: old.store).bundle()
        let reason = try #require(refusalReason(BundleImporter(store: bureau.store).importBundle(later.data)))
        #expect(reason.en.contains("revoked"), "\(reason.en)")
    }

    @Test func aForgedKitIsRefusedAndCreatesNothing() throws {
        let bureau = try bureau()
        let kit = try bureau.issueKit(unit: Self.unit).data
        // Another unit's name written into the signed part.
        let forged = Data(String(decoding: kit, as: UTF8.self).replacingOccurrences(of: Self.unit, with: "school-no2-high").utf8)
        let error = try #require(throws: KitError.self) { try self.unit(from: forged, name: "forged") }
        #expect(error.message.en.contains("signature does not verify"))
        #expect(error.message.zh.contains("签名无效"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("forged").path))
        // Not a kit at all.
        let junk = try #require(throws: KitError.self) { try self.unit(from: Data("{\"kit\": 1}".utf8), name: "junk") }
        #expect(junk.message.en.contains("not a Dudao enrolment kit"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("junk").path))
    }

    @Test func aKitFromAnotherBureauOrAForgedProofIsRefusedAtTheBureau() throws {
        let bureau = try bureau()
        _ = try bureau.issueKit(unit: Self.unit)
        // A kit that someone signed with a key of their own: the unit trusts it, the bureau never issued it.
        let impostor = try self.bureau(name: "impostor")
        let stranger = try self.unit(from: try impostor.issueKit(unit: Self.unit).data, name: "stranger")
        let before = try BureauState(bureau.store)
        let outcome = BundleImporter(store: bureau.store).importBundle(try BundleExporter(store: stranger.store).bundle().data)
        #expect(try #require(refusalReason(outcome)).en.contains("never issued the kit"))
        #expect(try BureauState(bureau.store) == before)

        // A proof made with a guessed code for a real kit.
        let real = try bureau.issueKit(unit: "school-no2-high")
        let guesser = try self.unit(from: try impostor.issueKit(unit: "school-no2-high").data, name: "guesser")
        let guessed = EnrolmentKit(format: EnrolmentKit.formatName, kitID: real.kit.kitID, campaignID: bureau.campaign.id, campaign: "",
                                   unit: "school-no2-high", bureau: .init(node: "", publicKey: "", keyID: ""),
                                   code: EnrolmentKit.newCode().base64EncodedString(), issuedMs: 0, expiresMs: 0)
        let claim = try guessed.claim(for: guesser.identity.publicKey)
        try guesser.store.adoptKit(bureauKey: bureau.identity.publicKey, claim: String(decoding: try JSONEncoder().encode(claim), as: UTF8.self),
                                   address: nil)
        let before2 = try BureauState(bureau.store)
        let refused = BundleImporter(store: bureau.store).importBundle(try BundleExporter(store: guesser.store).bundle().data)
        let reason = try #require(refusalReason(refused))
        #expect(reason.en.contains("does not match the code"))
        #expect(try BureauState(bureau.store) == before2)
        #expect(try bureau.store.issuedKit(real.kit.kitID)?.spentKeyID == nil)
    }

    @Test func anExpiredKitIsRefusedAtTheUnitAndAtTheBureau() throws {
        let issuedOn = Self.clock("2017-04-10")
        let bureau = try bureau(issuedOn)
        let kit = try bureau.issueKit(unit: Self.unit, expires: LocalDate("2017-04-12"))
        // Taken the day after its last day: refused, nothing made.
        let late = try #require(throws: KitError.self) { try self.unit(from: kit.data, name: "late", Self.clock("2017-04-13")) }
        #expect(late.message.en.contains("expired"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("late").path))
        // Taken in time, but its first bundle reaches the bureau too late.
        let unit = try self.unit(from: kit.data, name: "in-time", Self.clock("2017-04-12"))
        let data = try BundleExporter(store: unit.store).bundle().data
        let laterBureau = try Store.open(at: bureau.store.directory, registry: SyncLab.registry, environment: Self.clock("2017-04-14"))
        let before = try BureauState(laterBureau)
        let outcome = BundleImporter(store: laterBureau).importBundle(data)
        let reason = try #require(refusalReason(outcome))
        #expect(reason.en.contains("expired"))
        #expect(try BureauState(laterBureau) == before)
        // An expiry before today is not issued.
        #expect(throws: DudaoError.self) { try bureau.issueKit(unit: Self.unit, expires: LocalDate("2017-04-09")) }
    }

    @Test func aKitForAnotherCampaignIsRefusedAtTheBureau() throws {
        let bureau = try bureau()
        var object = try JSONSerialization.jsonObject(with: try SyncLab.campaignData) as! [String: Any]
        object["id"] = "another-campaign-2018"
        let other = try self.bureau(campaign: try JSONSerialization.data(withJSONObject: object), name: "other-bureau")
        let unit = try self.unit(from: try other.issueKit(unit: Self.unit).data)
        #expect(unit.campaign.id == "another-campaign-2018")
        let before = try BureauState(bureau.store)
        let outcome = BundleImporter(store: bureau.store).importBundle(try BundleExporter(store: unit.store).bundle().data)
        let reason = try #require(refusalReason(outcome))
        #expect(reason.en.contains("campaign another-campaign-2018"))
        #expect(try BureauState(bureau.store) == before)
    }

    @Test func verifyingAKitBundleEnrolsNothing() throws {
        let bureau = try bureau()
        let unit = try self.unit(from: try bureau.issueKit(unit: Self.unit).data)
        let data = try BundleExporter(store: unit.store).bundle().data
        let before = try BureauState(bureau.store)
        _ = try BundleImporter(store: bureau.store).verify(data)
        #expect(try BureauState(bureau.store) == before)
    }

    @Test func theTwoTripEnrolmentStillWorks() throws {
        let lab = try SyncLab(units: [Self.unit])
        try lab.unit(Self.unit).add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.unit)
        let header = try BundleExporter(store: lab.unit(Self.unit)).bundle().header
        #expect(header.enrolment == nil)
        guard case .applied = try lab.sendToBureau(from: Self.unit) else { Issue.record("refused"); return }
    }
}
