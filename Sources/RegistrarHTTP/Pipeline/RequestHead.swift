import Foundation

/// What is known of a request once its header fields are in, before any body.
package struct RequestHead: Sendable {
    var method: HTTPMethod
    var path: String
    var query: [QueryItem]
    var headers: HTTPHeaders
    /// The client's address: the TCP peer's, or what a trusted proxy forwarded (see `TrustedProxies`).
    var remoteAddress: String
    /// The TCP peer's address, whatever the request says.
    var peerAddress: String
    /// Why the request target cannot be served (a control character or invalid UTF-8 once
    /// decoded), if it cannot.
    var targetProblem: HTTPError? = nil

    /// Why the request is answered with an error before it is routed, if it is: its body cannot
    /// be delimited with certainty, or its target is unusable.
    var problem: HTTPError? { framingProblem ?? targetProblem }

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

    /// RFC 9112 §6.1 and §6.3: a request whose body cannot be delimited with certainty — both
    /// `Content-Length` and `Transfer-Encoding`, lengths that disagree, a transfer coding list
    /// that does not end in `chunked` — is answered 400 and the connection closed, since what
    /// follows on it could be read as another request (request smuggling behind a proxy). A
    /// coding other than `chunked` alone (`gzip, chunked`) is well framed but not implemented:
    /// 501, and closed too, since its body is not read.
    var framingProblem: HTTPError? {
        let encodings = headers.values(for: "Transfer-Encoding")
        let lengths = headers.values(for: "Content-Length")
        if !encodings.isEmpty {
            if !lengths.isEmpty {
                return .badFraming("请求同时带有Content-Length和Transfer-Encoding")
            }
            let codings = encodings.flatMap { Self.listItems($0) }.map { $0.lowercased() }
            guard codings.last == "chunked", codings.dropLast().allSatisfy({ $0 != "chunked" }) else {
                return .badFraming("Transfer-Encoding的最后一项必须是chunked，且只能出现一次")
            }
            guard codings.count == 1 else {
                return HTTPError(
                    .notImplemented, code: "http.transfer_encoding_unsupported",
                    message: "不支持的传输编码：" + codings.dropLast().joined(separator: "、"), field: "Transfer-Encoding",
                    headers: ["Connection": "close"])
            }
        }
        let values = lengths.flatMap { Self.listItems($0) }
        if let first = values.first {
            // Repeated identical values are one length (RFC 9110 §8.6); anything else is not.
            guard first.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), values.allSatisfy({ $0 == first }) else {
                return .badFraming("Content-Length无效或前后不一致")
            }
        }
        return nil
    }

    /// The non-empty items of a comma-separated field value, without surrounding whitespace.
    private static func listItems(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0.trimmingASCIIWhitespace()) }.filter { !$0.isEmpty }
    }
}

extension RequestHead {
    /// A head from the request target as sent (percent-encoded, with its query).
    package init(method: HTTPMethod, target: [UInt8], headers: HTTPHeaders, remoteAddress: String) {
        let decoded = PercentDecoding.split(target: target)
        self.init(
            method: method, path: decoded.path, query: decoded.query, headers: headers, remoteAddress: remoteAddress,
            peerAddress: remoteAddress, targetProblem: decoded.problem)
    }
}

extension HTTPError {
    /// A request whose framing cannot be trusted: 400, and the connection is closed after it.
    static func badFraming(_ message: String) -> HTTPError {
        HTTPError(.badRequest, code: "http.bad_framing", message: "请求报文边界不明确：" + message, headers: ["Connection": "close"])
    }
}
