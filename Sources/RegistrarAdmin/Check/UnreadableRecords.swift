import Foundation
import RegistrarCore

/// `check`'s part on stored rows that do not decode: every applicant, filing and registration is
/// read back as the use cases read it, and each one that fails is named by table and id.
extension SystemCheck {
    func unreadableRecords() throws -> [UnreadableRecord] {
        try system.runtime.maintenance.unreadableRecords()
    }
}

extension UnreadableRecord {
    /// The record's line for people: what it is and its id, then why (the column, never the value).
    public var problem: String {
        let names = ["applicants": "申请人", "filings": "申报", "registrations": "注册"]
        return "无法读取的记录：\(names[table] ?? table) #\(id)（\(reason)）"
    }
}
