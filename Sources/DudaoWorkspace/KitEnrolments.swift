import DudaoKernel
import DudaoStore

/// What an import enrolled by kit, said so that the bureau checks it by phone.
public enum KitEnrolments {
    /// The keys in `after` that were not in `before`: one sentence each, with the unit and the
    /// fingerprint the unit's `dudao init --kit` showed.
    public static func announce(before: [Enrolment], after: [Enrolment], language: Language) -> [String] {
        let known = Set(before.map(\.keyID))
        return after.filter { !known.contains($0.keyID) && $0.unit != nil }.map { enrolment in
            let text = LocalizedText(
                zh: "已按登记包登记 \(enrolment.unit ?? "") 的密钥，指纹 \(Fingerprint.grouped(enrolment.keyID))；请电话请单位核对其 dudao init 显示的指纹",
                en: "enrolled the key of \(enrolment.unit ?? "") by its kit, fingerprint \(Fingerprint.grouped(enrolment.keyID)); phone the unit to check it against what its dudao init showed")
            return text(language)
        }
    }
}
