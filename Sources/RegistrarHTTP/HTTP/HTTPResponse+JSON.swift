import Foundation

extension HTTPResponse {
    /// A JSON response of an `Encodable` value.
    ///
    /// Keys are written exactly as the value's `CodingKeys` spell them (camelCase stays camelCase);
    /// keys are sorted so that bodies are stable for tests and caches, and slashes are not escaped.
    public static func json<Value: Encodable>(
        _ value: Value, status: HTTPStatus = .ok, encoder: JSONEncoder = HTTPResponse.makeJSONEncoder()
    ) throws -> HTTPResponse {
        let data = try encoder.encode(value)
        return HTTPResponse(
            status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: [UInt8](data))
    }

    /// The encoder `json(_:)` uses by default: default key strategy, ISO 8601 dates, sorted keys.
    public static func makeJSONEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension HTTPRequest {
    /// Decodes the body as JSON; a body that does not decode is a 400 with code `http.malformed_json`.
    public func decodeJSON<Value: Decodable>(
        _ type: Value.Type, decoder: JSONDecoder = JSONDecoder()
    ) throws(HTTPError) -> Value {
        do {
            return try decoder.decode(type, from: Data(body))
        } catch {
            throw HTTPError(.badRequest, code: "http.malformed_json", message: "请求体不是有效的JSON")
        }
    }
}
