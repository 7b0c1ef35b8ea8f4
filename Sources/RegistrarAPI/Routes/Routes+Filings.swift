import Foundation
import RegistrarCore
import RegistrarHTTP

/// A filing as submitted (or corrected): which fields apply depends on `kind`.
struct FilingBody: StrictBody {
    var qualification: String
    var kind: String
    var enterpriseCode: String?
    var contractStart: String?
    var contractEnd: String?
    var specialties: [String]?
    var reasonCode: String?
    var newName: String?
    var newIdNumber: String?
    var agreedNoticeVersion: String?
    var agreedCommitmentVersion: String?
    var smsCode: String
    var attachmentIds: [Int64]?

    static let fields: Set<String> = [
        "qualification", "kind", "enterpriseCode", "contractStart", "contractEnd", "specialties", "reasonCode", "newName",
        "newIdNumber", "agreedNoticeVersion", "agreedCommitmentVersion", "smsCode", "attachmentIds",
    ]

    /// The fields each kind takes besides the common ones.
    static let kindFields: [FilingKind: Set<String>] = [
        .initial: ["enterpriseCode", "contractStart", "contractEnd", "specialties"],
        .reRegistration: ["enterpriseCode", "contractStart", "contractEnd", "specialties"],
        .change: ["enterpriseCode", "contractStart", "contractEnd"],
        .additional: ["contractStart", "contractEnd", "specialties"],
        .continuation: ["contractStart", "contractEnd", "specialties"],
        .cancellation: ["reasonCode"],
        .replacement: ["reasonCode"],
        .personalInfo: ["newName", "newIdNumber"],
    ]

    func request(idempotencyKey: String?) throws -> FilingRequest {
        guard let qualification = QualificationKind(rawValue: qualification) else {
            throw HTTPError(.unprocessableContent, code: "qualification.unknown", message: "执业资格应为 regular 或 temporary", field: "qualification")
        }
        guard let kind = FilingKind(rawValue: kind) else {
            throw HTTPError(.unprocessableContent, code: "kind.unknown", message: "申报类型无效", field: "kind")
        }
        let allowed = FilingBody.kindFields[kind] ?? []
        let present: [(String, Bool)] = [
            ("enterpriseCode", enterpriseCode != nil), ("contractStart", contractStart != nil), ("contractEnd", contractEnd != nil),
            ("specialties", specialties != nil), ("reasonCode", reasonCode != nil), ("newName", newName != nil), ("newIdNumber", newIdNumber != nil),
        ]
        if let extra = present.first(where: { $0.1 && !allowed.contains($0.0) }) {
            throw HTTPError(.badRequest, code: "request.field_not_allowed", message: "\(kind.chinese)不需要字段：\(extra.0)", field: extra.0)
        }
        func required<T>(_ value: T?, _ name: String) throws(HTTPError) -> T {
            guard let value else { throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少字段：\(name)", field: name) }
            return value
        }
        func contract() throws -> ContractDates {
            let start = try CalendarDate.parse(try required(contractStart, "contractStart"), field: "contractStart")
            let end = try CalendarDate.parse(try required(contractEnd, "contractEnd"), field: "contractEnd")
            return ContractDates(start: start, end: end)
        }
        let payload: FilingPayload
        switch kind {
        case .initial:
            payload = .initial(Employment(enterpriseCode: try required(enterpriseCode, "enterpriseCode"), contract: try contract(), specialties: try required(specialties, "specialties")))
        case .reRegistration:
            payload = .reRegistration(Employment(enterpriseCode: try required(enterpriseCode, "enterpriseCode"), contract: try contract(), specialties: try required(specialties, "specialties")))
        case .change:
            payload = .change(Employment(enterpriseCode: try required(enterpriseCode, "enterpriseCode"), contract: try contract(), specialties: []))
        case .additional:
            payload = .additional(contract: try contract(), specialties: try required(specialties, "specialties"))
        case .continuation:
            payload = .continuation(contract: try contract(), specialties: try required(specialties, "specialties"))
        case .cancellation:
            payload = .cancellation(reasonCode: try required(reasonCode, "reasonCode"))
        case .replacement:
            payload = .replacement(reasonCode: try required(reasonCode, "reasonCode"))
        case .personalInfo:
            payload = .personalInfo(newName: newName, newIdNumber: newIdNumber)
        }
        return FilingRequest(
            qualification: qualification, payload: payload, agreedNoticeVersion: agreedNoticeVersion,
            agreedCommitmentVersion: agreedCommitmentVersion, smsCode: smsCode, proofIds: attachmentIds ?? [], idempotencyKey: idempotencyKey)
    }
}

extension RegistrarAPI {
    func addFilings(_ router: inout Router<NoAttributes>) {
        // Submit a filing of any kind; `Idempotency-Key` makes a retry file once.
        router.post("/api/v1/me/filings", options: json) { request, _ in
            let applicant = try self.applicant(request)
            let body = try StrictJSON.decode(FilingBody.self, from: request)
            let filingRequest = try body.request(idempotencyKey: request.headers["Idempotency-Key"])
            let filing = try self.registrar.submitFiling(applicantId: applicant.id, filingRequest)
            let progress = try self.registrar.filingProgress(applicantId: applicant.id, filingId: filing.id)
            return FilingView(progress).response(status: .created)
        }

        // Progress (进度查询): every filing, optionally of one qualification, with its history.
        router.get("/api/v1/me/filings", options: noBody) { request, _ in
            // Checked after authentication, as on every route.
            func filter() throws(HTTPError) -> QualificationKind? {
                guard let q = request.query("qualification") else { return nil }
                guard let parsed = QualificationKind(rawValue: q) else {
                    throw HTTPError(.badRequest, code: "request.bad_query", message: "qualification 应为 regular 或 temporary", field: "qualification")
                }
                return parsed
            }
            let applicant: Applicant
            let qualification: QualificationKind?
            if self.progressCache.isEnabled {
                // Given again as rendered while nothing it shows has changed (see ProgressCache).
                let token = try self.bearer(request)
                let current = try self.registrar.applicantProgressVersion(token: token)
                qualification = try filter()
                let key = ProgressCache.Key(applicantId: current.applicant.id, qualification: qualification)
                if let body = self.progressCache.body(for: key, at: current.version) { return FilingView.list(body: body) }
                applicant = current.applicant
            } else {
                applicant = try self.applicant(request)
                qualification = try filter()
            }
            let (version, list) = try self.registrar.versionedProgress(applicantId: applicant.id, qualification: qualification)
            let response = FilingView.list(list.map(FilingView.init))
            self.progressCache.store(
                response.body, for: ProgressCache.Key(applicantId: applicant.id, qualification: qualification), at: version)
            return response
        }

        router.get("/api/v1/me/filings/:id", options: noBody) { request, context in
            let applicant = try self.applicant(request)
            let id = try context.id()
            return FilingView(try self.registrar.filingProgress(applicantId: applicant.id, filingId: id)).response()
        }

        // Correct and resubmit a returned filing.
        router.put("/api/v1/me/filings/:id", options: json) { request, context in
            let applicant = try self.applicant(request)
            let id = try context.id()
            let body = try StrictJSON.decode(FilingBody.self, from: request)
            let filingRequest = try body.request(idempotencyKey: nil)
            _ = try self.registrar.resubmitFiling(applicantId: applicant.id, filingId: id, filingRequest)
            return FilingView(try self.registrar.filingProgress(applicantId: applicant.id, filingId: id)).response()
        }

        // Withdraw (撤回) before acceptance.
        router.post("/api/v1/me/filings/:id/withdrawal", options: noBody) { request, context in
            let applicant = try self.applicant(request)
            let id = try context.id()
            _ = try self.registrar.withdrawFiling(applicantId: applicant.id, filingId: id)
            return FilingView(try self.registrar.filingProgress(applicantId: applicant.id, filingId: id)).response()
        }
    }
}
