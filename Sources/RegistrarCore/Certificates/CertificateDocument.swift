import Foundation

/// One generated electronic certificate: everything the PDF prints, including the QR code's text.
///
/// Each download makes a new document with its own serial and usage window (使用时限) over the
/// registration's current certificate version; the version's data is printed as it was frozen at
/// issue, with the specialties still valid on the day of generation.
public struct CertificateDocument: Sendable, Equatable {
    /// 16 upper-case hex digits, unique, printed as 电子证书编号 and signed in the QR code.
    public var serial: String
    public var registrationId: Int64
    public var version: Int
    public var registrationNumber: String
    public var sealCheckCode: String
    public var holderName: String
    public var sex: ResidentID.Sex
    public var birthDate: CalendarDate
    public var employerName: String
    /// Each specialty with its own expiry date (the last valid day).
    public var specialties: [CertificateVersion.Line]
    /// The issuing authority (发证机关): the province's housing and construction department.
    public var authority: String
    public var provinceCode: ProvinceCode
    /// The day the certificate version was issued (发证日期).
    public var issuedOn: CalendarDate
    public var generatedAt: Date
    /// The last day of the usage window, inclusive.
    public var validUntil: CalendarDate
    /// Lower-case hex SHA-256 of `canonicalData`, signed in the QR code.
    public var digest: String
    /// The QR code's text: the verification URL carrying the signed payload.
    public var qrText: String
    /// The qualification registered, which the title names: 一级建造师 or 一级建造师临时.
    public var qualification: QualificationKind
    /// Lower-case hex SHA-256 of the printed photo, signed in the QR code (RC2); nil when the
    /// document prints none.
    public var photoDigest: String?

    public init(
        serial: String, registrationId: Int64, version: Int, registrationNumber: String, sealCheckCode: String,
        holderName: String,
        sex: ResidentID.Sex, birthDate: CalendarDate, employerName: String, specialties: [CertificateVersion.Line],
        authority: String,
        provinceCode: ProvinceCode, issuedOn: CalendarDate, generatedAt: Date, validUntil: CalendarDate, digest: String,
        qrText: String, qualification: QualificationKind, photoDigest: String? = nil
    ) {
        self.serial = serial
        self.registrationId = registrationId
        self.version = version
        self.registrationNumber = registrationNumber
        self.sealCheckCode = sealCheckCode
        self.holderName = holderName
        self.sex = sex
        self.birthDate = birthDate
        self.employerName = employerName
        self.specialties = specialties
        self.authority = authority
        self.provinceCode = provinceCode
        self.issuedOn = issuedOn
        self.generatedAt = generatedAt
        self.validUntil = validUntil
        self.digest = digest
        self.qrText = qrText
        self.qualification = qualification
        self.photoDigest = photoDigest
    }

    /// The day of generation in Asia/Shanghai.
    public var generatedOn: CalendarDate { CalendarDate(generatedAt) }

    /// The payload the QR code carries for this document.
    public var payload: CertificatePayload {
        CertificatePayload(
            registrationNumber: registrationNumber, sealCheckCode: sealCheckCode, version: version, serial: serial,
            validUntil: validUntil, digest: digest, photoDigest: photoDigest)
    }

    /// The printed data in one canonical form, the input of `digest`: one `name=value` line per
    /// field, in this order, UTF-8, values with `\`, line breaks and `|` escaped.
    ///
    /// The ID number is not printed and so not part of it.
    public static func canonicalData(
        registrationNumber: String, sealCheckCode: String, version: Int, holderName: String, sex: ResidentID.Sex,
        birthDate: CalendarDate, employerName: String, specialties: [CertificateVersion.Line], authority: String,
        issuedOn: CalendarDate, validUntil: CalendarDate, qualification: QualificationKind
    ) -> [UInt8] {
        let escaped = CanonicalData.escaped
        var lines = [
            "format=RC1-data", "number=\(escaped(registrationNumber))", "seal=\(escaped(sealCheckCode))",
            "version=\(version)",
            "name=\(escaped(holderName))", "sex=\(sex.rawValue)", "birth=\(birthDate)",
            "employer=\(escaped(employerName))",
        ]
        lines += specialties.map { "specialty=\(escaped($0.key))|\(escaped($0.name))|\($0.expiresOn)" }
        lines += ["authority=\(escaped(authority))", "issued=\(issuedOn)", "valid_until=\(validUntil)"]
        lines.append("qualification=\(qualification.rawValue)")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Whether a text has a document serial's form.
    public static func isSerial(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }
    }
}

/// What the store keeps of each generated document: enough to answer verification without
/// keeping the PDF.
public struct CertificateDocumentRecord: Sendable, Equatable {
    /// Who generated a document: the holder downloading it, or an official writing it to a file.
    public enum Generator: Sendable, Equatable {
        case applicant(Int64)
        case official(Int64)

        public var kind: String {
            switch self {
            case .applicant: return "applicant"
            case .official: return "official"
            }
        }
        public var id: Int64 {
            switch self {
            case .applicant(let id), .official(let id): return id
            }
        }
    }

    public var serial: String
    public var registrationId: Int64
    public var version: Int
    public var generatedAt: Date
    public var validUntil: CalendarDate
    public var digest: String
    public var generatedBy: Generator
    /// The SHA-256 of the photo the document printed, which its payload (RC2) covers; nil for a
    /// document without one (RC1).
    public var photoDigest: String?

    public init(
        serial: String, registrationId: Int64, version: Int, generatedAt: Date, validUntil: CalendarDate,
        digest: String,
        generatedBy: Generator, photoDigest: String? = nil
    ) {
        self.serial = serial
        self.registrationId = registrationId
        self.version = version
        self.generatedAt = generatedAt
        self.validUntil = validUntil
        self.digest = digest
        self.generatedBy = generatedBy
        self.photoDigest = photoDigest
    }
}
