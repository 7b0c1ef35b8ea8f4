import Foundation

/// Every setting the core reads, with the defaults of `Config/registrar.conf`.
///
/// `Settings.keys` lists every key the core understands; adapters add their own lists, and the
/// union is checked against the configuration file and its man page.
public struct Settings: Sendable, Equatable {
    // [policy]
    /// Which filing kinds each qualification accepts (by default as docs/domain-rules.md, "Filings: kinds, agreements and proofs", says).
    public var allowedKinds: [QualificationKind: Set<FilingKind>] = [
        .regular: [.initial, .additional, .cancellation, .reRegistration, .replacement, .personalInfo],
        .temporary: Set(FilingKind.allCases),
    ]
    public var validityYears = 3
    public var ageLimit = 65
    public var continuationOpensDays = 90
    public var continuationClosesDays = 30
    /// Initial registration this many years after the qualification was issued needs proof of continuing education.
    public var continuingEducationYears = 3

    // [deadlines]
    public var acceptanceWorkingDays = 5
    /// Working days to decide after acceptance, for a kind `kindDeadlines` does not name.
    public var decisionWorkingDays = 20
    /// The decision deadline of each kind that differs from `decisionWorkingDays` (`deadlines.kinds`):
    /// by default a replacement (补办) is accepted and decided within 5 working days in total.
    public var kindDeadlines: [FilingKind: KindDeadline] = [.replacement: .total(5)]
    /// Calendar days an applicant has to correct and resubmit a returned filing; after them the
    /// scheduled duties close it (it lapses).
    public var correctionDays = 30

    // [duties]
    /// Days before a specialty expires on which its holder is reminded, largest first.
    public var expiryReminderDays = [90, 60, 30]
    /// Days before the continuation window closes on which its holder is reminded.
    public var continuationClosingDays = 7
    /// Days before the birthday at `ageLimit` on which a registered holder is told their registration ends.
    public var ageLimitNoticeDays = 90

    // [retention]
    /// Days after which ID scans of an account never verified are removed (PIPL Art. 19).
    public var unverifiedScanDays = 180

    // [password]
    public var passwordMinLength = 8
    public var passwordMaxLength = 64
    public var passwordRequireLetter = true
    public var passwordRequireDigit = true
    public var passwordRequireSymbol = false
    public var passwordRequireMixedCase = false
    /// Days until a password must be changed; 0 for never.
    public var passwordExpiryDays = 0
    public var argon2MemoryKiB = 19456
    public var argon2Iterations = 2

    // [lockout]
    public var lockoutFailures = 5
    public var lockoutMinutes = 15

    // [sessions]
    public var applicantIdleMinutes = 30
    public var applicantAbsoluteHours = 12
    public var consoleIdleMinutes = 15
    public var consoleAbsoluteHours = 12
    /// A session's last-seen time is written at most this often, so that reads do not become writes.
    public var sessionTouchSeconds = 60

    // [security]
    /// Whether officials sign in to the console with a second factor after the password (TOTP, RFC 6238).
    public enum OfficialTOTP: String, Sendable, Equatable, CaseIterable {
        /// A 6-digit code from the official's authenticator after the password; the first login enrols it.
        case required
        /// The password alone (development: `registrar-console --development` turns it off).
        case off
    }
    public var officialTOTP = OfficialTOTP.required

    // [console]
    /// How registrar-console draws the applicant's pictures: `symbols` (colour block characters in
    /// terminal cells, through ncurses) is the only way implemented; sixel and kitty are refused.
    public var consoleImageProtocol = "symbols"
    /// Where the console writes exports: empty for wherever the official says; else an absolute
    /// directory holding one 0700 directory per official, and nowhere else (`ExportDirectory`).
    public var consoleExportDirectory = ""

    // [sms]
    public var smsCodeMinutes = 10
    public var smsMaxAttempts = 5
    public var smsResendSeconds = 60
    public var smsDailyCap = 10

    // [captcha]
    public var captchaLength = 5
    public var captchaSeconds = 120

    // [attachments]
    /// The standard ID photo every accepted photo is made into.
    public var photoWidth = 295
    public var photoHeight = 413
    /// How far an uploaded photo's width-to-height ratio may be from the standard's, as a fraction
    /// of it (see `StandardPhoto`).
    public var photoAspectTolerance = 0.10
    /// The largest photo file accepted: a phone's original, before it is made into the standard photo.
    public var photoMaxBytes = 5_242_880
    public var scanMaxBytes = 5_242_880
    public var maxPixels = 25_000_000
    public var minImageSide = 200

    // [certificate]
    /// The public verification route the QR code points at; its `c` parameter carries the signed payload.
    public var certificateVerifyBaseURL = "http://127.0.0.1:8080/api/v1/public/certificates/verify"
    /// The public verification route a written decision's QR code points at; its `d` parameter carries the signed payload.
    public var decisionVerifyBaseURL = "http://127.0.0.1:8080/api/v1/public/decisions/verify"
    /// Days a downloaded certificate may be used (使用时限), counting the day of download.
    public var certificateUsageDays = 180

    public init() {}

    /// The limits an uploaded image of a kind must meet.
    public struct AttachmentLimits: Sendable, Equatable {
        public var contentTypes: [String]
        public var maxBytes: Int
        public var maxPixels: Int
        /// For the ID photo: the standard it is made into, which replaces `minSide`.
        public var standardPhoto: StandardPhoto?
        public var minSide: Int
        public var formatText: String { contentTypes == ["image/jpeg"] ? "JPEG" : "JPEG或PNG" }
    }

    /// Where the console may write an official's exports.
    public var exportDirectory: ExportDirectory { ExportDirectory(base: consoleExportDirectory) }

    public func attachmentLimits(for kind: AttachmentKind) -> AttachmentLimits {
        if kind == .photo {
            return AttachmentLimits(
                contentTypes: ["image/jpeg", "image/png"], maxBytes: photoMaxBytes, maxPixels: maxPixels,
                standardPhoto: StandardPhoto(width: photoWidth, height: photoHeight, tolerance: photoAspectTolerance),
                minSide: min(photoWidth, photoHeight))
        }
        return AttachmentLimits(
            contentTypes: ["image/jpeg", "image/png"], maxBytes: scanMaxBytes, maxPixels: maxPixels, standardPhoto: nil,
            minSide: minImageSide)
    }

    public static let keys: [String] = [
        "policy.regular_kinds", "policy.temporary_kinds", "policy.validity_years", "policy.age_limit",
        "policy.continuation_opens_days", "policy.continuation_closes_days", "policy.continuing_education_years",
        "deadlines.acceptance_working_days", "deadlines.decision_working_days", "deadlines.kinds", "deadlines.correction_days",
        "duties.expiry_reminder_days", "duties.continuation_closing_days", "duties.age_limit_notice_days",
        "retention.unverified_scan_days",
        "password.min_length", "password.max_length", "password.require_letter", "password.require_digit",
        "password.require_symbol", "password.require_mixed_case", "password.expiry_days", "password.argon2_memory_kib",
        "password.argon2_iterations",
        "lockout.failures", "lockout.minutes",
        "sessions.applicant_idle_minutes", "sessions.applicant_absolute_hours", "sessions.console_idle_minutes",
        "sessions.console_absolute_hours", "sessions.touch_seconds",
        "security.official_totp",
        "console.image_protocol", "console.export_directory",
        "sms.code_minutes", "sms.max_attempts", "sms.resend_seconds", "sms.daily_cap",
        "captcha.length", "captcha.seconds",
        "attachments.photo_width", "attachments.photo_height", "attachments.photo_aspect_tolerance",
        "attachments.photo_max_bytes", "attachments.scan_max_bytes",
        "attachments.max_pixels", "attachments.min_side",
        "certificate.verify_base_url", "certificate.decision_verify_base_url", "certificate.usage_days",
    ]

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var key: String
        public var reason: String
        public var description: String { "setting \(key): \(reason)" }
        public init(key: String, reason: String) {
            self.key = key
            self.reason = reason
        }
    }

    /// Reads the core's keys from a configuration file; absent keys keep their defaults.
    public init(_ file: ConfigFile) throws {
        func int(_ key: String, _ range: ClosedRange<Int>, _ target: inout Int) throws {
            if let value = try file.integer(key, in: range) { target = value }
        }
        func bool(_ key: String, _ target: inout Bool) throws {
            if let value = try file.boolean(key) { target = value }
        }
        func kinds(_ key: String, _ qualification: QualificationKind) throws {
            guard let text = file[key] else { return }
            var set = Set<FilingKind>()
            for part in text.split(separator: ",") {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard let kind = FilingKind(rawValue: name) else { throw Invalid(key: key, reason: "unknown filing kind '\(name)'") }
                set.insert(kind)
            }
            allowedKinds[qualification] = set
        }
        try kinds("policy.regular_kinds", .regular)
        try kinds("policy.temporary_kinds", .temporary)
        try int("policy.validity_years", 1...10, &validityYears)
        try int("policy.age_limit", 18...100, &ageLimit)
        try int("policy.continuation_opens_days", 1...365, &continuationOpensDays)
        try int("policy.continuation_closes_days", 0...365, &continuationClosesDays)
        guard continuationClosesDays < continuationOpensDays else {
            throw Invalid(key: "policy.continuation_closes_days", reason: "must be less than policy.continuation_opens_days")
        }
        try int("policy.continuing_education_years", 1...20, &continuingEducationYears)
        try int("deadlines.acceptance_working_days", 1...60, &acceptanceWorkingDays)
        try int("deadlines.decision_working_days", 1...120, &decisionWorkingDays)
        if let text = file["deadlines.kinds"] { kindDeadlines = try KindDeadline.parseList(text, key: "deadlines.kinds") }
        try int("deadlines.correction_days", 1...365, &correctionDays)
        if let text = file["duties.expiry_reminder_days"] {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let days = parts.compactMap { Int($0) }.filter { (1...365).contains($0) }
            guard days.count == parts.count, days.count <= 10, Set(days).count == days.count else {
                let reason = "expected distinct whole numbers in 1...365 separated by commas, got '\(text)'"
                throw Invalid(key: "duties.expiry_reminder_days", reason: reason)
            }
            expiryReminderDays = days.sorted(by: >)
        }
        try int("duties.continuation_closing_days", 1...90, &continuationClosingDays)
        try int("duties.age_limit_notice_days", 1...365, &ageLimitNoticeDays)
        try int("retention.unverified_scan_days", 30...3650, &unverifiedScanDays)
        try int("password.min_length", 8...64, &passwordMinLength)
        try int("password.max_length", 8...1024, &passwordMaxLength)
        guard passwordMinLength <= passwordMaxLength else {
            throw Invalid(key: "password.max_length", reason: "must not be less than password.min_length")
        }
        try bool("password.require_letter", &passwordRequireLetter)
        try bool("password.require_digit", &passwordRequireDigit)
        try bool("password.require_symbol", &passwordRequireSymbol)
        try bool("password.require_mixed_case", &passwordRequireMixedCase)
        try int("password.expiry_days", 0...3650, &passwordExpiryDays)
        try int("password.argon2_memory_kib", 19456...4_194_304, &argon2MemoryKiB)
        try int("password.argon2_iterations", 2...20, &argon2Iterations)
        try int("lockout.failures", 1...100, &lockoutFailures)
        try int("lockout.minutes", 1...1440, &lockoutMinutes)
        try int("sessions.applicant_idle_minutes", 1...1440, &applicantIdleMinutes)
        try int("sessions.applicant_absolute_hours", 1...168, &applicantAbsoluteHours)
        try int("sessions.console_idle_minutes", 1...1440, &consoleIdleMinutes)
        try int("sessions.console_absolute_hours", 1...168, &consoleAbsoluteHours)
        try int("sessions.touch_seconds", 0...3600, &sessionTouchSeconds)
        if let text = file["security.official_totp"] {
            guard let value = OfficialTOTP(rawValue: text) else {
                throw Invalid(key: "security.official_totp", reason: "expected required or off, got '\(text)'")
            }
            officialTOTP = value
        }
        if let text = file["console.image_protocol"] {
            switch text {
            case "symbols": consoleImageProtocol = text
            case "sixel", "kitty":
                throw Invalid(key: "console.image_protocol", reason: "'\(text)' is not implemented yet; only 'symbols' is")
            default: throw Invalid(key: "console.image_protocol", reason: "expected symbols, got '\(text)'")
            }
        }
        if let text = file["console.export_directory"] {
            guard text.isEmpty || (text.hasPrefix("/") && !text.split(separator: "/").contains("..")) else {
                throw Invalid(key: "console.export_directory", reason: "expected an absolute directory or nothing, got '\(text)'")
            }
            consoleExportDirectory = text
        }
        try int("sms.code_minutes", 1...60, &smsCodeMinutes)
        try int("sms.max_attempts", 1...20, &smsMaxAttempts)
        try int("sms.resend_seconds", 0...3600, &smsResendSeconds)
        try int("sms.daily_cap", 1...1000, &smsDailyCap)
        try int("captcha.length", 4...8, &captchaLength)
        try int("captcha.seconds", 30...900, &captchaSeconds)
        try int("attachments.photo_width", 100...2000, &photoWidth)
        try int("attachments.photo_height", 100...2000, &photoHeight)
        if let text = file["attachments.photo_aspect_tolerance"] {
            // Digits, a point and at most four places: exactly the ten-thousandths StandardPhoto compares in.
            let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let digits = { (part: Substring) in !part.isEmpty && part.allSatisfy { "0123456789".contains($0) } }
            guard digits(parts[0]), parts.count == 1 || digits(parts[1]) && parts[1].count <= 4, let value = Double(text),
                (0...0.30).contains(value)
            else {
                let reason = "expected a decimal in 0...0.30 with at most four places, got '\(text)'"
                throw Invalid(key: "attachments.photo_aspect_tolerance", reason: reason)
            }
            photoAspectTolerance = value
        }
        try int("attachments.photo_max_bytes", 10_240...10_485_760, &photoMaxBytes)
        try int("attachments.scan_max_bytes", 10_240...52_428_800, &scanMaxBytes)
        try int("attachments.max_pixels", 10_000...100_000_000, &maxPixels)
        try int("attachments.min_side", 1...2000, &minImageSide)
        for (key, target) in [
            ("certificate.verify_base_url", \Settings.certificateVerifyBaseURL),
            ("certificate.decision_verify_base_url", \Settings.decisionVerifyBaseURL),
        ] {
            guard let url = file[key] else { continue }
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count <= 200, !url.contains(" "), !url.contains("#")
            else {
                throw Invalid(key: key, reason: "expected an http(s) URL without spaces or '#', got '\(url)'")
            }
            self[keyPath: target] = url
        }
        try int("certificate.usage_days", 1...3650, &certificateUsageDays)
    }
}

/// A versioned text the applicant agrees to (注册须知, 个人承诺事项), kept as an editable file whose
/// first line is `version: …`.
public struct AgreementText: Sendable, Equatable {
    public var version: String
    public var body: String
    public init(version: String, body: String) {
        self.version = version
        self.body = body
    }

    public static func parse(_ text: String) -> AgreementText? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.lowercased().hasPrefix("version:") else { return nil }
        let version = first.dropFirst("version:".count).trimmingCharacters(in: .whitespaces)
        guard !version.isEmpty else { return nil }
        lines.removeFirst()
        return AgreementText(version: version, body: lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// The agreement texts: the notice and the personal commitments every filing agrees to, and the
/// continuing-education commitment an applicant may give instead of a proof.
public struct AgreementTexts: Sendable, Equatable {
    public var notice: AgreementText
    public var commitment: AgreementText
    /// 继续教育承诺: the applicant commits to having completed the required continuing education.
    public var educationCommitment: AgreementText
    public init(notice: AgreementText, commitment: AgreementText, educationCommitment: AgreementText) {
        self.notice = notice
        self.commitment = commitment
        self.educationCommitment = educationCommitment
    }
}
