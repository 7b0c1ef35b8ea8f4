import Foundation

/// What a certificate's QR code carries and the installation signs: enough to check the
/// document offline with nothing but the public key.
///
/// The signed bytes are the UTF-8 of one line of fields separated by `|`, in one of two layouts:
///
///     RC2|<registration number>|<seal check code>|<version>|<serial>|<valid until yyyy-MM-dd>|<digest>|<photo digest>
///     RC1|<registration number>|<seal check code>|<version>|<serial>|<valid until yyyy-MM-dd>|<digest>
///
/// e.g. `RC2|京111050700001|00|1|3F9A1C2B00D4E871|2026-08-28|<64 hex digits>|<64 hex digits>`. `version` is the
/// certificate version (a decimal without leading zeros), `serial` the document serial (16
/// upper-case hex digits, one per download), `digest` the lower-case hex SHA-256 of the printed
/// data (`CertificateDocument.canonicalData`), `photo digest` the lower-case hex SHA-256 of the
/// photo the document prints (the one approved with the filing that issued the version). Documents
/// are generated as RC2 whenever they print a photo; RC1, without the photo's digest, is what
/// documents generated before had, and still verifies. Parsing is strict: a payload is accepted
/// only in exactly the form `bytes` produces, so that one certificate has one signed form.
public struct CertificatePayload: Sendable, Equatable, Codable {
    /// The format tag of a payload without the photo's digest, first field; a new layout gets a new tag.
    public static let format = "RC1"
    /// The format tag of a payload that covers the printed photo's digest.
    public static let photoFormat = "RC2"

    public var registrationNumber: String
    public var sealCheckCode: String
    public var version: Int
    public var serial: String
    /// The last day of the usage window (使用时限), inclusive.
    public var validUntil: CalendarDate
    public var digest: String
    /// The SHA-256 (lower-case hex) of the photo the document prints; nil in an RC1 payload.
    public var photoDigest: String?

    public init(
        registrationNumber: String, sealCheckCode: String, version: Int, serial: String, validUntil: CalendarDate,
        digest: String, photoDigest: String? = nil
    ) {
        self.registrationNumber = registrationNumber
        self.sealCheckCode = sealCheckCode
        self.version = version
        self.serial = serial
        self.validUntil = validUntil
        self.digest = digest
        self.photoDigest = photoDigest
    }

    /// The signed bytes: RC2 with the photo's digest, RC1 without.
    public var bytes: [UInt8] {
        var fields = [
            photoDigest == nil ? Self.format : Self.photoFormat, registrationNumber, sealCheckCode, String(version), serial,
            validUntil.description, digest,
        ]
        if let photoDigest { fields.append(photoDigest) }
        return Array(fields.joined(separator: "|").utf8)
    }

    /// Whether the document may still be used on a day (the usage window has not ended).
    public func usageWindowOpen(on day: CalendarDate) -> Bool { day <= validUntil }

    /// The payload in `bytes`, or nil unless they are exactly a payload's canonical form.
    public static func parse(_ bytes: [UInt8]) -> CertificatePayload? {
        guard bytes.count <= 512, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let photoDigest: String?
        switch (fields.count, fields[0]) {
        case (7, format): photoDigest = nil
        case (8, photoFormat): photoDigest = fields[7]
        default: return nil
        }
        func isDigest(_ text: String) -> Bool {
            text.count == 64 && text.allSatisfy { $0.isASCIIDigit || ("a"..."f").contains($0) }
        }
        let number = fields[1]
        guard (5...32).contains(number.count),
            number.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control })
        else { return nil }
        let seal = fields[2]
        guard seal.count == 2, seal.allSatisfy(\.isASCIIDigit) else { return nil }
        guard let version = Int(fields[3]), version >= 1, String(version) == fields[3] else { return nil }
        let serial = fields[4]
        guard CertificateDocument.isSerial(serial) else { return nil }
        guard let validUntil = CalendarDate(fields[5]), validUntil.description == fields[5] else { return nil }
        let digest = fields[6]
        guard isDigest(digest), photoDigest.map(isDigest) ?? true else { return nil }
        let payload = CertificatePayload(
            registrationNumber: number, sealCheckCode: seal, version: version, serial: serial, validUntil: validUntil,
            digest: digest, photoDigest: photoDigest)
        return payload.bytes == bytes ? payload : nil
    }
}

/// The QR code's text: a verification URL whose `c` parameter carries the payload and its
/// signature, `<base URL>?c=<base64url(payload)>.<base64url(signature)>` (unpadded base64url,
/// RFC 4648 §5). Opening the URL asks the public verification route; the parameter alone checks
/// offline.
public struct SealedCertificate: Sendable, Equatable {
    public var payload: CertificatePayload
    public var signature: [UInt8]

    public init(payload: CertificatePayload, signature: [UInt8]) {
        self.payload = payload
        self.signature = signature
    }

    /// The longest QR text `parse` looks at; anything longer is not ours.
    public static let maxTextLength = 2048

    /// `<payload>.<signature>`, both base64url: the value of the URL's `c` parameter.
    public var token: String { CertificateBase64.encode(payload.bytes) + "." + CertificateBase64.encode(signature) }

    /// The QR code's text under a verification base URL.
    public func qrText(baseURL: String) -> String {
        baseURL + (baseURL.contains("?") ? "&" : "?") + "c=" + token
    }

    /// Reads what a QR code holds: the whole URL, or the `c` parameter's value alone. Nil for
    /// anything else; says nothing yet about the signature.
    public static func parse(qrText: String) -> SealedCertificate? {
        let text = qrText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= maxTextLength else { return nil }
        let token: Substring
        if let query = text.firstIndex(of: "?") {
            let parameters = text[text.index(after: query)...].split(separator: "&")
            let values = parameters.filter { $0.hasPrefix("c=") }
            guard values.count == 1, let value = values.first else { return nil }
            token = value.dropFirst(2)
        } else {
            token = Substring(text)
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payloadBytes = CertificateBase64.decode(parts[0]),
            let signature = CertificateBase64.decode(parts[1]), let payload = CertificatePayload.parse(payloadBytes)
        else { return nil }
        return SealedCertificate(payload: payload, signature: signature)
    }

    /// Checks a QR text offline: the payload when its signature is the key's, nil when the text is
    /// not a certificate's or not genuine. `verify` is the signature check (Ed25519 in production:
    /// `Ed25519Signer.verify(signature:message:publicKey:)`), given signature, message and key.
    public static func verifyOffline(
        qrText: String, publicKey: [UInt8],
        verify: (_ signature: [UInt8], _ message: [UInt8], _ publicKey: [UInt8]) -> Bool
    ) -> CertificatePayload? {
        guard let sealed = parse(qrText: qrText), verify(sealed.signature, sealed.payload.bytes, publicKey) else {
            return nil
        }
        return sealed.payload
    }
}

/// Unpadded base64url, strict both ways: only the canonical encoding of some bytes decodes, so a
/// changed character can never decode to the same bytes.
enum CertificateBase64 {
    static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard !text.isEmpty, text.count % 4 != 1,
            text.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            })
        else { return nil }
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while standard.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard) else { return nil }
        let bytes = [UInt8](data)
        return encode(bytes) == String(text) ? bytes : nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
