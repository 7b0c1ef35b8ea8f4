import Foundation
import RegistrarCore

/// How a filing's payload is kept in the `payload` column: the SQLite store's format exactly (its
/// `StoredPayload`, Sources/RegistrarSQLite/Store/FilingPayload+Storage.swift), so that rows copy between
/// the stores unchanged. One flat JSON object,
/// `{"kind":…,"enterpriseCode":…,"contractStart":…,"contractEnd":…,"specialties":[…],"reasonCode":…,"newName":…}`
/// with only the members the kind has, read back member by member with PostgreSQL's JSON operators (see
/// `filingColumns`). `FilingPayloadStorageTests` holds the two copies to one format.
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
        case .personalInfo(let name, _):
            // A new ID number is never kept here: the store seals it in its own column.
            if let name { object["newName"] = name }
        case .change: break
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The members as `->>` hands them over (specialties comma-joined by `string_agg`).
    struct Fields {
        var kind: String?
        var enterpriseCode: String?
        var contractStart: String?
        var contractEnd: String?
        var specialties: String?
        var reasonCode: String?
        var newName: String?
    }

    static func decode(_ fields: Fields) -> FilingPayload? {
        guard let kind = fields.kind.flatMap(FilingKind.init(rawValue:)) else { return nil }
        func contract() -> ContractDates? {
            guard let start = fields.contractStart.flatMap({ CalendarDate($0) }), let end = fields.contractEnd.flatMap({ CalendarDate($0) })
            else { return nil }
            return ContractDates(start: start, end: end)
        }
        let specialties = fields.specialties.map(codes) ?? []
        switch kind {
        case .initial, .reRegistration, .change:
            guard let code = fields.enterpriseCode, let contract = contract() else { return nil }
            let employment = Employment(enterpriseCode: code, contract: contract, specialties: kind == .change ? [] : specialties)
            return kind == .initial ? .initial(employment) : kind == .change ? .change(employment) : .reRegistration(employment)
        case .additional, .continuation:
            guard let contract = contract() else { return nil }
            return kind == .additional
                ? .additional(contract: contract, specialties: specialties) : .continuation(contract: contract, specialties: specialties)
        case .cancellation, .replacement:
            guard let reason = fields.reasonCode else { return nil }
            return kind == .cancellation ? .cancellation(reasonCode: reason) : .replacement(reasonCode: reason)
        case .personalInfo:
            return .personalInfo(newName: fields.newName, newIdNumber: nil)
        }
    }

    /// Codes joined by commas (specialties, as `string_agg` gives them), split on the bytes.
    static func codes(_ joined: String) -> [String] {
        guard joined.utf8.contains(UInt8(ascii: ",")) else { return joined.isEmpty ? [] : [joined] }
        return joined.utf8.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A list of strings (an event's items), stored as a JSON array.
    static func strings(_ text: String) -> [String]? {
        // Most lists are empty: no parser for those.
        if text == "[]" { return [] }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
