import Foundation
import RegistrarCore

/// How values read on screen, in Chinese.
enum ConsoleFormat {
    /// `yyyy-MM-dd HH:mm` in Asia/Shanghai.
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDate.zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// Working days left of a deadline (deadlines count working days, not calendar days): `剩3个工作日`, `今日到期`,
    /// `逾期2个工作日`.
    static func daysLeft(_ deadline: Deadline?) -> String {
        guard let deadline else { return "-" }
        if deadline.workingDaysLeft < 0 { return "逾期\(-deadline.workingDaysLeft)个工作日" }
        if deadline.workingDaysLeft == 0 { return "今日到期" }
        return "剩\(deadline.workingDaysLeft)个工作日"
    }

    static func deadlineStyle(_ deadline: Deadline?) -> TextStyle {
        guard let deadline else { return .dim }
        if deadline.overdue { return .error }
        return deadline.workingDaysLeft <= Registrar.dueSoonWorkingDays ? .warning : .normal
    }

    /// Bytes as people read them.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_048_576 { return String(format: "%.1f MB", Double(bytes) / 1_048_576) }
        if bytes >= 1024 { return String(format: "%.1f KB", Double(bytes) / 1024) }
        return "\(bytes) B"
    }

    /// A stage as a queue on the home screen.
    static func queueName(_ stage: FilingStage) -> String {
        switch stage {
        case .approved: return "已审批待发证"
        case .returned: return "退回补正（待申请人）"
        default: return stage.chinese
        }
    }

    /// Two-character kind names for the home screen's table.
    static func shortKind(_ kind: FilingKind) -> String {
        switch kind {
        case .initial: return "初始"
        case .change: return "变更"
        case .additional: return "增项"
        case .continuation: return "延续"
        case .cancellation: return "注销"
        case .reRegistration: return "重新"
        case .replacement: return "换证"
        case .personalInfo: return "信息"
        }
    }

    /// The standing as the certificates list shows it (8 columns): 注册失效 alone when the employer
    /// lapsed; the reason is on the detail under the list.
    static func standing(_ standing: Registration.Standing) -> String {
        if case .employerLapsed = standing { return "注册失效" }
        if standing == .superseded { return "已被取代" }
        return standing.chinese
    }

    /// A registration's recorded status on the filing screen.
    static func registrationStatus(_ status: Registration.Status) -> String {
        switch status {
        case .active: return "有效"
        case .cancelled: return "已注销"
        case .superseded: return "已由正式注册取代"
        case .revoked: return "已撤销"
        }
    }

    static func verification(_ status: VerificationStatus) -> String {
        switch status {
        case .none: return "未认证"
        case .pendingOnSite: return "待现场认证"
        case .pendingOnline: return "在线认证中"
        case .verified: return "已认证"
        case .refused: return "认证未通过"
        }
    }

    /// `MM-dd HH:mm` in Asia/Shanghai (a list at 80 columns; the detail has the whole time).
    static func shortTime(_ date: Date) -> String { String(time(date).dropFirst(5)) }

    /// `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai.
    static func seconds(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = CalendarDate.zone
        let second = calendar.component(.second, from: date)
        return time(date) + String(format: ":%02d", second)
    }

    /// The audit log's filter in one line: `筛选：操作人 wang · 申报办理 · 申报 12 · 2026-12-01至2026-12-03 · 拒绝`.
    static func auditFilter(_ filter: AuditLogFilter) -> String {
        var parts: [String] = []
        if let who = filter.officialUsername { parts.append("操作人 \(who)") }
        if let area = filter.area { parts.append(area.chinese) }
        if let filing = filter.filingId { parts.append("申报 \(filing)") }
        if filter.from != nil || filter.to != nil { parts.append("\(filter.from?.description ?? "")至\(filter.to?.description ?? "")") }
        if let result = filter.result { parts.append(result.chinese) }
        return parts.isEmpty ? "全部事件（f 筛选）" : "筛选：" + parts.joined(separator: " · ")
    }
}
