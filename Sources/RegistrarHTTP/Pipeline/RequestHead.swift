import Foundation

/// What is known of a request once its header fields are in, before any body.
struct RequestHead: Sendable {
    var method: HTTPMethod
    var path: String
    var query: [QueryItem]
    var headers: HTTPHeaders
    var remoteAddress: String

    /// The announced body length, if any and well-formed.
    var contentLength: Int? {
        headers["Content-Length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Whether a body follows the head (announced by length or chunked transfer).
    var hasBody: Bool {
        if let length = contentLength { return length > 0 }
        return headers.contains("Transfer-Encoding")
    }
}
