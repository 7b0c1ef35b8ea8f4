import Foundation
import RegistrarCore
import RegistrarHTTP

struct SMSCodeBody: StrictBody {
    var phone: String
    var purpose: String
}

struct SessionBody: StrictBody {
    var idNumber: String
    var password: String
    var captchaId: String?
    var captchaAnswer: String?
}

struct CaptchaView: Encodable {
    var captchaId: String
    var imagePng: String
    var expiresInSeconds: Int
    /// Present only when the test-only setting is on.
    var answer: String?
}

struct ReferenceEntryView: Encodable {
    var code: String
    var name: String
    var abbreviation: String?
    var coReviewedByOtherMinistry: Bool?
}

struct AgreementView: Encodable {
    var version: String
    var text: String
}

extension RegistrarAPI {
    func addPublic(_ router: inout Router<APIAttributes>) {
        // An image captcha for the login: PNG, single use, short-lived.
        router.post("/api/v1/captchas", options: slowNoBody, middleware: limited(loginLimiter, "captcha"), responses: [.created]) { _, _ in
            let (id, answer) = try self.smsCodes.issueCaptcha()
            let png = try self.captcha.render(answer: answer, seed: self.random.bytes(16))
            return try .created(
                CaptchaView(
                    captchaId: id, imagePng: Data(png).base64EncodedString(), expiresInSeconds: self.settings.captchaSeconds,
                    answer: self.options.exposeCaptchaAnswers ? answer : nil))
        }

        // SMS code for registering a new account (the phone being registered).
        router.post(
            "/api/v1/sms-codes", options: json, middleware: limited(smsLimiter, "sms"),
            responses: [
                .created, .badRequest(Declared.body), .unprocessable(["sms.purpose", "phone.invalid"]),
                .tooManyRequests(Declared.smsLimits),
            ]
        ) { request, _ in
            let body = try StrictJSON.decode(SMSCodeBody.self, from: request)
            guard body.purpose == SMSPurpose.registration.rawValue else {
                throw HTTPError(.unprocessableContent, code: "sms.purpose", message: "未登录时只能获取注册验证码", field: "purpose")
            }
            let expires = try self.smsCodes.sendSMSCode(to: body.phone, purpose: .registration)
            var response = try HTTPResponse.created(["expiresAt": expires])
            response.logFields["phone"] = body.phone
            return response
        }

        // Log in: ID number, password, captcha.
        router.post(
            "/api/v1/sessions", options: slowJSON, middleware: limited(loginLimiter, "login"),
            responses: [.created, .badRequest(Declared.body), .unauthorized(["auth.failed"]), .unprocessable(["captcha.invalid"])]
        ) { request, context in
            let body = try StrictJSON.decode(SessionBody.self, from: request)
            if !self.options.liftLimits {
                guard let id = body.captchaId, let answer = body.captchaAnswer else {
                    throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少字段：captchaAnswer", field: "captchaAnswer")
                }
                try self.smsCodes.consumeCaptcha(id: id, answer: answer)
            }
            let result: LoginResult
            do {
                result = try self.sessions.loginApplicant(
                    idNumber: body.idNumber, password: body.password, address: context.remoteAddress)
            } catch {
                var failed = ErrorEnvelope.http(for: error).response
                failed.logFields["idNumber"] = body.idNumber
                return failed
            }
            guard case .applicant(let applicant) = result.principal else { throw HTTPError.serverFailure }
            var response = try HTTPResponse.created(
                SessionView(result, account: try self.account(applicant)))
            response.logFields["idNumber"] = body.idNumber
            return response
        }

        // Log out: the session ends server-side.
        router.delete("/api/v1/sessions/current", options: noBody, middleware: authenticatedWithExpiredPassword, responses: [.noContent]) {
            _, context in
            guard let token = context.attributes.token else { throw HTTPError.serverFailure }
            try self.sessions.logout(token: token)
            return .empty()
        }

        // Reference lists for the forms.
        router.get("/api/v1/reference/:list", options: noBody, responses: [.ok, .notFound([Declared.path])]) { _, context in
            let r = self.reference
            let entries: [ReferenceEntryView]
            switch context.parameters["list"] ?? "" {
            case "provinces":
                entries = r.provinces.map { ReferenceEntryView(code: $0.code.value, name: $0.name, abbreviation: $0.abbreviation) }
            case "specialties":
                entries = r.specialties.map {
                    ReferenceEntryView(code: $0.key, name: $0.name, coReviewedByOtherMinistry: $0.coReviewedByOtherMinistry)
                }
            case "ethnicities": entries = r.ethnicities.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            case "education-levels": entries = r.educationLevels.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            case "degrees": entries = r.degrees.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            case "cancellation-reasons": entries = r.cancellationReasons.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            case "replacement-reasons": entries = r.replacementReasons.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            case "refusal-grounds": entries = r.refusalGrounds.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            case "correction-items": entries = r.correctionItems.map { ReferenceEntryView(code: $0.code, name: $0.name) }
            default: throw HTTPError.notFound
            }
            var response = try HTTPResponse.ok(["items": entries])
            response.headers["Cache-Control"] = "public, max-age=3600"
            return response
        }

        // The texts agreed to when filing, with their versions.
        router.get("/api/v1/agreements", options: noBody, responses: [.ok]) { _, _ in
            let t = self.texts
            return try .ok([
                "notice": AgreementView(version: t.notice.version, text: t.notice.body),
                "commitment": AgreementView(version: t.commitment.version, text: t.commitment.body),
                "educationCommitment": AgreementView(version: t.educationCommitment.version, text: t.educationCommitment.body),
            ])
        }

        // The identity provider's signed callback.
        router.post(
            "/api/v1/identity/callback", options: json,
            responses: [.ok, .forbidden(["verification.bad_signature"]), .conflict(Declared.challenge)]
        ) { request, _ in
            let signature = request.headers["X-Signature"] ?? ""
            let matched = try self.verification.completeOnlineVerification(body: request.body, signature: signature)
            return try .ok(["verified": matched])
        }
    }
}
