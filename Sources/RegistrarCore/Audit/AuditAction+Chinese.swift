import Foundation

extension AuditAction {
    /// What the action is called on screen (the console's audit log): every case has a label, so a new
    /// action does not compile without one.
    public var chinese: String {
        switch self {
        case .accountPasswordChangeFailed: return "修改密码失败"
        case .accountPasswordChanged: return "修改密码"
        case .accountPhoneChanged: return "更换手机号"
        case .accountProfileCompleted: return "完善个人信息"
        case .accountRegistered: return "注册账户"
        case .accountRegistrationAttempted: return "他人尝试以本证件号码注册"
        case .applicantIdentityChanged: return "更正身份信息"
        case .attachmentUploaded: return "上传附件"
        case .attachmentAdopted: return "启用新认证图片"
        case .authConsoleLogin: return "控制台登录"
        case .authConsoleLoginFailed: return "控制台登录失败"
        case .authConsoleLoginRefused: return "控制台登录被拒"
        case .authConsoleLogout: return "控制台退出"
        case .authConsoleSecondFactorFailed: return "动态口令错误"
        case .authLogin: return "登录"
        case .authLoginFailed: return "登录失败"
        case .authLoginLocked: return "登录锁定"
        case .authLogout: return "退出登录"
        case .authzNotOwner: return "越权访问"
        case .authzRefusalsSuppressed: return "越权访问汇总"
        case .authzRoleMissing: return "无权限操作"
        case .authzSeparationOfDuties: return "违反职责分离"
        case .certificateDownloaded: return "下载电子证书"
        case .certificateExported: return "导出电子证书"
        case .certificateIssued: return "核发证书"
        case .decisionPrinted: return "打印决定文书"
        case .registrationSuperseded: return "被正式注册取代"
        case .exOfficioProposed: return "提议依职权注销、撤销或更正"
        case .exOfficioApproved: return "批准依职权处理"
        case .exOfficioRejected: return "驳回依职权处理提议"
        case .databaseRestored: return "恢复数据库"
        case .databaseCopied: return "迁移数据库至 PostgreSQL"
        case .filingSubmitted: return "提交申报"
        case .filingWithdrawn: return "撤回申报"
        case .filingResubmitted: return "补正后重新提交"
        case .filingSubmit: return "申报提交"
        case .filingWithdraw: return "申报撤回"
        case .filingAccept: return "受理"
        case .filingReturn: return "退回补正"
        case .filingResubmit: return "补正重新提交"
        case .filingRefuse: return "不予注册"
        case .filingReview: return "审查通过"
        case .filingApprove: return "审批通过"
        case .filingIssue: return "发证"
        case .filingDeemAccept: return "逾期视为受理"
        case .filingLapse: return "补正期满失效"
        case .dutyNoticeSent: return "发送到期提醒"
        case .dutyExpiredPurged: return "清理过期数据"
        case .retentionScansRemoved: return "删除过期扫描件"
        case .keyBackup: return "备份密钥"
        case .keyRestored: return "恢复密钥"
        case .keySigningRotated: return "更换签名密钥"
        case .keySealingRotated: return "更换密封密钥"
        case .importEnterprises: return "导入企业"
        case .importQualifications: return "导入资格"
        case .importHolidays: return "导入节假日"
        case .officialCreated: return "创建工作人员"
        case .officialDisabled: return "停用工作人员"
        case .officialEnabled: return "启用工作人员"
        case .officialRolesChanged: return "变更人员权限"
        case .officialPasswordReset: return "重置人员密码"
        case .officialPasswordChanged: return "工作人员改密码"
        case .officialSecondFactorEnrolled: return "绑定动态口令"
        case .officialSecondFactorReset: return "重置动态口令"
        case .piiIdNumberRevealed: return "查看证件号码"
        case .smsCodeSent: return "发送短信验证码"
        case .verificationCallbackRejected: return "拒绝认证回调"
        case .verificationOnSiteRefused: return "现场认证不通过"
        case .verificationOnSiteRequested: return "申请现场认证"
        case .verificationOnSiteVerified: return "现场认证通过"
        case .verificationOnlineRefused: return "在线认证不通过"
        case .verificationOnlineStarted: return "发起在线认证"
        case .verificationOnlineVerified: return "在线认证通过"
        }
    }

    /// The label of a stored action: its Chinese name, or the stored code itself for one this release does not know.
    public static func chinese(_ stored: String) -> String { AuditAction(rawValue: stored)?.chinese ?? stored }

    /// The kind of thing done, for the audit log's filter (every action is in exactly one).
    public var area: AuditArea {
        switch self {
        case .filingSubmitted, .filingWithdrawn, .filingResubmitted, .filingSubmit, .filingWithdraw, .filingAccept, .filingReturn,
            .filingResubmit, .filingRefuse, .filingReview, .filingApprove, .filingIssue, .filingDeemAccept, .filingLapse,
            .decisionPrinted:
            return .filings
        case .certificateDownloaded, .certificateExported, .certificateIssued, .registrationSuperseded, .exOfficioProposed,
            .exOfficioApproved, .exOfficioRejected:
            return .certificates
        case .verificationCallbackRejected, .verificationOnSiteRefused, .verificationOnSiteRequested, .verificationOnSiteVerified,
            .verificationOnlineRefused, .verificationOnlineStarted, .verificationOnlineVerified:
            return .identity
        case .piiIdNumberRevealed:
            return .personalData
        case .authConsoleLogin, .authConsoleLoginFailed, .authConsoleLoginRefused, .authConsoleLogout, .authConsoleSecondFactorFailed,
            .authLogin, .authLoginFailed, .authLoginLocked, .authLogout:
            return .logins
        case .authzNotOwner, .authzRefusalsSuppressed, .authzRoleMissing, .authzSeparationOfDuties:
            return .refusals
        case .accountPasswordChangeFailed, .accountPasswordChanged, .accountPhoneChanged, .accountProfileCompleted, .accountRegistered,
            .accountRegistrationAttempted, .applicantIdentityChanged, .attachmentUploaded, .attachmentAdopted, .smsCodeSent:
            return .accounts
        case .officialCreated, .officialDisabled, .officialEnabled, .officialRolesChanged, .officialPasswordReset,
            .officialPasswordChanged, .officialSecondFactorEnrolled, .officialSecondFactorReset:
            return .officials
        case .databaseRestored, .databaseCopied, .dutyNoticeSent, .dutyExpiredPurged, .retentionScansRemoved, .keyBackup, .keyRestored,
            .keySigningRotated, .keySealingRotated, .importEnterprises, .importQualifications, .importHolidays:
            return .system
        }
    }
}

/// The kinds of things done that the audit log's filter offers ("what").
public enum AuditArea: String, Sendable, CaseIterable {
    case filings, certificates, identity, personalData, logins, refusals, accounts, officials, system

    public var chinese: String {
        switch self {
        case .filings: return "申报办理"
        case .certificates: return "证书"
        case .identity: return "身份认证"
        case .personalData: return "查看个人信息"
        case .logins: return "登录与退出"
        case .refusals: return "越权与拒绝"
        case .accounts: return "申请人账户"
        case .officials: return "工作人员管理"
        case .system: return "系统维护"
        }
    }

    /// The actions of the area.
    public var actions: [AuditAction] { AuditAction.allCases.filter { $0.area == self } }
}

extension ActorKind {
    public var chinese: String {
        switch self {
        case .applicant: return "申请人"
        case .official: return "工作人员"
        case .administrator: return "系统管理员"
        case .system: return "系统"
        case .anonymous: return "匿名"
        case .identityProvider: return "身份认证服务"
        }
    }
}

extension AuditEvent.Result {
    public var chinese: String {
        switch self {
        case .ok: return "成功"
        case .denied: return "拒绝"
        case .failed: return "失败"
        }
    }
}
