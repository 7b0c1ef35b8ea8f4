import Foundation
import RegistrarCore
import RegistrarDocuments
import RegistrarHTTP

/// One written decision in the applicant's list.
struct DecisionDocumentView: Encodable {
    var kind: String
    var title: String
    var number: String
    var round: Int
    var issuedOn: String
    var authority: String
    /// Where the PDF is.
    var href: String

    init(_ d: DecisionDocument) {
        kind = d.kind.rawValue
        title = d.kind.title
        number = d.number
        round = d.round
        issuedOn = d.issuedOn.description
        authority = d.authority
        href = "/api/v1/me/filings/\(d.filingId)/documents/\(d.kind.rawValue)"
    }
}

extension RegistrarAPI {
    /// The written decisions: the applicant's list and PDFs, and the public check of their QR code.
    func addDecisions(_ router: inout Router<APIAttributes>) {
        router.group("/api/v1/me", middleware: authenticated) { me in
            me.get(
                "/filings/:id/documents", options: noBody, responses: [.ok, .notFound([Declared.path, "filing.not_found"])]
            ) { _, context in
                let applicant = try context.applicant
                let documents = try self.filings.decisionDocuments(applicantId: applicant.id, filingId: try context.id())
                return try .ok(["items": documents.map(DecisionDocumentView.init)])
            }

            // The PDF, made again from what was kept at the decision: the same bytes every time.
            me.get(
                "/filings/:id/documents/:kind", options: slowNoBody,
                responses: [.ok, .notFound([Declared.path, "filing.not_found", "decision.none"])]
            ) { _, context in
                let applicant = try context.applicant
                let document = try self.filings.decisionDocument(
                    applicantId: applicant.id, filingId: try context.id(), kind: context.parameters["kind"] ?? "")
                var response = HTTPResponse.bytes(try DecisionRenderer.pdf(document), contentType: "application/pdf")
                response.headers["Content-Disposition"] =
                    "attachment; filename=\"\(document.kind.rawValue)-\(document.filingId)-\(document.round).pdf\""
                response.headers["Cache-Control"] = "private, no-store"
                return response
            }
        }

        // Public verification of what a written decision's QR code holds.
        router.get(
            "/api/v1/public/decisions/verify", options: noBody, middleware: limited(publicLimiter, "verify"),
            responses: [.ok, .badRequest(["request.missing_field"]), .serviceUnavailable(["certificate.no_signer"])]
        ) { request, _ in
            guard let token = request.query("d"), !token.isEmpty else {
                throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少参数：d", field: "d")
            }
            return try .ok(try self.certificates.verifyDecision(qrText: token))
        }
    }
}
