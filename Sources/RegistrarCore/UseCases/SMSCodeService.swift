import Foundation

/// Codes sent by text message and captchas: the proofs of a phone and of a person at a keyboard.
public struct SMSCodeService: UseCaseService {
    let unit: UnitOfWork
    let settings: Settings
    let random: any RandomSource
    /// Sends a six-digit code to a phone for one purpose. At most one send per `resend_seconds`, at
    /// most `daily_cap` a day per phone. Returns when the code expires.
    ///
    /// For `.filing` the phone is the applicant's registered one; for `.phoneChange` the new phone
    /// (refused when it is the account's own); for `.registration`, the phone being registered.
    @discardableResult
    public func sendSMSCode(to rawPhone: String, purpose: SMSPurpose, actor: Actor = .anonymous) throws -> Date {
        let phone = try MobileNumber.parse(rawPhone)
        let now = clock.now()
        var code = ""
        for _ in 0..<6 { code += String(random.uniform(10)) }
        let expires = now.addingTimeInterval(Double(settings.smsCodeMinutes) * 60)
        let sentCode = code
        try change { work in
            let tx = work.tx
            // A new phone that is the account's own would waste a message of the day's cap.
            if purpose == .phoneChange, case .applicant(let id) = actor, try tx.applicant(id: id)?.phone == phone {
                throw RegistrarError.samePhone(field: "phone")
            }
            if let last = try tx.latestSMSCode(phone: phone.value, purpose: purpose),
                now.timeIntervalSince(last.createdAt) < Double(settings.smsResendSeconds)
            {
                throw RegistrarError.rateLimited(.smsTooSoon, "验证码发送过于频繁，请\(settings.smsResendSeconds)秒后再试", field: "phone")
            }
            let dayStart = today().startInstant
            guard try tx.countSMSCodes(phone: phone.value, since: dayStart) < settings.smsDailyCap else {
                throw RegistrarError.rateLimited(.smsDailyCap, "该手机号今日获取验证码次数已达上限", field: "phone")
            }
            _ = try tx.insertSMSCode(
                SMSCode(
                    phone: phone.value, purpose: purpose, codeHash: digests.secretHash(codeSecret(sentCode, phone.value, purpose)),
                    createdAt: now, expiresAt: expires))
            try work.message(
                phone, "您的验证码为\(sentCode)，\(settings.smsCodeMinutes)分钟内有效，请勿告诉他人。", secret: sentCode, expiresAt: expires)
            work.record(
                actor, .smsCodeSent, object: "phone", id: phone.masked, detail: purpose.rawValue,
                applicant: { if case .applicant(let id) = actor { return id } else { return nil } }())
        }
        return expires
    }

    /// The value hashed for an SMS code: bound to phone and purpose, so a code proves nothing else.
    func codeSecret(_ code: String, _ phone: String, _ purpose: SMSPurpose) -> String {
        "sms|\(purpose.rawValue)|\(phone)|\(code)"
    }

    /// Checks and consumes a code inside a unit of work. Wrong codes count attempts; the fifth
    /// wrong attempt burns the code. A consumed, expired or foreign code never passes.
    func consumeSMSCode(_ code: String, phone: MobileNumber, purpose: SMSPurpose, work: Work, field: String = "smsCode") throws {
        let invalid = RegistrarError.invalid(.smsCodeInvalid, "短信验证码错误或已失效", field: field)
        guard var stored = try work.tx.latestSMSCode(phone: phone.value, purpose: purpose), stored.consumedAt == nil,
            stored.expiresAt > work.now, stored.attempts < settings.smsMaxAttempts
        else { throw invalid }
        let digits = code.trimmingCharacters(in: .whitespaces)
        if digests.secretHash(codeSecret(digits, phone.value, purpose)) == stored.codeHash {
            stored.consumedAt = work.now
            try work.tx.updateSMSCode(stored)
            return
        }
        // A wrong attempt must count even though the use case fails: recorded after the rollback.
        stored.attempts += 1
        let failed = stored
        work.onRollback.append { try $0.updateSMSCode(failed) }
        throw invalid
    }
}
