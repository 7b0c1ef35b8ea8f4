import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// The pure rules: the usage window, the signed payload's one form, the issuing authority, settings.
@Suite("Certificate rules")
struct RulesTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// (generated, usage days, specialty expiries, birth date, last day, why)
    static let windows: [(String, Int, [String], String, String, String)] = [
        ("2026-03-02", 180, ["2029-03-01"], "1980-01-01", "2026-08-28", "180 days counting the day of generation"),
        ("2026-03-02", 1, ["2029-03-01"], "1980-01-01", "2026-03-02", "one day: the day itself"),
        ("2026-03-02", 180, ["2026-05-01", "2029-03-01"], "1980-01-01", "2026-05-01", "capped by the earliest expiry"),
        ("2026-03-02", 180, ["2029-03-01", "2026-03-02"], "1980-01-01", "2026-03-02", "an expiry today caps to today"),
        ("2026-03-02", 180, ["2029-03-01"], "1961-04-01", "2026-03-31", "capped by the day before the 65th birthday"),
        ("2026-03-02", 180, ["2026-03-20"], "1961-04-01", "2026-03-20", "the earlier of expiry and birthday"),
        ("2026-03-02", 180, ["2029-03-01"], "1961-08-28", "2026-08-27", "a birthday on the window's last day"),
        ("2026-03-02", 180, ["2029-03-01"], "1961-08-29", "2026-08-28", "a birthday the day after the window"),
        (
            "2028-12-01", 180, ["2031-03-01"], "1964-02-29", "2029-02-27",
            "born on 29 February: 65th birthday 28 February in a common year"
        ),
        ("2026-12-31", 180, ["2029-03-01"], "1980-01-01", "2027-06-28", "across a year end"),
    ]

    @Test("the usage window", arguments: windows)
    func usageWindow(_ row: (String, Int, [String], String, String, String)) {
        let (generated, days, expiries, birth, last, why) = row
        #expect(
            UsageWindow.lastDay(
                generatedOn: Self.day(generated), usageDays: days, specialtyExpiries: expiries.map(Self.day),
                birthDate: Self.day(birth),
                ageLimit: 65) == Self.day(last), "\(why)")
    }

    static let payload = CertificatePayload(
        registrationNumber: "京111252600001", sealCheckCode: "00", version: 12, serial: "0123456789ABCDEF",
        validUntil: day("2026-08-28"),
        digest: String(repeating: "0a", count: 32))

    @Test("the payload's signed form, and its parse")
    func payloadForm() throws {
        let text = String(decoding: Self.payload.bytes, as: UTF8.self)
        #expect(text == "RC1|京111252600001|00|12|0123456789ABCDEF|2026-08-28|" + String(repeating: "0a", count: 32))
        #expect(CertificatePayload.parse(Self.payload.bytes) == Self.payload)
    }

    @Test("RC2 covers the printed photo's digest; RC1, without it, still parses; each tag only in its own layout")
    func photoPayloadForm() throws {
        let photo = String(repeating: "5b", count: 32)
        var payload = Self.payload
        payload.photoDigest = photo
        let text = String(decoding: payload.bytes, as: UTF8.self)
        #expect(text == "RC2|京111252600001|00|12|0123456789ABCDEF|2026-08-28|" + String(repeating: "0a", count: 32) + "|" + photo)
        #expect(CertificatePayload.parse(payload.bytes) == payload)
        #expect(CertificatePayload.parse(Self.payload.bytes)?.photoDigest == nil)
        let rc1WithPhoto = "RC1" + text.dropFirst(3)
        #expect(CertificatePayload.parse(Array(rc1WithPhoto.utf8)) == nil)
        for bad in [String(repeating: "5B", count: 32), String(repeating: "5b", count: 31), ""] {
            #expect(CertificatePayload.parse(Array((text.dropLast(64) + bad).utf8)) == nil, "\(bad)")
        }
        // Another photo is another signed message.
        var other = payload
        other.photoDigest = String(repeating: "5c", count: 32)
        #expect(other.bytes != payload.bytes)
    }

    @Test(
        "only the canonical form parses",
        arguments: [
            "RC2|京111252600001|00|12|0123456789ABCDEF|2026-08-28|",
            "RC1|京111252600001|0|12|0123456789ABCDEF|2026-08-28|",
            "RC1|京111252600001|00|012|0123456789ABCDEF|2026-08-28|",
            "RC1|京111252600001|00|+12|0123456789ABCDEF|2026-08-28|",
            "RC1|京111252600001|00|0|0123456789ABCDEF|2026-08-28|",
            "RC1|京111252600001|00|12|0123456789abcdef|2026-08-28|",
            "RC1|京111252600001|00|12|0123456789ABCDE|2026-08-28|",
            "RC1|京111252600001|00|12|0123456789ABCDEF|2026-8-28|",
            "RC1|京111252600001|00|12|0123456789ABCDEF|2026-02-30|", "RC1||00|12|0123456789ABCDEF|2026-08-28|",
            "RC1|京111252600001|00|12|0123456789ABCDEF|2026-08-28|extra|",
        ])
    func strictParse(prefix: String) {
        let digest = String(repeating: "0a", count: 32)
        #expect(CertificatePayload.parse(Array((prefix + (prefix.hasSuffix("extra|") ? "" : digest)).utf8)) == nil)
        #expect(
            CertificatePayload.parse(Array((String(decoding: Self.payload.bytes, as: UTF8.self) + "\n").utf8)) == nil)
        #expect(
            CertificatePayload.parse(Array(String(decoding: Self.payload.bytes, as: UTF8.self).uppercased().utf8))
                == nil)
    }

    @Test("the QR text: URL or bare token, base64url strict")
    func qrText() throws {
        let signer = Ed25519Signer()
        let sealed = SealedCertificate(payload: Self.payload, signature: signer.sign(Self.payload.bytes))
        let url = sealed.qrText(baseURL: "https://registrar.example.cn/api/v1/public/certificates/verify")
        #expect(url.hasPrefix("https://registrar.example.cn/api/v1/public/certificates/verify?c="))
        #expect(SealedCertificate.parse(qrText: url) == sealed)
        #expect(SealedCertificate.parse(qrText: sealed.token) == sealed)
        #expect(SealedCertificate.parse(qrText: "  " + url + "\n") == sealed)
        #expect(SealedCertificate.parse(qrText: sealed.qrText(baseURL: "https://x.cn/v?lang=zh")) == sealed)
        #expect(SealedCertificate.parse(qrText: url + "&c=" + sealed.token) == nil)
        #expect(SealedCertificate.parse(qrText: url + "=") == nil)
        #expect(SealedCertificate.parse(qrText: String(repeating: "A", count: 5000)) == nil)
        // The token's parts are standard unpadded base64url, as RegistrarCrypto writes it.
        #expect(sealed.token == Base64URL.encode(Self.payload.bytes) + "." + Base64URL.encode(sealed.signature))
        #expect(Ed25519Signer.verifyCertificate(qrText: url, publicKey: signer.publicKey) == Self.payload)
        #expect(Ed25519Signer.verifyCertificate(qrText: url, publicKey: Ed25519Signer().publicKey) == nil)
        #expect(signer.verify(signature: sealed.signature, message: Self.payload.bytes))
        #expect(
            Self.payload.usageWindowOpen(on: Self.day("2026-08-28"))
                && !Self.payload.usageWindowOpen(on: Self.day("2026-08-29")))
    }

    @Test(
        "the issuing authority",
        arguments: [
            ("11", "北京市住房和城乡建设委员会"), ("12", "天津市住房和城乡建设委员会"), ("31", "上海市住房和城乡建设管理委员会"),
            ("50", "重庆市住房和城乡建设委员会"), ("44", "广东省住房和城乡建设厅"), ("45", "广西壮族自治区住房和城乡建设厅"),
            ("65", "新疆维吾尔自治区住房和城乡建设厅"),
        ])
    func authority(code: ProvinceCode, name: String) {
        #expect(IssuingAuthority.name(provinceCode: code, reference: CertificateHarness.reference) == name)
    }

    @Test("the issuing authority of a province the reference list lacks is the generic one; 99 is no province")
    func authorityOutsideTheList() {
        let r = CertificateHarness.reference
        let without = ReferenceData(
            provinces: r.provinces.filter { $0.code != "65" }, specialties: r.specialties, ethnicities: r.ethnicities,
            educationLevels: r.educationLevels, degrees: r.degrees, cancellationReasons: r.cancellationReasons,
            replacementReasons: r.replacementReasons, refusalGrounds: r.refusalGrounds)
        #expect(IssuingAuthority.name(provinceCode: "65", reference: without) == "省级住房和城乡建设主管部门")
        let unknown = "99"
        #expect(ProvinceCode(unknown) == nil)
    }

    @Test("certificate settings: defaults, the shipped file, bad values")
    func settings() throws {
        let shipped = try Settings(try ConfigFile.load(path: Repository.root + "/Config/registrar.conf"))
        #expect(shipped.certificateUsageDays == 180)
        #expect(shipped.certificateVerifyBaseURL == "http://127.0.0.1:8080/api/v1/public/certificates/verify")
        #expect(
            Settings.keys.contains("certificate.usage_days") && Settings.keys.contains("certificate.verify_base_url"))
        let custom = try Settings(
            try ConfigFile(text: "[certificate]\nusage_days = 90\nverify_base_url = https://jzs.example.gov.cn/v\n"))
        #expect(custom.certificateUsageDays == 90 && custom.certificateVerifyBaseURL == "https://jzs.example.gov.cn/v")
        for bad in [
            "usage_days = 0", "usage_days = many", "verify_base_url = ftp://x", "verify_base_url = https://x/#y",
        ] {
            #expect(throws: Settings.Invalid.self) { try Settings(try ConfigFile(text: "[certificate]\n\(bad)\n")) }
        }
    }
}
