import Foundation
import RegistrarCore
import RegistrarHTTP

struct PhoneBody: StrictBody {
    var newPhone: String
    var smsCode: String
}

struct PasswordBody: StrictBody {
    var oldPassword: String
    var newPassword: String
    var repeatPassword: String
}

extension RegistrarAPI {
    func addPersonal(_ router: inout Router<APIAttributes>) {
        // Changing the password ends every session of the account, this one included. Outside the group: it is open to
        // an applicant whose password has expired, as logging out is.
        router.put(
            "/api/v1/me/password", options: slowJSON, middleware: authenticatedWithExpiredPassword,
            responses: [
                .noContent, .badRequest(Declared.body),
                .unprocessable(Declared.password + ["password.mismatch", "password.old_wrong", "password.unchanged"]),
            ]
        ) { request, context in
            let applicant = try context.applicant
            let body = try StrictJSON.decode(PasswordBody.self, from: request)
            try self.accounts.changePassword(
                applicantId: applicant.id, old: body.oldPassword, new: body.newPassword, repeat: body.repeatPassword)
            return .empty()
        }

        router.group("/api/v1/me", middleware: authenticated) { me in
            me.put(
                "/phone", options: json,
                responses: [.ok, .badRequest(Declared.body), .unprocessable(["phone.invalid", "phone.same", "sms.code_invalid"])]
            ) { request, context in
                let applicant = try context.applicant
                let body = try StrictJSON.decode(PhoneBody.self, from: request)
                let updated = try self.accounts.changePhone(
                    applicantId: applicant.id, newPhone: body.newPhone, smsCode: body.smsCode)
                return try .ok(try self.account(updated))
            }

            // Operation trail (操作轨迹), newest first; `after` pages back.
            me.get("/trail", options: noBody, responses: [.ok, .badRequest(["request.bad_query"])]) { request, context in
                let applicant = try context.applicant
                let limit = try request.intQuery("limit", default: 50, range: 1...200)
                let after = try request.int64Query("after")
                let events = try self.accounts.operationTrail(
                    applicantId: applicant.id, page: RegistrarCore.Page(after: after, limit: limit))
                let items = events.map {
                    TrailView(
                        sequence: $0.sequence, at: $0.at, action: $0.action, result: $0.result.rawValue, objectType: $0.objectType,
                        objectId: $0.objectId, detail: Redaction.mask($0.detail))
                }
                return try .ok(Page(items: items, next: items.count == limit ? items.last?.sequence : nil))
            }

            // My certificates (我的证书), of both qualifications or of one (`?qualification=`).
            me.get("/certificates", options: noBody, responses: [.ok, .badRequest(["request.bad_query"])]) { request, context in
                let applicant = try context.applicant
                let qualification = try request.qualificationQuery()
                let list = try self.accounts.myCertificates(applicantId: applicant.id, qualification: qualification)
                return try .ok(["items": list.map(CertificateView.init)])
            }
        }
    }
}
