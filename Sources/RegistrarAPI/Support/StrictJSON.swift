import Foundation
import RegistrarCore
import RegistrarHTTP

/// A request body type whose unknown fields are refused. Its fields are the keys its `Decodable`
/// conformance reads, found by `DecodingKeyProbe`, never listed by hand.
protocol StrictBody: Decodable {}

extension StrictBody {
    static var fields: Set<String> {
        do {
            return try DecodingKeyProbe.keys(of: Self.self)
        } catch {
            preconditionFailure("\(Self.self) cannot be probed for its fields: \(error)")
        }
    }
}

/// Decodes a JSON object strictly: malformed JSON, a missing field, a wrong type or an unknown
/// field is a 400 naming the field as a client writes it (`specialties[0]`) — `Decodable` alone
/// would silently ignore unknown fields, and `JSONDecoder` loses the path of a number that does not
/// fit its field.
enum StrictJSON {
    static func decode<T: StrictBody>(_ type: T.Type, from request: HTTPRequest) throws(HTTPError) -> T {
        guard let tree = try? JSONDecoder().decode(JSONTree.self, from: Data(request.body)) else {
            throw HTTPError(.badRequest, code: "request.malformed_json", message: "请求体不是有效的JSON")
        }
        guard case .object(let dictionary) = tree else {
            throw HTTPError(.badRequest, code: "request.not_object", message: "请求体应为JSON对象")
        }
        let fields = T.fields
        if let unknown = dictionary.keys.sorted().first(where: { !fields.contains($0) }) {
            throw HTTPError(.badRequest, code: "request.unknown_field", message: "不认识的字段：\(unknown)", field: unknown)
        }
        do {
            return try JSONTreeDecoder.decode(T.self, from: tree)
        } catch let DecodingError.keyNotFound(key, context) {
            let field = JSONTreeDecoder.path(context.codingPath + [key])
            throw HTTPError(.badRequest, code: "request.missing_field", message: "缺少字段：\(field)", field: field)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = JSONTreeDecoder.path(context.codingPath)
            throw HTTPError(.badRequest, code: "request.wrong_type", message: "字段类型错误：\(field)", field: field)
        } catch let DecodingError.dataCorrupted(context) {
            // Only a number that does not fit its field (a fraction or out of range for an integer).
            let field = JSONTreeDecoder.path(context.codingPath)
            throw HTTPError(.badRequest, code: "request.wrong_type", message: "字段取值不是整数或超出范围：\(field)", field: field)
        } catch {
            throw HTTPError(.badRequest, code: "request.malformed_json", message: "请求体不是有效的JSON")
        }
    }
}

extension HTTPRequest {
    /// A query parameter parsed as an integer, or a 400.
    func intQuery(_ name: String, default value: Int, range: ClosedRange<Int>) throws(HTTPError) -> Int {
        guard let text = query(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw HTTPError(
                .badRequest, code: "request.bad_query", message: "查询参数\(name)应为\(range.lowerBound)至\(range.upperBound)的整数", field: name)
        }
        return number
    }

    /// The `qualification` query parameter (`regular` or `temporary`), nil when absent, or a 400.
    func qualificationQuery() throws(HTTPError) -> QualificationKind? {
        guard let text = query("qualification") else { return nil }
        guard let kind = QualificationKind(rawValue: text) else {
            throw HTTPError(
                .badRequest, code: "request.bad_query", message: "qualification 应为 regular 或 temporary", field: "qualification")
        }
        return kind
    }

    func int64Query(_ name: String) throws(HTTPError) -> Int64? {
        guard let text = query(name) else { return nil }
        guard let number = Int64(text), number > 0 else {
            throw HTTPError(.badRequest, code: "request.bad_query", message: "查询参数\(name)应为正整数", field: name)
        }
        return number
    }
}

extension RequestContext {
    /// A numeric path parameter (an id), or 404 for anything that is not one.
    func id(_ name: String = "id") throws(HTTPError) -> Int64 {
        guard let text = parameters[name], let value = Int64(text), value > 0 else { throw HTTPError.notFound }
        return value
    }
}
