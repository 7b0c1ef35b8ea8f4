import RegistrarCore

/// The three files an administrator imports, with the header each must start with (docs/domain-rules.md,
/// "Data that comes from outside").
public enum ImportKind: String, CaseIterable, Sendable, Codable {
    case enterprises, qualifications, holidays

    public var header: [String] {
        switch self {
        case .enterprises: return ["credit_code", "name", "province_code", "status"]
        case .qualifications: return ["id_number", "name", "kind", "specialty", "certificate_no", "issued_on"]
        case .holidays: return ["date", "kind"]
        }
    }

    public var chinese: String {
        switch self {
        case .enterprises: return "企业"
        case .qualifications: return "资格"
        case .holidays: return "节假日"
        }
    }

    /// What makes two rows the same row (the store's upsert key), in words for a duplicate's report.
    var keyDescription: String {
        switch self {
        case .enterprises: return "统一社会信用代码相同"
        case .qualifications: return "身份证号码、资格类型和专业相同"
        case .holidays: return "日期相同"
        }
    }
}
