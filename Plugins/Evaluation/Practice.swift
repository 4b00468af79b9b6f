import DudaoKernel

/// A good practice turned into a lasting mechanism or rule (建章立制, clause 5.1).
public struct Practice: RecordBody, Hashable {
    public static let recordType = "evaluation/practice"
    public static let title = LocalizedText(zh: "长效制度机制", en: "lasting practice or institution")

    /// What the practice became.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A working mechanism (机制).
        case mechanism
        /// A written rule or regulation (制度).
        case rule
        /// A good practice summarised for others (经验做法).
        case practice

        public var title: LocalizedText {
            switch self {
            case .mechanism: LocalizedText(zh: "机制", en: "mechanism")
            case .rule: LocalizedText(zh: "制度", en: "rule")
            case .practice: LocalizedText(zh: "经验做法", en: "practice")
            }
        }
    }

    public var title: String
    public var adoptedOn: LocalDate
    /// The document's title or the hash of its file.
    public var document: String
    public var kind: Kind

    public init(title: String, adoptedOn: LocalDate, document: String, kind: Kind) {
        self.title = title
        self.adoptedOn = adoptedOn
        self.document = document
        self.kind = kind
    }

    public static var example: Practice {
        Practice(title: "校领导包年级包学科工作机制", adoptedOn: LocalDate(year: 2017, month: 9, day: 1)!,
                 document: "《关于实行校级领导包年级包学科的实施意见》", kind: .mechanism)
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(title, at: "title")
        check.nonEmpty(document, at: "document")
        check.date(adoptedOn, at: "adoptedOn", inWindowOf: "5.1")
    }
}
