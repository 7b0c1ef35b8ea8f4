import Foundation
import RegistrarCore
import RegistrarHTTP

struct AccountBody: StrictBody {
    var name: String
    var idNumber: String
    var phone: String
    var password: String
    var smsCode: String
}

extension ApplicantProfile: StrictBody {}

struct VerificationBody: StrictBody {
    var method: String
    var provinceCode: String?
}

struct MySMSCodeBody: StrictBody {
    var purpose: String
    var phone: String?
}

struct ChallengeView: Encodable {
    var reference: String
    var qrPayload: String
    var expiresAt: Date
}

extension RegistrarAPI {
    func addAccount(_ router: inout Router<APIAttributes>) {
        // Step 1: basic information, proven phone; returns a session so the other steps can follow.
        router.post(
            "/api/v1/accounts", options: slowJSON, middleware: limited(loginLimiter, "register"),
            responses: [
                .created, .badRequest(Declared.body), .conflict(["applicant.exists"]),
                .unprocessable(Declared.idNumber + Declared.name + Declared.password + ["phone.invalid", "sms.code_invalid"]),
            ]
        ) { request, context in
            let body = try StrictJSON.decode(AccountBody.self, from: request)
            let applicant = try self.accounts.registerAccount(
                BasicInfo(name: body.name, idNumber: body.idNumber, phone: body.phone, password: body.password, smsCode: body.smsCode))
            let login = try self.sessions.loginApplicant(
                idNumber: applicant.idNumber.value, password: body.password, address: context.remoteAddress)
            var response = try HTTPResponse.created(
                SessionView(login, account: try self.account(applicant)))
            response.logFields["idNumber"] = body.idNumber
            return response
        }

        // SMS codes for a signed-in applicant: a filing (to the registered phone) or a phone change (to the new one).
        // Outside the group: the limit is counted before authentication.
        router.post(
            "/api/v1/me/sms-codes", options: json, middleware: limited(smsLimiter, "sms") + authenticated,
            responses: [
                .created, .badRequest(Declared.body + ["request.field_not_allowed"]),
                .unprocessable(["sms.purpose", "phone.invalid", "phone.same"]),
                .tooManyRequests(Declared.smsLimits),
            ]
        ) { request, context in
            let applicant = try context.applicant
            let body = try StrictJSON.decode(MySMSCodeBody.self, from: request)
            let expires: Date
            switch body.purpose {
            case SMSPurpose.filing.rawValue:
                guard body.phone == nil else {
                    throw HTTPError(.badRequest, code: "request.field_not_allowed", message: "申报验证码发送到注册手机，不需要手机号", field: "phone")
                }
                expires = try self.smsCodes.sendSMSCode(
                    to: applicant.phone.value, purpose: .filing, actor: .applicant(applicant.id))
            case SMSPurpose.phoneChange.rawValue:
                guard let phone = body.phone else {
                    throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少字段：phone", field: "phone")
                }
                expires = try self.smsCodes.sendSMSCode(to: phone, purpose: .phoneChange, actor: .applicant(applicant.id))
            default:
                throw HTTPError(.unprocessableContent, code: "sms.purpose", message: "验证码用途应为 filing 或 phone-change", field: "purpose")
            }
            return try .created(["expiresAt": expires])
        }

        router.group("/api/v1/me", middleware: authenticated) { me in
            self.addAccountSteps(&me)
        }

        // Enterprise keyword search for the filing forms.
        router.get(
            "/api/v1/enterprises", options: noBody, middleware: authenticated,
            responses: [
                .ok, .badRequest(["request.bad_query"]), .unprocessable(["keyword.required", "keyword.too_long", "province.unknown"]),
            ]
        ) { request, _ in
            let keyword = request.query("keyword") ?? ""
            let limit = try request.intQuery("limit", default: 20, range: 1...100)
            let found = try self.accounts.searchEnterprises(
                keyword: keyword, provinceCode: request.query("provinceCode"), limit: limit)
            return try .ok(["items": found.map(EnterpriseView.init)])
        }
    }

    /// The account and its registration steps under `/api/v1/me`, behind authentication.
    private func addAccountSteps(_ me: inout RouteGroup<APIAttributes>) {
        me.get("", options: noBody, responses: [.ok]) { _, context in
            try .ok(try self.account(try context.applicant))
        }

        // Step 2: one image per kind, the raw body with its Content-Type.
        me.put(
            "/attachments/:kind", options: image,
            responses: [.ok, .notFound([Declared.path]), .unprocessable(Declared.accountImage)]
        ) { request, context in
            let applicant = try context.applicant
            guard let kind = AttachmentKind(rawValue: context.parameters["kind"] ?? ""), AttachmentKind.accountKinds.contains(kind) else {
                throw HTTPError.notFound
            }
            let meta = try self.accounts.uploadAccountAttachment(
                applicantId: applicant.id, kind: kind, bytes: request.body, contentType: request.contentType ?? "")
            return try .ok(AttachmentView(meta))
        }

        me.get("/attachments", options: noBody, responses: [.ok]) { _, context in
            let applicant = try context.applicant
            let images = try self.accounts.accountImages(applicantId: applicant.id)
            return try .ok(AccountImagesView(images))
        }

        me.get(
            "/attachments/:id/content", options: noBody,
            responses: [.ok, .notFound([Declared.path, "attachment.not_found"]), .serviceUnavailable(["attachment.missing_blob"])]
        ) { _, context in
            let applicant = try context.applicant
            let id = try context.id()
            let (meta, bytes) = try self.accounts.attachmentContent(id, actor: .applicant(applicant.id))
            var response = HTTPResponse.bytes(bytes, contentType: meta.contentType)
            response.headers["Cache-Control"] = "private, no-store"
            response.headers["X-Content-Type-Options"] = "nosniff"
            return response
        }

        // Proofs for a filing, uploaded before submitting it and named in it by id.
        me.post(
            "/proofs/:kind", options: image,
            responses: [.created, .notFound([Declared.path]), .unprocessable(Declared.image)]
        ) { request, context in
            let applicant = try context.applicant
            guard let kind = AttachmentKind(rawValue: context.parameters["kind"] ?? ""), AttachmentKind.proofKinds.contains(kind) else {
                throw HTTPError.notFound
            }
            let meta = try self.accounts.uploadProof(
                applicantId: applicant.id, kind: kind, bytes: request.body, contentType: request.contentType ?? "")
            return try .created(AttachmentView(meta))
        }

        // Step 3.
        me.put(
            "/profile", options: json,
            responses: [.ok, .badRequest(Declared.body), .unprocessable(["email.invalid"])]
        ) { request, context in
            let applicant = try context.applicant
            let profile = try StrictJSON.decode(ApplicantProfile.self, from: request)
            let updated = try self.accounts.completeProfile(applicantId: applicant.id, profile)
            return try .ok(try self.account(updated))
        }

        // Step 4: on site at a province's department, or online through the identity provider.
        me.post(
            "/verification", options: json,
            responses: [
                .ok, .created, .badRequest(Declared.body + ["request.field_not_allowed"]),
                .conflict(["verification.done", "verification.not_pending"]),
                .unprocessable([
                    "verification.method", "province.unknown", "verification.attachments_missing", "verification.profile_missing",
                ]),
            ]
        ) { request, context in
            let applicant = try context.applicant
            let body = try StrictJSON.decode(VerificationBody.self, from: request)
            switch body.method {
            case VerificationMethod.onSite.rawValue:
                guard let province = body.provinceCode else {
                    throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少字段：provinceCode", field: "provinceCode")
                }
                let updated = try self.verification.requestOnSiteVerification(applicantId: applicant.id, provinceCode: province)
                return try .ok(try self.account(updated))
            case VerificationMethod.online.rawValue:
                guard body.provinceCode == nil else {
                    throw HTTPError(.badRequest, code: "request.field_not_allowed", message: "在线认证不需要省份", field: "provinceCode")
                }
                let challenge = try self.verification.beginOnlineVerification(applicantId: applicant.id)
                return try .created(
                    ChallengeView(reference: challenge.reference, qrPayload: challenge.qrPayload, expiresAt: challenge.expiresAt))
            default:
                throw HTTPError(.unprocessableContent, code: "verification.method", message: "认证方式应为 on-site 或 online", field: "method")
            }
        }

        me.get("/qualifications", options: noBody, responses: [.ok]) { _, context in
            let applicant = try context.applicant
            let rows = try self.accounts.myQualifications(applicantId: applicant.id)
            let reference = self.reference
            return try .ok([
                "items": rows.map {
                    QualificationView(
                        kind: $0.kind.rawValue, kindName: $0.kind.chinese, specialty: $0.specialtyKey,
                        specialtyName: (try? reference.specialty($0.specialtyKey).name) ?? $0.specialtyKey,
                        certificateNumber: $0.certificateNumber, issuedOn: $0.issuedOn.description)
                }
            ])
        }

        // The registration of one qualification (`?qualification=`), else the one that stands for
        // the holder (the regular one when there is one).
        me.get(
            "/registration", options: noBody, responses: [.ok, .badRequest(["request.bad_query"]), .notFound(["registration.none"])]
        ) { request, context in
            let applicant = try context.applicant
            let qualification = try request.qualificationQuery()
            guard let (registration, standing) = try self.accounts.myRegistration(applicantId: applicant.id, qualification: qualification)
            else {
                throw HTTPError(.notFound, code: "registration.none", message: "尚无注册记录")
            }
            let reference = self.reference
            return try .ok(
                RegistrationView(
                    registrationNumber: registration.number(reference: reference), sealCheckCode: registration.sealCheckCodeText,
                    qualification: registration.qualification.rawValue, qualificationName: registration.qualification.chinese,
                    provinceCode: registration.provinceCode.value,
                    employerCode: registration.employerCode.value, status: registration.status.rawValue, standing: Standing.name(standing),
                    standingLabel: standing.chinese, standingReason: Standing.reason(standing),
                    specialties: registration.specialties.map {
                        SpecialtyLineView(
                            key: $0.key, name: (try? reference.specialty($0.key).name) ?? $0.key, expiresOn: $0.expiresOn.description)
                    }, registeredOn: registration.registeredOn.description))
        }
    }
}
