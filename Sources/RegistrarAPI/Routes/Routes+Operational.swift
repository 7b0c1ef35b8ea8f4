import Foundation
import RegistrarCore
import RegistrarHTTP

extension RegistrarAPI {
    func addOperational(_ router: inout Router<APIAttributes>) {
        // Liveness: the process answers; the database is not touched.
        router.get("/healthz", options: noBody, responses: [.ok]) { _, _ in
            .text("ok\n")
        }
        // Readiness: the database takes a write and its file system has room.
        router.get("/readyz", options: noBody, responses: [.ok, .serviceUnavailable(["store.not_writable", "store.low_disk_space"])]) {
            _, _ in
            try self.readiness.check()
            return .text("ok\n")
        }
        router.get("/metrics", options: noBody, responses: [.ok]) { _, _ in
            var response = HTTPResponse.text(self.metrics.render())
            response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
        router.get("/api/v1/openapi.json", options: noBody, responses: [.ok]) { _, _ in
            .bytes(PackageResources.openapi_json, contentType: "application/json; charset=utf-8")
        }
    }
}
