import Foundation
import RegistrarCore
import RegistrarCrypto

/// An audit event as `registrarctl audit export` writes it: one JSON object a line, hashes in hex,
/// the time in UTC with microseconds (as stored and hashed).
public struct AuditEventRecord: Codable, Equatable, Sendable {
    public var sequence: Int64
    public var at: String
    public var actorKind: String
    public var actorId: String
    public var action: String
    public var objectType: String
    public var objectId: String
    public var result: String
    public var detail: String
    public var provinceCode: String?
    public var applicantId: Int64?
    public var previousHash: String
    public var hash: String

    public init(_ event: AuditEvent) {
        sequence = event.sequence
        at = Timestamp.microseconds(event.at)
        actorKind = event.actorKind
        actorId = event.actorId
        action = event.action
        objectType = event.objectType
        objectId = event.objectId
        result = event.result.rawValue
        detail = event.detail
        provinceCode = event.provinceCode
        applicantId = event.applicantId
        previousHash = Hex.encode(event.previousHash)
        hash = Hex.encode(event.hash)
    }
}

/// ISO 8601 instants in UTC.
public enum Timestamp {
    /// `2026-03-02T02:00:00Z`.
    public static func seconds(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// `2026-03-02T02:00:00.123456Z`: the store's resolution.
    public static func microseconds(_ date: Date) -> String {
        let (quotient, remainder) = AuditEvent.micros(date).quotientAndRemainder(dividingBy: 1_000_000)
        let whole = remainder < 0 ? quotient - 1 : quotient
        let fraction = remainder < 0 ? remainder + 1_000_000 : remainder
        return String(seconds(Date(timeIntervalSince1970: Double(whole))).dropLast()) + "." + String(format: "%06lld", fraction) + "Z"
    }

    /// Parses `yyyy-MM-dd` (the start of that day in Asia/Shanghai) or a full ISO 8601 instant.
    public static func parse(_ text: String) -> Date? {
        if let day = CalendarDate(text), text.count == 10 { return day.startInstant }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
