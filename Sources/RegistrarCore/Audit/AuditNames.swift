import Foundation

/// Names the actors and objects of audit events for officials to read, looking each person up once
/// per page: an official by name and user name, an applicant by name and masked ID number, a filing
/// by its number, anything else by what it is and its id.
struct AuditNames {
    let tx: any StoreTransaction
    private var officials: [Int64: String] = [:]
    private var applicants: [Int64: String] = [:]

    init(tx: any StoreTransaction) { self.tx = tx }

    /// Who acted: `王受理（wang.sl）`, `申请人 张伟 110101**********1014`, `系统`, `系统管理员 root`, `匿名 203.0.113.9`.
    mutating func actor(_ event: AuditEvent) throws -> String {
        switch ActorKind(rawValue: event.actorKind) {
        case .official?:
            guard let id = Int64(event.actorId) else { return "工作人员 " + event.actorId }
            return try official(id)
        case .applicant?:
            guard let id = Int64(event.actorId) else { return "申请人 " + event.actorId }
            return try applicant(id)
        case let kind?:
            return event.actorId.isEmpty ? kind.chinese : "\(kind.chinese) \(event.actorId)"
        case nil:
            return event.actorId.isEmpty ? event.actorKind : "\(event.actorKind) \(event.actorId)"
        }
    }

    /// What was acted on: `申报 12`, `申请人 张伟 110101**********1014`, `工作人员 王受理（wang.sl）`, `附件 7`, `依职权处理提议 3`, ….
    mutating func object(_ event: AuditEvent) throws -> String {
        let id = event.objectId
        switch event.objectType {
        case "filing": return "申报 " + id
        case "applicant":
            guard let number = Int64(id) else { return "申请人 " + id }
            return try applicant(number)
        case "official":
            guard let number = Int64(id) else { return "工作人员 " + id }
            return "工作人员 " + (try official(number))
        case "attachment": return "附件 " + id
        case "registration": return "注册 " + id
        case "exofficio": return "依职权处理提议 " + id
        case "certificate": return "电子证书 " + id
        case "phone": return "手机号 " + id
        case "file": return "文件 " + id
        case "signing_key": return "签名密钥 " + id
        case "store": return "数据库"
        case "audit": return "审计日志"
        case "callback": return "认证回调 " + id
        case "role": return "权限 " + (OfficialRole(rawValue: id)?.chinese ?? id)
        default: return id.isEmpty ? event.objectType : "\(event.objectType) \(id)"
        }
    }

    private mutating func official(_ id: Int64) throws -> String {
        if let known = officials[id] { return known }
        let name = try tx.official(id: id).map { "\($0.name)（\($0.username)）" } ?? "工作人员 #\(id)"
        officials[id] = name
        return name
    }

    private mutating func applicant(_ id: Int64) throws -> String {
        if let known = applicants[id] { return known }
        // A row that does not decode is named by its id, not left out: the event stays readable.
        let name: String
        if let applicant = try? tx.applicant(id: id) {
            name = "申请人 \(applicant.name) \(applicant.idNumber.masked)"
        } else {
            name = "申请人 #\(id)"
        }
        applicants[id] = name
        return name
    }
}
