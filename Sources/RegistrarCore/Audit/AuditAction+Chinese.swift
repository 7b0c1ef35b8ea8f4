import Foundation

extension AuditAction {
    /// What the action is called where a person reads it (the applicant's 操作轨迹).
    public var chinese: String {
        switch self {
        case .accountPasswordChangeFailed: return "修改密码失败"
        case .accountPasswordChanged: return "修改密码"
        case .accountPhoneChanged: return "修改手机"
        case .accountProfileCompleted: return "完善个人基本信息"
        case .accountRegistered: return "用户注册"
        case .accountRegistrationAttempted: return "他人尝试以您的证件号码注册"
        case .applicantIdentityChanged: return "个人信息变更"
        case .attachmentUploaded: return "上传附件"
        case .authConsoleLogin: return "工作人员登录"
        case .authConsoleLoginFailed: return "工作人员登录失败"
        case .authConsoleLoginRefused: return "工作人员登录被拒绝"
        case .authConsoleLogout: return "工作人员退出"
        case .authLogin: return "登录"
        case .authLoginFailed: return "登录失败"
        case .authLoginLocked: return "账号锁定"
        case .authLogout: return "退出登录"
        case .authzNotOwner: return "越权访问被拒绝"
        case .authzRefusalsSuppressed: return "越权访问被拒绝（合并记录）"
        case .authzRoleMissing: return "无权限操作被拒绝"
        case .authzSeparationOfDuties: return "同一人办理相邻环节被拒绝"
        case .certificateDownloaded: return "下载电子证书"
        case .certificateExported: return "导出电子证书"
        case .certificateIssued: return "核发证书"
        case .registrationSuperseded: return "临时注册由正式注册取代"
        case .databaseRestored: return "恢复数据库"
        case .filingSubmitted, .filingSubmit: return "提交申报"
        case .filingWithdrawn, .filingWithdraw: return "撤回申报"
        case .filingResubmitted, .filingResubmit: return "补正后重新提交"
        case .filingAccept: return "受理"
        case .filingReturn: return "退回补正"
        case .filingRefuse: return "不予注册"
        case .filingReview: return "审查"
        case .filingApprove: return "审批"
        case .filingIssue: return "发证"
        case .filingDeemAccept: return "逾期视为受理"
        case .filingLapse: return "补正期满失效"
        case .dutyNoticeSent: return "发送提醒短信"
        case .dutyExpiredPurged: return "清除过期数据"
        case .retentionScansRemoved: return "删除逾期证件图像"
        case .keyBackup: return "备份密钥"
        case .keyRestored: return "恢复密钥"
        case .keySigningRotated: return "更换签名密钥"
        case .importEnterprises: return "导入企业信息"
        case .importQualifications: return "导入资格信息"
        case .importHolidays: return "导入节假日"
        case .officialCreated: return "创建工作人员账号"
        case .officialDisabled: return "停用工作人员账号"
        case .officialEnabled: return "启用工作人员账号"
        case .officialRolesChanged: return "变更工作人员权限"
        case .officialPasswordReset: return "重置工作人员密码"
        case .officialPasswordChanged: return "工作人员修改密码"
        case .piiIdNumberRevealed: return "查看完整证件号码"
        case .smsCodeSent: return "发送短信验证码"
        case .verificationCallbackRejected: return "在线认证回调被拒绝"
        case .verificationOnSiteRefused: return "现场认证未通过"
        case .verificationOnSiteRequested: return "申请现场认证"
        case .verificationOnSiteVerified: return "现场认证通过"
        case .verificationOnlineRefused: return "在线认证未通过"
        case .verificationOnlineStarted: return "发起在线认证"
        case .verificationOnlineVerified: return "在线认证通过"
        }
    }
}

extension AuditEvent.Result {
    /// 成功, 被拒绝, 失败.
    public var chinese: String {
        switch self {
        case .ok: return "成功"
        case .denied: return "被拒绝"
        case .failed: return "失败"
        }
    }
}
