import Foundation

/// How a filing's payload is kept in the stores' `payload` column, one format for both (so that rows copy
/// between them unchanged): one flat JSON object,
/// `{"kind":…,"enterpriseCode":…,"contractStart":…,"contractEnd":…,"specialties":[…],"reasonCode":…,"newName":…}`
/// with only the members the kind has. Each store reads it back member by member with its own JSON functions
/// (SQLite's `json_extract`, PostgreSQL's `->>`; see each store's `filingColumns`).
public enum StoredPayload {
    public static func encode(_ payload: FilingPayload) throws -> String {
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

    /// The members as a store's JSON functions hand them over (specialties comma-joined).
    public struct Fields {
        public var kind: String?
        public var enterpriseCode: String?
        public var contractStart: String?
        public var contractEnd: String?
        public var specialties: String?
        public var reasonCode: String?
        public var newName: String?

        public init(
            kind: String?, enterpriseCode: String?, contractStart: String?, contractEnd: String?, specialties: String?,
            reasonCode: String?, newName: String?
        ) {
            self.kind = kind
            self.enterpriseCode = enterpriseCode
            self.contractStart = contractStart
            self.contractEnd = contractEnd
            self.specialties = specialties
            self.reasonCode = reasonCode
            self.newName = newName
        }
    }

    public static func decode(_ fields: Fields) -> FilingPayload? {
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

    /// Codes joined by commas (specialties, as `group_concat` or `string_agg` gives them), split on the bytes.
    public static func codes(_ joined: String) -> [String] {
        guard joined.utf8.contains(UInt8(ascii: ",")) else { return joined.isEmpty ? [] : [joined] }
        return joined.utf8.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// A list of strings (an event's items), stored as a JSON array.
    public static func strings(_ text: String) -> [String]? {
        // Most lists are empty: no parser for those.
        if text == "[]" { return [] }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]
    }
}
