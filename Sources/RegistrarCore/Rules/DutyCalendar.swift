import Foundation

/// What the scheduled duties do, by kind. The raw values are what `duty_notices` stores and what
/// `registrarctl run-duties --json` prints.
public enum DutyKind: String, Sendable, Codable, CaseIterable {
    /// A specialty expires in `duties.expiry_reminder_days` days or fewer.
    case expiryReminder = "expiry-reminder"
    /// The continuation window of a specialty is open.
    case continuationOpen = "continuation-open"
    /// The continuation window closes in `duties.continuation_closing_days` days or fewer.
    case continuationClosing = "continuation-closing"
    /// The registration ends at the holder's birthday at `policy.age_limit`.
    case ageLimit = "age-limit"
    /// The employer went bankrupt, lost its licence or its qualification, or was deregistered.
    case employerLapse = "employer-lapse"
    /// A filing not handled within the acceptance deadline is accepted as of its day of receipt.
    case deemedAcceptance = "deemed-acceptance"
    /// A filing returned for correction and not resubmitted within the correction period lapses.
    case correctionLapse = "correction-lapse"
    /// ID scans of an account never verified are removed after `retention.unverified_scan_days`.
    case scanRemoval = "scan-removal"
    /// Expired sessions, SMS codes, captchas and verification challenges are purged.
    case purge

    public var chinese: String {
        switch self {
        case .expiryReminder: return "到期提醒"
        case .continuationOpen: return "延续注册期开始"
        case .continuationClosing: return "延续注册期将止"
        case .ageLimit: return "年龄届满提醒"
        case .employerLapse: return "聘用单位失效提醒"
        case .deemedAcceptance: return "逾期视为受理"
        case .correctionLapse: return "补正期满失效"
        case .scanRemoval: return "删除未认证账户证件图像"
        case .purge: return "清除过期数据"
        }
    }
}

/// A notice to a registered holder, planned from the calendar: its key names what it is about, so
/// that it is given once however many runs see it.
public struct PlannedNotice: Sendable, Equatable {
    public var kind: DutyKind
    public var key: String
    public var applicantId: Int64
    /// The SMS, without the system's signature.
    public var text: String
}

/// The calendar of a registration: which reminders are due on a day (docs/domain-rules.md,
/// "Scheduled duties"). A reminder is due from its day until the next one's (a run missed for a
/// few days still sends the latest), never before and never after the event it announces.
public enum DutyCalendar {
    /// The notices due today for one registration of an active standing. `employer` is the
    /// registration's current employer: a registration its employer voided (153号令 Art. 16) is not
    /// active, and its holder gets the employer notice instead, not reminders of expiry or age.
    public static func notices(
        registration: Registration, holder: Applicant, employer: Enterprise?, today: CalendarDate, settings: Settings,
        specialtyName: (String) -> String
    ) -> [PlannedNotice] {
        guard registration.standing(on: today, holder: holder.idNumber, employer: employer) == .active else { return [] }
        var notices: [PlannedNotice] = []
        let continuable = settings.allowedKinds[registration.qualification]?.contains(.continuation) ?? false
        let byExpiry = Dictionary(grouping: registration.validSpecialties(on: today), by: \.expiresOn)
        for expiry in byExpiry.keys.sorted() {
            let names = (byExpiry[expiry] ?? []).map { specialtyName($0.key) }.sorted().joined(separator: "、")
            let left = today.days(until: expiry)
            let opens = expiry.adding(days: -settings.continuationOpensDays)
            let closes = expiry.adding(days: -settings.continuationClosesDays)
            if let threshold = settings.expiryReminderDays.sorted().first(where: { left <= $0 }) {
                let advice =
                    continuable && today <= closes
                    ? "请在\(opens)至\(closes)期间申请延续注册。" : "到期后该专业注册失效，请按规定及时办理相关手续。"
                notices.append(
                    PlannedNotice(
                        kind: .expiryReminder, key: "expiry:\(registration.id):\(expiry):\(threshold)", applicantId: holder.id,
                        text: "您的\(registration.qualification.chinese)注册专业（\(names)）有效期至\(expiry)，还有\(left)天到期。" + advice))
            }
            guard continuable, today >= opens, today <= closes else { continue }
            let daysToClose = today.days(until: closes)
            if daysToClose <= settings.continuationClosingDays {
                notices.append(
                    PlannedNotice(
                        kind: .continuationClosing, key: "continuation-closing:\(registration.id):\(expiry)", applicantId: holder.id,
                        text: "您的注册专业（\(names)）延续注册申请期将于\(closes)截止，还有\(daysToClose)天，逾期只能办理重新注册。"))
            } else {
                notices.append(
                    PlannedNotice(
                        kind: .continuationOpen, key: "continuation-open:\(registration.id):\(expiry)", applicantId: holder.id,
                        text: "您的注册专业（\(names)）已进入延续注册申请期（\(opens)至\(closes)），请及时申请延续注册。"))
            }
        }
        let limit = holder.idNumber.birthDate.adding(years: settings.ageLimit)
        let untilLimit = today.days(until: limit)
        if untilLimit > 0, untilLimit <= settings.ageLimitNoticeDays {
            notices.append(
                PlannedNotice(
                    kind: .ageLimit, key: "age-limit:\(holder.id):\(limit)", applicantId: holder.id,
                    text: "您将于\(limit)年满\(settings.ageLimit)周岁，届时您的\(registration.qualification.chinese)注册按规定失效，不再办理注册。"))
        }
        return notices
    }

    /// The notice due when a registration's employer is no longer active: 153号令 Art. 16 voids the
    /// registration with it, and the holder must change employer or re-register. Once per employer
    /// and status.
    public static func employerNotice(registration: Registration, holder: Applicant, employer: Enterprise, today: CalendarDate)
        -> PlannedNotice?
    {
        guard employer.status != .active,
            registration.standing(on: today, holder: holder.idNumber, employer: employer) == .employerLapsed(employer.status)
        else { return nil }
        return PlannedNotice(
            kind: .employerLapse, key: "employer:\(registration.id):\(employer.creditCode.value):\(employer.status.rawValue)",
            applicantId: holder.id,
            text:
                "您的聘用单位（\(employer.name)）状态为“\(employer.status.chinese)”。依《注册建造师管理规定》第十六条，聘用单位破产、被吊销营业执照或资质证书的，注册证书失效，请及时受聘于新单位并办理变更注册或重新注册。"
        )
    }
}

/// The correction period of a returned filing (docs/domain-rules.md, "Scheduled duties").
public enum CorrectionPeriod {
    /// The last day to correct and resubmit: `deadlines.correction_days` after the day the filing
    /// was returned in its current round; nil unless it is returned.
    public static func due(of filing: Filing, events: [FilingEvent], settings: Settings) -> CalendarDate? {
        guard filing.stage == .returned,
            let returned = events.last(where: { $0.filingId == filing.id && $0.action == .return && $0.round == filing.round })
        else { return nil }
        return CalendarDate(returned.at).adding(days: settings.correctionDays)
    }
}
