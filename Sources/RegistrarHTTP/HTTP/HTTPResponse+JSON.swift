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
