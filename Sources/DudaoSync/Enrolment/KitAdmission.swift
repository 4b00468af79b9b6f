import DudaoKernel
import DudaoStore
import Foundation

/// At the bureau: enrols the key of a unit's bundle that carries proof of an enrolment kit
/// (`enrolment` in its header), when the key is not enrolled yet. The proof must be made with the
/// code of a kit this bureau issued for that unit and campaign, unexpired and unused; then the key
/// is enrolled and the kit spent, in one transaction, before the bundle is imported as usual.
/// Any failure refuses the bundle with its reason and stores nothing.
struct KitAdmission: Sendable {
    let store: Store

    /// The enrolment `file`'s claim earns; nil when it carries none. `commit` false checks the
    /// claim without enrolling (`dudao bundle verify`).
    func admit(_ file: BundleFile, commit: Bool) throws -> Enrolment? {
        let header = file.header
        guard let claim = header.enrolment else { return nil }
        func refuse(_ zh: String, _ en: String) -> BundleError {
            BundleError(.unenrolledKey, "密钥 \(header.sender.keyID) 未登记，随附的登记包凭证无效：\(zh)",
                        "the key \(header.sender.keyID) is not enrolled, and its enrolment-kit proof fails: \(en)")
        }
        guard store.identity.isBureau, let unit = header.sender.unit else {
            throw refuse("只有教育局按登记包登记单位密钥", "only the bureau enrols a unit's key by kit")
        }
        guard let publicKey = Data(base64Encoded: claim.publicKey), publicKey.count == 32,
              NodeIdentity.keyID(of: publicKey) == header.sender.keyID else {
            throw refuse("凭证中的公钥与签发密钥不符", "the proof's public key is not the signing key")
        }
        // The bundle must be signed by the key it asks to enrol.
        try file.verify(publicKey: publicKey)
        guard header.campaign == store.campaign.id else {
            throw refuse("数据包属于活动 \(header.campaign)，本局的活动是 \(store.campaign.id)",
                         "the bundle belongs to campaign \(header.campaign); this bureau runs \(store.campaign.id)")
        }
        guard let kit = try store.issuedKit(claim.kit) else {
            throw refuse("本局没有签发过登记包 \(claim.kit)（可能是另一个活动或另一教育局的）",
                         "this bureau never issued the kit \(claim.kit) (another campaign's or another bureau's?)")
        }
        guard kit.unit == unit else {
            throw refuse("登记包 \(kit.kitID) 是签发给 \(kit.unit) 的，数据包却来自 \(unit)",
                         "the kit \(kit.kitID) was issued to \(kit.unit), but the bundle comes from \(unit)")
        }
        if let spent = kit.spentKeyID, spent != header.sender.keyID {
            throw refuse("登记包 \(kit.kitID) 的登记码已于 \(EnrolmentKit.day(kit.spentMs ?? 0)) 用过（密钥 \(spent)），每个登记包只能用一次",
                         "the code of kit \(kit.kitID) was already used on \(EnrolmentKit.day(kit.spentMs ?? 0)) (by key \(spent)); a kit enrols once")
        }
        guard kit.spentKeyID != nil || store.environment.now() < kit.expiresMs else {
            throw refuse("登记包 \(kit.kitID) 已于 \(EnrolmentKit.day(kit.expiresMs)) 过期", "the kit \(kit.kitID) expired on \(EnrolmentKit.day(kit.expiresMs))")
        }
        guard claim.verifies(codeKey: kit.codeKey, campaign: store.campaign.id, unit: unit) else {
            throw refuse("凭证与登记包 \(kit.kitID) 的登记码不符（伪造或被改动）",
                         "the proof does not match the code of kit \(kit.kitID) (forged or altered)")
        }
        guard commit else { return Enrolment(unit: unit, publicKey: publicKey) }
        do {
            return try store.enrolByKit(kitID: kit.kitID, publicKey: publicKey)
        } catch let failure as any DudaoFailure {
            throw refuse(failure.message.zh, failure.message.en)
        }
    }
}
