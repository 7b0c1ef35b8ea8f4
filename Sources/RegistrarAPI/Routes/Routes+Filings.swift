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
    /// The version of 继续教育承诺 the applicant commits to, instead of a continuing-education proof.
    var educationCommitmentVersion: String?
    var smsCode: String
    var attachmentIds: [Int64]?

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
            throw HTTPError(
                .unprocessableContent, code: "qualification.unknown", message: "执业资格应为 regular 或 temporary", field: "qualification")
        }
        guard let kind = FilingKind(rawValue: kind) else {
            throw HTTPError(.unprocessableContent, code: "kind.unknown", message: "申报类型无效", field: "kind")
        }
        let allowed = FilingBody.kindFields[kind] ?? []
        let present: [(String, Bool)] = [
            ("enterpriseCode", enterpriseCode != nil), ("contractStart", contractStart != nil), ("contractEnd", contractEnd != nil),
            ("specialties", specialties != nil), ("reasonCode", reasonCode != nil), ("newName", newName != nil),
            ("newIdNumber", newIdNumber != nil),
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
            payload = .initial(
                Employment(
                    enterpriseCode: try required(enterpriseCode, "enterpriseCode"), contract: try contract(),
                    specialties: try required(specialties, "specialties")))
        case .reRegistration:
            payload = .reRegistration(
                Employment(
                    enterpriseCode: try required(enterpriseCode, "enterpriseCode"), contract: try contract(),
                    specialties: try required(specialties, "specialties")))
        case .change:
            payload = .change(
                Employment(enterpriseCode: try required(enterpriseCode, "enterpriseCode"), contract: try contract(), specialties: []))
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
            agreedCommitmentVersion: agreedCommitmentVersion, educationCommitmentVersion: educationCommitmentVersion, smsCode: smsCode,
            proofIds: attachmentIds ?? [],
            idempotencyKey: idempotencyKey)
    }
}

extension RegistrarAPI {
    func addFilings(_ router: inout Router<APIAttributes>) {
        // Progress (进度查询): every filing, optionally of one qualification, with its history.
        // Outside the group: with the cache on, its authentication also reads the progress version,
        // in the same read of the store (see ProgressCache), so that a cached answer costs one read.
        let progressAuthentication: [any Middleware<APIAttributes>] =
            progressCache.isEnabled ? [Authentication(sessions, reading: .withProgressVersion)] : authenticated
        router.get(
            "/api/v1/me/filings", options: noBody, middleware: progressAuthentication,
            responses: [.ok, .badRequest(["request.bad_query"])]
        ) { request, context in
            let applicant = try context.applicant
            // Checked after authentication, as on every route.
            let qualification = try request.qualificationQuery()
            let key = ProgressCache.Key(applicantId: applicant.id, qualification: qualification)
            // Given again as rendered while nothing it shows has changed (see ProgressCache).
            if let current = context.attributes.progressVersion, let body = self.progressCache.body(for: key, at: current) {
                return FilingView.list(body: body)
            }
            let (version, list) = try self.filings.versionedProgress(applicantId: applicant.id, qualification: qualification)
            let response = FilingView.list(list.map { FilingView($0, reference: self.reference) })
            self.progressCache.store(response.body, for: key, at: version)
            return response
        }

        router.group("/api/v1/me", middleware: authenticated) { me in
            // Submit a filing of any kind; `Idempotency-Key` makes a retry file once.
            me.post(
                "/filings", options: json,
                responses: [
                    .created, .badRequest(Declared.filingBody + ["idempotency_key.invalid"]),
                    .conflict(Declared.filingConflicts + ["filing.idempotency_reused"]), .unprocessable(Declared.filingRules),
                ]
            ) { request, context in
                let applicant = try context.applicant
                let body = try StrictJSON.decode(FilingBody.self, from: request)
                let filingRequest = try body.request(idempotencyKey: request.headers["Idempotency-Key"])
                let filing = try self.filings.submitFiling(applicantId: applicant.id, filingRequest)
                let progress = try self.filings.filingProgress(applicantId: applicant.id, filingId: filing.id)
                return FilingView(progress, reference: self.reference).response(status: .created)
            }

            me.get("/filings/:id", options: noBody, responses: [.ok, .notFound([Declared.path, "filing.not_found"])]) { _, context in
                let applicant = try context.applicant
                let id = try context.id()
                return FilingView(try self.filings.filingProgress(applicantId: applicant.id, filingId: id), reference: self.reference)
                    .response()
            }

            // Correct and resubmit a returned filing.
            me.put(
                "/filings/:id", options: json,
                responses: [
                    .ok, .badRequest(Declared.filingBody), .notFound([Declared.path, "filing.not_found"]),
                    .conflict(Declared.filingConflicts + ["filing.not_returned", "filing.illegal_transition"]),
                    .unprocessable(Declared.filingRules + ["filing.kind_changed"]),
                ]
            ) { request, context in
                let applicant = try context.applicant
                let id = try context.id()
                let body = try StrictJSON.decode(FilingBody.self, from: request)
                let filingRequest = try body.request(idempotencyKey: nil)
                _ = try self.filings.resubmitFiling(applicantId: applicant.id, filingId: id, filingRequest)
                return FilingView(try self.filings.filingProgress(applicantId: applicant.id, filingId: id), reference: self.reference)
                    .response()
            }

            // Withdraw (撤回) before acceptance.
            me.post(
                "/filings/:id/withdrawal", options: noBody,
                responses: [
                    .ok, .notFound([Declared.path, "filing.not_found"]),
                    .conflict([
                        "filing.already_withdrawn", "filing.withdraw_too_late", "filing.already_decided", "filing.illegal_transition",
                        "filing.stale",
                    ]),
                ]
            ) { _, context in
                let applicant = try context.applicant
                let id = try context.id()
                _ = try self.filings.withdrawFiling(applicantId: applicant.id, filingId: id)
                return FilingView(try self.filings.filingProgress(applicantId: applicant.id, filingId: id), reference: self.reference)
                    .response()
            }
        }
    }
}
