import Foundation

extension Registrar {
    /// Characters that do not look alike (no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B); the renderer draws these.
    static let captchaAlphabet = Array("ACDEFGHJKMNPRTUVWXY345679")
}

extension SMSCodeService {
    /// A new captcha: its id and the answer to render. Only the answer's hash is stored.
    public func issueCaptcha() throws -> (id: String, answer: String) {
        let now = clock.now()
        let answer = String(
            (0..<settings.captchaLength).map { _ in
                Registrar.captchaAlphabet[Int(random.uniform(UInt32(Registrar.captchaAlphabet.count)))]
            })
        let id = random.bytes(16).map { String(format: "%02x", $0) }.joined()
        try store.write { tx in
            try tx.insertCaptcha(
                Captcha(
                    id: id, answerHash: digests.secretHash("captcha|\(id)|\(answer)"), createdAt: now,
                    expiresAt: now.addingTimeInterval(Double(settings.captchaSeconds))))
        }
        return (id, answer)
    }

    /// Checks a captcha answer (case-insensitive) and uses it up, right or wrong: a captcha is
    /// good for one attempt only.
    public func consumeCaptcha(id: String, answer: String) throws {
        let now = clock.now()
        let invalid = RegistrarError.invalid(.captchaInvalid, "验证码错误或已过期，请刷新后重试", field: "captchaAnswer")
        guard id.count == 32, id.allSatisfy(\.isHexDigit) else { throw invalid }
        let ok = try store.write { tx -> Bool in
            guard let captcha = try tx.captcha(id: id), captcha.expiresAt > now, try tx.consumeCaptcha(id: id, at: now) else {
                return false
            }
            return digests.secretHash("captcha|\(id)|\(answer.uppercased())") == captcha.answerHash
        }
        guard ok else { throw invalid }
    }
}
