import Foundation
import RegistrarCore

/// How a filing's payload is kept in the `payload` column: one flat JSON object,
/// `{"kind":…,"enterpriseCode":…,"contractStart":…,"contractEnd":…,"specialties":[…],"reasonCode":…,"newName":…}`
/// with only the members the kind has. Read with `JSONSerialization`, which costs a third of
/// decoding the enum through `Codable` — and filings are read on every progress query.
enum StoredPayload {
    static func encode(_ payload: FilingPayload) throws -> String {
        var object: [String: Any] = ["kind": payload.kind.rawValue]
        if let code = payload.enterpriseCode { object["enterpriseCode"] = code }
        if let contract = payload.contract {
            object["contractStart"] = contract.start.description
            object["contractEnd"] = contract.end.description
        }
        switch payload {
        case .initial, .reRegistration, .additional, .continuation: object["specialties"] = payload.specialties
        case .cancellation(let reason), .replacement(let reason): object["reasonCode"] = reason
        case .personalInfo(let name, let id):
            if let name { object["newName"] = name }
            if let id { object["newIdNumber"] = id }
        case .change: break
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> FilingPayload? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
            let kind = (object["kind"] as? String).flatMap(FilingKind.init(rawValue:))
        else { return nil }
        func contract() -> ContractDates? {
            guard let start = (object["contractStart"] as? String).flatMap({ CalendarDate($0) }),
                let end = (object["contractEnd"] as? String).flatMap({ CalendarDate($0) })
            else { return nil }
            return ContractDates(start: start, end: end)
        }
        let specialties = object["specialties"] as? [String] ?? []
        let code = object["enterpriseCode"] as? String
        switch kind {
        case .initial, .reRegistration, .change:
            guard let code, let contract = contract() else { return nil }
            let employment = Employment(enterpriseCode: code, contract: contract, specialties: kind == .change ? [] : specialties)
            return kind == .initial ? .initial(employment) : kind == .change ? .change(employment) : .reRegistration(employment)
        case .additional, .continuation:
            guard let contract = contract() else { return nil }
            return kind == .additional ? .additional(contract: contract, specialties: specialties) : .continuation(contract: contract, specialties: specialties)
        case .cancellation, .replacement:
            guard let reason = object["reasonCode"] as? String else { return nil }
            return kind == .cancellation ? .cancellation(reasonCode: reason) : .replacement(reasonCode: reason)
        case .personalInfo:
            return .personalInfo(newName: object["newName"] as? String, newIdNumber: object["newIdNumber"] as? String)
        }
    }

    /// A list of strings (an event's items), stored as a JSON array.
    static func strings(_ text: String) -> [String]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
