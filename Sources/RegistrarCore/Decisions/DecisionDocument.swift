import Foundation

/// One written decision, exactly as printed: made once at the decision, kept with the filing, and
/// rendered again from these values whenever it is asked for (the same values give the same PDF).
///
/// The core decides every word (`DecisionText`); the renderer only lays them out.
public struct DecisionDocument: Sendable, Equatable, Codable {
    public var kind: DecisionKind
    /// Unique: `<province abbreviation>建注<kind letter>〔<year>〕<filing id, six digits>-<round>号`.
    public var number: String
    public var filingId: Int64
    public var round: Int
    public var applicantId: Int64
    /// The registration authority's name (the province's department).
    public var authority: String
    public var provinceCode: ProvinceCode
    public var issuedOn: CalendarDate
    public var issuedAt: Date
    /// The applicant, as addressed: name and masked ID number.
    public var addressee: String
    /// The paragraphs before the numbered items.
    public var opening: [String]
    /// The numbered items: what to correct, or the grounds of a refusal with their articles.
    public var items: [String]
    /// The paragraphs after the items (the period to correct, the opinion, the remedies).
    public var closing: [String]
    /// Lower-case hex SHA-256 of `canonicalData`, signed in the QR code.
    public var digest: String
    /// The QR code's text: the verification URL carrying the signed payload; nil when the
    /// installation had no signing key at the decision.
    public var qrText: String?

    public init(
        kind: DecisionKind, number: String, filingId: Int64, round: Int, applicantId: Int64, authority: String,
        provinceCode: ProvinceCode, issuedOn: CalendarDate, issuedAt: Date, addressee: String, opening: [String], items: [String],
        closing: [String], digest: String = "", qrText: String? = nil
    ) {
        self.kind = kind
        self.number = number
        self.filingId = filingId
        self.round = round
        self.applicantId = applicantId
        self.authority = authority
        self.provinceCode = provinceCode
        self.issuedOn = issuedOn
        self.issuedAt = issuedAt
        self.addressee = addressee
        self.opening = opening
        self.items = items
        self.closing = closing
        self.digest = digest
        self.qrText = qrText
    }

    /// `2026年3月2日`, as official documents write a date.
    public static func chineseDate(_ date: CalendarDate) -> String { "\(date.year)年\(date.month)月\(date.day)日" }

    /// The printed text in one canonical form, the input of `digest`: one `name=value` line per
    /// field, UTF-8, values with `\`, line breaks and `|` escaped.
    public var canonicalData: [UInt8] {
        let escaped = CanonicalData.escaped
        var lines = [
            "format=RD1-data", "kind=\(kind.rawValue)", "number=\(escaped(number))", "filing=\(filingId)", "round=\(round)",
            "authority=\(escaped(authority))", "issued=\(issuedOn)", "addressee=\(escaped(addressee))",
        ]
        lines += opening.map { "opening=\(escaped($0))" }
        lines += items.map { "item=\(escaped($0))" }
        lines += closing.map { "closing=\(escaped($0))" }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The payload the QR code carries.
    public var payload: DecisionPayload {
        DecisionPayload(number: number, kind: kind, issuedOn: issuedOn, digest: digest)
    }
}

/// What a written decision's QR code carries and the installation signs:
///
///     RD1|<number>|<kind>|<issued yyyy-MM-dd>|<digest>
///
/// signed with the same key as certificates and carried the same way (`<payload>.<signature>`,
/// unpadded base64url, as the URL's `d` parameter). Parsing is strict: only `bytes`' own form.
public struct DecisionPayload: Sendable, Equatable {
    public static let format = "RD1"
    public var number: String
    public var kind: DecisionKind
    public var issuedOn: CalendarDate
    public var digest: String

    public var bytes: [UInt8] {
        Array([Self.format, number, kind.rawValue, issuedOn.description, digest].joined(separator: "|").utf8)
    }

    public static func parse(_ bytes: [UInt8]) -> DecisionPayload? {
        guard bytes.count <= 512, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, fields[0] == format, (5...64).contains(fields[1].count),
            let kind = DecisionKind(rawValue: fields[2]), let day = CalendarDate(fields[3]),
            fields[4].count == 64, fields[4].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        let payload = DecisionPayload(number: fields[1], kind: kind, issuedOn: day, digest: fields[4])
        return payload.bytes == bytes ? payload : nil
    }

    /// `<payload>.<signature>`, both base64url.
    public static func token(_ payload: DecisionPayload, signature: [UInt8]) -> String {
        CertificateBase64.encode(payload.bytes) + "." + CertificateBase64.encode(signature)
    }

    /// The payload and signature in a QR text (the whole URL or the `d` parameter's value alone).
    public static func parse(qrText: String) -> (payload: DecisionPayload, signature: [UInt8])? {
        let text = qrText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= SealedCertificate.maxTextLength else { return nil }
        let token: Substring
        if let query = text.firstIndex(of: "?") {
            let values = text[text.index(after: query)...].split(separator: "&").filter { $0.hasPrefix("d=") }
            guard values.count == 1, let value = values.first else { return nil }
            token = value.dropFirst(2)
        } else {
            token = Substring(text)
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let bytes = CertificateBase64.decode(parts[0]), let signature = CertificateBase64.decode(parts[1]),
            let payload = parse(bytes)
        else { return nil }
        return (payload, signature)
    }
}

/// The public answer about a written decision's QR code.
public struct DecisionVerification: Sendable, Equatable, Encodable {
    /// `genuine` or `not_genuine`.
    public var status: String
    public var message: String
    public var number: String?
    public var title: String?
    public var authority: String?
    public var issuedOn: CalendarDate?

    public static let notGenuine = DecisionVerification(
        status: "not_genuine", message: "验证未通过：该文书不是本系统出具的，或内容已被改动")
}
