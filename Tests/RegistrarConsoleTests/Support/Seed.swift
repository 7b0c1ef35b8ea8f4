import Foundation
import RegistrarDocuments
import Testing

@testable import RegistrarCore

/// Seeds what the console works on through the core's use cases and, for applicants and their
/// filings (which need images and SMS codes through the REST flow), straight through the store.
struct Seed {
    let registrar: Registrar
    var store: any Store { registrar.store }

    static func idNumber(_ sequence: Int, birth: String = "19800101") -> ResidentID {
        let body = "110105" + birth + String(format: "%03d", sequence % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        let sum = zip(body, weights).reduce(0) { $0 + (Int(String($1.0)) ?? 0) * $1.1 }
        guard let id = ResidentID(body + String(checks[sum % 11])) else { preconditionFailure("bad fixture") }
        return id
    }

    static func creditCode(_ serial: Int) -> CreditCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", serial)
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        guard let code = CreditCode(body + String(alphabet[(31 - sum % 31) % 31])) else { preconditionFailure("bad fixture") }
        return code
    }

    @discardableResult
    func enterprise(_ serial: Int = 1, name: String = "北京建工集团有限责任公司", province: ProvinceCode = "11") throws -> Enterprise {
        let enterprise = Enterprise(creditCode: Seed.creditCode(serial), name: name, provinceCode: province, status: .active)
        _ = try registrar.administration.importBatch(administrator: "test", .enterprises([enterprise]), source: "seed")
        return enterprise
    }

    /// An official with a known password (the generated one, changed once).
    func official(
        _ username: String, name: String = "工作人员", roles: Set<OfficialRole>, province: ProvinceCode = "11",
        password: String = "Review2026ok"
    )
        throws -> Official
    {
        let (official, generated) = try registrar.administration.createOfficial(
            administrator: "test", username: username, name: name, provinceCode: province.value, roles: roles)
        return try registrar.administration.changeOfficialPassword(official: official, old: generated, new: password, repeat: password)
    }

    /// An applicant as the REST flow leaves one: profile complete, account images attached,
    /// verified on site (or waiting for it in `province`).
    func applicant(
        _ n: Int, name: String = "张三", verified: Bool = true, province: ProvinceCode = "11", specialties: [String] = ["building"],
        kinds: [AttachmentKind] = AttachmentKind.accountKinds
    ) throws -> Applicant {
        let now = registrar.clock.now()
        let idNumber = Seed.idNumber(n)
        guard let phone = MobileNumber("139" + String(format: "%08d", n)) else { preconditionFailure("bad phone") }
        var applicant = Applicant(
            idNumber: idNumber, name: name, phone: phone, passwordHash: "unused",
            profile: ApplicantProfile(
                ethnicityCode: "01", email: "a\(n)@example.cn", educationCode: "21", degreeCode: "4", school: "清华大学", major: "土木工程"),
            verification: verified ? .verified : .pendingOnSite, verificationMethod: .onSite, verificationProvinceCode: province,
            verifiedAt: verified ? now : nil, createdAt: now)
        applicant.id = try store.write { try $0.insertApplicant(applicant) }
        try attach(applicant.id, kinds: kinds, filingId: nil)
        let rows = specialties.map {
            Qualification(
                idNumber: idNumber, name: name, kind: .regular, specialtyKey: $0, certificateNumber: "Z\(n)\($0)",
                issuedOn: CalendarDate(year: 2024, month: 6, day: 1) ?? CalendarDate(now))
        }
        _ = try registrar.administration.importBatch(administrator: "test", .qualifications(rows), source: "seed")
        return applicant
    }

    /// Stores fake image bytes and attachment rows.
    func attach(_ applicantId: Int64, kinds: [AttachmentKind], filingId: Int64?) throws {
        let now = registrar.clock.now()
        try store.write { tx in
            for kind in kinds {
                let bytes = Array("IMG:\(kind.rawValue):\(applicantId):\(filingId ?? 0)".utf8)
                let digest = registrar.digests.contentDigest(bytes)
                try tx.storeBlob(digest: digest, bytes: bytes)
                let size = kind == .photo ? (295, 413) : (800, 600)
                _ = try tx.insertAttachment(
                    AttachmentMeta(
                        ownerId: applicantId, kind: kind, filingId: filingId, contentType: "image/jpeg", byteCount: bytes.count,
                        width: size.0, height: size.1, digest: digest, uploadedAt: now))
            }
        }
    }

    /// A real photo (JPEG) and signature (PNG), newer than the fake bytes of `applicant`, for
    /// what prints them (the certificate).
    func realImages(_ applicantId: Int64) throws {
        func image(_ width: Int, _ height: Int, _ gray: UInt8) throws -> RasterImage {
            try #require(
                RasterImage(width: width, height: height, layout: .rgb, pixels: [UInt8](repeating: gray, count: width * height * 3)))
        }
        try upload(applicantId, .photo, try image(295, 413, 200))
        try upload(applicantId, .signature, try image(320, 120, 250), png: true)
    }

    /// A real picture (JPEG, or PNG) of an account's, newer than what it had.
    func upload(_ applicantId: Int64, _ kind: AttachmentKind, _ image: RasterImage, png: Bool = false) throws {
        let bytes = png ? image.pngData() : image.jpegData()
        try store.write { tx in
            let digest = registrar.digests.contentDigest(bytes)
            try tx.storeBlob(digest: digest, bytes: bytes)
            _ = try tx.insertAttachment(
                AttachmentMeta(
                    ownerId: applicantId, kind: kind, contentType: png ? "image/png" : "image/jpeg", byteCount: bytes.count,
                    width: image.width, height: image.height, digest: digest, uploadedAt: registrar.clock.now()))
        }
    }

    /// A submitted initial registration, as `submitFiling` would leave it.
    @discardableResult
    func initialFiling(
        _ applicant: Applicant, enterprise: Enterprise, submittedOn: CalendarDate? = nil, specialties: [String] = ["building"],
        qualification: QualificationKind = .regular, educationCommitment: EducationCommitment? = nil
    )
        throws -> Filing
    {
        let now = registrar.clock.now()
        let today = CalendarDate(now)
        let payload = FilingPayload.initial(
            Employment(
                enterpriseCode: enterprise.creditCode.value,
                contract: ContractDates(start: today.adding(days: -30), end: today.adding(years: 3)),
                specialties: specialties))
        var filing = Filing(
            applicantId: applicant.id, qualification: qualification, payload: payload, provinceCode: enterprise.provinceCode,
            submittedAt: now, submittedOn: submittedOn ?? today, noticeVersion: "n1", commitmentVersion: "c1",
            educationCommitment: educationCommitment, updatedAt: now)
        filing.id = try store.write { tx -> Int64 in
            let id = try tx.insertFiling(filing)
            try tx.appendFilingEvent(FilingEvent(filingId: id, at: now, round: 1, action: .submit, from: nil, to: .submitted))
            return id
        }
        return filing
    }
}
