import Foundation

/// A province-level division (GB/T 2260), with the abbreviation that leads a registration number.
public struct Province: Hashable, Sendable, Codable {
    public let code: ProvinceCode
    public let name: String
    public let abbreviation: String
}

/// One of the ten specialties of 一级建造师.
public struct Specialty: Hashable, Sendable, Codable {
    public let key: String
    public let name: String
    public let sealAbbreviation: String
    /// Kept for the Ministry's co-review by other ministries, which is out of scope for now.
    public let coReviewedByOtherMinistry: Bool
}

/// A coded entry of a reference list (ethnicity, education level, degree, reasons).
public struct CodedName: Hashable, Sendable, Codable {
    public let code: String
    public let name: String
}

/// The reference lists of `Config/reference/`, loaded once at start. Values of these types can
/// only be obtained from here, so a province or specialty in the domain is always a known one.
public struct ReferenceData: Sendable {
    public let provinces: [Province]
    public let specialties: [Specialty]
    public let ethnicities: [CodedName]
    public let educationLevels: [CodedName]
    public let degrees: [CodedName]
    public let cancellationReasons: [CodedName]
    public let replacementReasons: [CodedName]
    public let refusalGrounds: [CodedName]
    /// The standard items a return for correction chooses from (`correction-items.csv`).
    public let correctionItems: [CodedName]

    private let provinceByCode: [ProvinceCode: Province]
    private let specialtyByKey: [String: Specialty]

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(file: String, line: Int, reason: String)
        public var description: String {
            switch self {
            case .missing(let f): return "reference list \(f) is missing"
            case .malformed(let f, let l, let r): return "reference list \(f) line \(l): \(r)"
            }
        }
    }

    /// Parses the CSV files in `Config/reference/` (docs/domain-rules.md, "Sources of law and standards"), each given by `text(name)` (which
    /// throws `LoadError.missing` for a file it cannot read). The runtime reads them from a
    /// directory (`ReferenceData.load(directory:)` in RegistrarRuntime): the core reads no files.
    public static func parse(_ text: (_ file: String) throws -> String) throws -> ReferenceData {
        func rows(_ file: String, columns: Int) throws -> [[String]] {
            let records = try CSVReader.records(try text(file))
            guard records.count > 1 else { throw LoadError.malformed(file: file, line: 1, reason: "no rows") }
            for (index, record) in records.enumerated() where record.count != columns {
                throw LoadError.malformed(file: file, line: index + 1, reason: "expected \(columns) columns")
            }
            return Array(records.dropFirst())
        }
        func coded(_ file: String, columns: Int = 2) throws -> [CodedName] {
            try rows(file, columns: columns).map { CodedName(code: $0[0], name: $0[1]) }
        }
        return ReferenceData(
            provinces: try rows("provinces.csv", columns: 3).enumerated().map { index, row in
                guard let code = ProvinceCode(row[0]) else {
                    throw LoadError.malformed(file: "provinces.csv", line: index + 2, reason: "not a GB/T 2260 province code")
                }
                return Province(code: code, name: row[1], abbreviation: row[2])
            },
            specialties: try rows("specialties.csv", columns: 4).map {
                Specialty(key: $0[0], name: $0[1], sealAbbreviation: $0[2], coReviewedByOtherMinistry: $0[3] == "yes")
            },
            ethnicities: try coded("ethnicities.csv", columns: 3),
            educationLevels: try coded("education-levels.csv"),
            degrees: try coded("degrees.csv"),
            cancellationReasons: try coded("cancellation-reasons.csv"),
            replacementReasons: try coded("replacement-reasons.csv"),
            refusalGrounds: try coded("refusal-grounds.csv"),
            correctionItems: try coded("correction-items.csv"))
    }

    public init(
        provinces: [Province], specialties: [Specialty], ethnicities: [CodedName], educationLevels: [CodedName],
        degrees: [CodedName], cancellationReasons: [CodedName], replacementReasons: [CodedName], refusalGrounds: [CodedName],
        correctionItems: [CodedName] = []
    ) {
        self.provinces = provinces
        self.specialties = specialties
        self.ethnicities = ethnicities
        self.educationLevels = educationLevels
        self.degrees = degrees
        self.cancellationReasons = cancellationReasons
        self.replacementReasons = replacementReasons
        self.refusalGrounds = refusalGrounds
        self.correctionItems = correctionItems
        self.provinceByCode = Dictionary(provinces.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.specialtyByKey = Dictionary(specialties.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func province(_ code: String, field: String = "provinceCode") throws(RegistrarError) -> Province {
        try province(try ProvinceCode.parse(code, field: field), field: field)
    }

    public func province(_ code: ProvinceCode, field: String = "provinceCode") throws(RegistrarError) -> Province {
        guard let province = provinceByCode[code] else {
            throw .invalid(.provinceUnknown, "省份代码无效", field: field)
        }
        return province
    }

    public func specialty(_ key: String, field: String = "specialties") throws(RegistrarError) -> Specialty {
        guard let specialty = specialtyByKey[key] else {
            throw .invalid(.specialtyUnknown, "注册专业无效：\(key)", field: field)
        }
        return specialty
    }

    /// Looks a code up in one of the coded lists.
    public func entry(_ code: String, in list: KeyPath<ReferenceData, [CodedName]>, field: String, what: String) throws(RegistrarError)
        -> CodedName
    {
        guard let entry = self[keyPath: list].first(where: { $0.code == code }) else {
            throw .invalid(.unknown(field), "\(what)代码无效", field: field)
        }
        return entry
    }
}
