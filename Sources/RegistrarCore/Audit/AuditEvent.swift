import Foundation

/// One event of the append-only, hash-chained audit log.
///
/// `hash = chainHash(previousHash, canonical(event))`; the first event chains from 32 zero bytes.
/// Details never hold an ID number or phone in clear.
public struct AuditEvent: Sendable, Equatable {
    public enum Result: String, Sendable, Codable { case ok, denied, failed }

    /// Position in the chain, from 1; assigned by the store.
    public var sequence: Int64
    public var at: Date
    public var actorKind: String
    public var actorId: String
    public var action: String
    public var objectType: String
    public var objectId: String
    public var result: Result
    public var detail: String
    /// The province the event belongs to (for the console's audit view), if any.
    public var provinceCode: String?
    /// The applicant the event concerns (for their operation trail), if any.
    public var applicantId: Int64?
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    public init(
        sequence: Int64 = 0, at: Date, actorKind: String, actorId: String, action: String, objectType: String, objectId: String,
        result: Result = .ok, detail: String = "", provinceCode: String? = nil, applicantId: Int64? = nil, previousHash: [UInt8] = [],
        hash: [UInt8] = []
    ) {
        self.sequence = sequence
        self.at = at
        self.actorKind = actorKind
        self.actorId = actorId
        self.action = action
        self.objectType = objectType
        self.objectId = objectId
        self.result = result
        self.detail = detail
        self.provinceCode = provinceCode
        self.applicantId = applicantId
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes that are hashed: every field but the hashes, length-prefixed so that no two events
    /// share an encoding. Time is whole microseconds since 1970 UTC, as the store keeps it.
    public var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        func put(_ s: String) {
            let bytes = Array(s.utf8)
            var n = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        }
        put(String(sequence))
        put(String(AuditEvent.micros(at)))
        put(actorKind)
        put(actorId)
        put(action)
        put(objectType)
        put(objectId)
        put(result.rawValue)
        put(detail)
        put(provinceCode ?? "")
        put(applicantId.map(String.init) ?? "")
        return out
    }

    /// Whole microseconds since 1970 UTC: the resolution the store keeps.
    public static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
    public static func date(micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    public static let genesisHash = [UInt8](repeating: 0, count: 32)
}

/// The outcome of verifying the chain.
public enum AuditVerification: Equatable, Sendable {
    case intact(events: Int64, head: [UInt8])
    /// The first event whose link does not hold (edited, deleted, or inserted before it).
    case broken(atSequence: Int64, reason: String)
}
