import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarHTTP

struct SimulatorBody: StrictBody {
    var reference: String
    var idNumber: String
    var matched: Bool
}

extension RegistrarAPI {
    /// Development only: plays the identity provider's part — the person "scans" the QR code and
    /// the provider calls back with a signed verdict about the ID number it was shown.
    func addSimulator(_ router: inout Router<APIAttributes>) {
        router.post(
            "/api/v1/dev/identity-simulator/verdicts", options: json,
            responses: [.ok, .badRequest(Declared.body), .conflict(Declared.challenge), .unprocessable(Declared.idNumber)]
        ) { request, _ in
            guard let signer = self.simulator else { throw HTTPError.notFound }
            let body = try StrictJSON.decode(SimulatorBody.self, from: request)
            let id = try ResidentID.parse(body.idNumber)
            let verdict = IdentityVerdict(
                reference: body.reference, matched: body.matched, idNumberDigest: self.identity.digest(of: id))
            let bytes: [UInt8]
            do { bytes = Array(try JSONEncoder().encode(verdict)) } catch { throw HTTPError.serverFailure }
            let matched = try self.verification.completeOnlineVerification(
                body: bytes, signature: Base64URL.encode(signer.sign(bytes)))
            return try .ok(["verified": matched])
        }
    }
}
