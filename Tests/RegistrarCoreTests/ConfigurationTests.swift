import Foundation
import RegistrarRuntime
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

@Suite("Configuration and reference data")
struct ConfigurationTests {
    @Test("the shipped registrar.conf parses to the defaults")
    func shippedDefaults() throws {
        let file = try ConfigFile.load(path: Repository.config + "/registrar.conf")
        let settings = try Settings(file)
        #expect(settings == Settings())
        // Every core key is documented in the shipped file.
        for key in Settings.keys { #expect(file[key] != nil, "\(key) missing from Config/registrar.conf") }
    }

    @Test("policy table from configuration")
    func policy() throws {
        let file = try ConfigFile(text: "[policy]\nregular_kinds = initial, continuation\n")
        let settings = try Settings(file)
        #expect(settings.allowedKinds[.regular] == [.initial, .continuation])
        #expect(settings.allowedKinds[.temporary] == Set(FilingKind.allCases))
    }

    @Test(
        "bad values are refused with the key",
        arguments: [
            "[policy]\nregular_kinds = initial, teleport\n", "[sms]\ncode_minutes = ten\n", "[password]\nargon2_memory_kib = 1024\n",
            "[password]\nrequire_digit = maybe\n", "[certificate]\ndecision_verify_base_url = ftp://x\n",
            "[policy]\ncontinuation_opens_days = 20\ncontinuation_closes_days = 30\n",
            "[deadlines]\ncorrection_days = 0\n", "[duties]\nexpiry_reminder_days = 90, 90\n", "[duties]\nexpiry_reminder_days = 90,,30\n",
            "[duties]\nexpiry_reminder_days = 400\n", "[retention]\nunverified_scan_days = 7\n",
            "[security]\nofficial_totp = optional\n",
        ])
    func badValues(text: String) throws {
        let file = try ConfigFile(text: text)
        #expect(throws: Settings.Invalid.self) { try Settings(file) }
    }

    @Test("official_totp is required by default, and off or required as the file says")
    func officialTOTP() throws {
        #expect(Settings().officialTOTP == .required)
        #expect(try Settings(ConfigFile(text: "[security]\nofficial_totp = off\n")).officialTOTP == .off)
        #expect(try Settings(ConfigFile(text: "[security]\nofficial_totp = required\n")).officialTOTP == .required)
    }

    @Test("reminder days are read in any order and kept largest first")
    func reminderDays() throws {
        #expect(try Settings(ConfigFile(text: "[duties]\nexpiry_reminder_days = 30, 120,60\n")).expiryReminderDays == [120, 60, 30])
    }

    @Test("the console draws pictures as symbols; sixel and kitty are refused as not implemented, not taken silently")
    func imageProtocol() throws {
        #expect(try Settings(ConfigFile(text: "[console]\nimage_protocol = symbols\n")).consoleImageProtocol == "symbols")
        for value in ["sixel", "kitty"] {
            #expect(throws: Settings.Invalid(key: "console.image_protocol", reason: "'\(value)' is not implemented yet; only 'symbols' is"))
            {
                try Settings(ConfigFile(text: "[console]\nimage_protocol = \(value)\n"))
            }
        }
        #expect(throws: Settings.Invalid.self) { try Settings(ConfigFile(text: "[console]\nimage_protocol = ascii\n")) }
    }

    @Test("syntax errors name the line")
    func syntax() {
        #expect(throws: ConfigFile.ParseError(line: 2, reason: "expected key = value")) { try ConfigFile(text: "[a]\nnonsense\n") }
        #expect(throws: ConfigFile.ParseError(line: 1, reason: "key outside a section")) { try ConfigFile(text: "a = b\n") }
    }

    @Test("reference lists load")
    func reference() throws {
        let data = try ReferenceData.load(directory: Repository.config + "/reference")
        #expect(data.provinces.count == 31)
        #expect(data.specialties.count == 10)
        #expect(data.ethnicities.count == 56)
        #expect(data.cancellationReasons.count == 11)
        #expect(try data.province("11").abbreviation == "京")
        #expect(try data.specialty("highway").coReviewedByOtherMinistry)
        #expect(throws: RegistrarError.self) { try data.province("99") }
    }

    @Test("agreement texts carry versions")
    func texts() throws {
        let notice = try AgreementText.load(path: Repository.config + "/texts/registration-notice.txt")
        #expect(!notice.version.isEmpty)
        #expect(notice.body.contains("注册须知"))
        #expect(AgreementText.parse("no version\ntext") == nil)
    }

    @Test("CSV records with quotes, CRLF and blank lines")
    func csv() throws {
        var reader = CSVReader(text: "a,b\r\n\"x,1\",\"he said \"\"hi\"\"\"\n\n\"multi\nline\",z\nlast,")
        #expect(try reader.nextRecord() == ["a", "b"])
        #expect(try reader.nextRecord() == ["x,1", "he said \"hi\""])
        #expect(reader.line == 2)
        #expect(try reader.nextRecord() == ["multi\nline", "z"])
        #expect(reader.line == 4)
        #expect(try reader.nextRecord() == ["last", ""])
        #expect(try reader.nextRecord() == nil)
        var bad = CSVReader(text: "\"open,1\n")
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 1)) { try bad.nextRecord() }
    }

    @Test(
        "password policy",
        arguments: [
            ("abc12345x", nil), ("short1", "password.too_short"), ("onlyletters", "password.needs_digit"),
            ("1234567890", "password.needs_letter"),
            ("password123", "password.common"), ("中文密码abc123", "password.characters"), ("has space1", "password.characters"),
            ("aaaa1111", "password.common"),
        ])
    func passwords(password: String, code: String?) {
        let policy = PasswordPolicy(settings: Settings())
        do {
            try policy.check(password)
            #expect(code == nil, "\(password) accepted")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("a password may not contain the ID number or phone")
    func personalPassword() {
        let policy = PasswordPolicy(settings: Settings())
        #expect(throws: RegistrarError.self) { try policy.check("ab345678x", phone: "13812345678") }
    }
}
