import Foundation
import RegistrarCore
import RegistrarDocuments
import RegistrarHTTP

extension RegistrarAPI {
    func addCertificates(_ router: inout Router<APIAttributes>) {
        // 我的证书: a fresh, signed PDF of the current certificate, each download recorded; of one
        // qualification with `?qualification=`, else of the registration that stands for the holder.
        router.get(
            "/api/v1/me/certificates/current.pdf", options: slowNoBody, middleware: authenticated,
            responses: [
                .ok, .badRequest(["request.bad_query"]), .notFound(["certificate.none"]),
                .conflict([
                    "certificate.registration_cancelled", "certificate.registration_lapsed", "certificate.employer_lapsed",
                    "certificate.registration_superseded",
                    "certificate.registration_revoked",
                ]),
                .serviceUnavailable(["certificate.no_signer"]),
            ]
        ) { request, context in
            let applicant = try context.applicant
            let qualification = try request.qualificationQuery()
            let download = try self.certificates.downloadCertificate(applicantId: applicant.id, qualification: qualification)
            let pdf = try CertificateRenderer.pdf(
                download.document, photo: download.photo, signature: download.signature,
                maxPixels: self.settings.maxPixels)
            var response = HTTPResponse.bytes(pdf, contentType: "application/pdf")
            response.headers["Content-Disposition"] = "attachment; filename=\"certificate-\(download.document.serial).pdf\""
            response.headers["Cache-Control"] = "private, no-store"
            return response
        }

        // Public verification of what a certificate's QR code holds.
        router.get(
            "/api/v1/public/certificates/verify", options: noBody, middleware: limited(publicLimiter, "verify"),
            responses: [.ok, .badRequest(["request.missing_field"])]
        ) { request, _ in
            guard let token = request.query("c"), !token.isEmpty else {
                throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少参数：c", field: "c")
            }
            return try .ok(try self.certificates.verifyCertificate(qrText: token))
        }

        // The national lookup: registration number and name.
        router.get(
            "/api/v1/public/registrations", options: noBody, middleware: limited(publicLimiter, "lookup"),
            responses: [.ok, .unprocessable(["lookup.number_required", "lookup.name_required"])]
        ) { request, _ in
            let answer = try self.certificates.lookupRegistration(
                number: request.query("number") ?? "", name: request.query("name") ?? "")
            return try .ok(answer)
        }
    }
}
