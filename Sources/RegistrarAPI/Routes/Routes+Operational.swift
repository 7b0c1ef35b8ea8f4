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
        router.get("/metrics", options: noBody, responses: [.ok, .notFound([Declared.path])]) { _, context in
            guard self.metricsVisible(to: context.remoteAddress) else { throw HTTPError.notFound }
            var response = HTTPResponse.text(self.metrics.render())
            response.headers["Content-Type"] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
        router.get("/api/v1/openapi.json", options: noBody, responses: [.ok]) { _, _ in
            .bytes(PackageResources.openapi_json, contentType: "application/json; charset=utf-8")
        }
    }

    /// Loopback by default: behind a TLS front end on the same machine, a client's request
    /// carries the client's address (`trusted_proxies`), not the proxy's, and is refused.
    func metricsVisible(to address: String) -> Bool {
        switch options.metrics {
        case .everyone: true
        case .off: false
        case .loopback: RegistrarAPI.loopback.contains { $0.contains(address) }
        }
    }

    static let loopback = [AddressRange("127.0.0.0/8")!, AddressRange("::1")!]
}
