import Foundation

/// Every failure the world can cause, as a value: a stable machine-readable code, a message in
/// Simplified Chinese for the person reading it, and the field at fault where there is one.
///
/// Adapters map `category` to their own vocabulary (an HTTP status, a console banner, an exit code);
/// the code is what clients and tests match on.
public struct RegistrarError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Category: String, Sendable, Equatable {
        /// The request could not be read: malformed, wrong type, missing or unknown field (HTTP 400).
        case malformed
        /// Well-formed but breaks a rule: a bad check character, an eligibility refusal (HTTP 422).
        case invalid
        /// The state changed under the caller, or the action does not fit the current state (HTTP 409).
        case conflict
        /// Not there, or not the caller's to see (HTTP 404).
        case notFound
        /// No valid credentials (HTTP 401).
        case unauthenticated
        /// Authenticated but not allowed (HTTP 403).
        case forbidden
        /// Too many attempts (HTTP 429).
        case rateLimited
        /// A dependency failed: storage, SMS gateway, identity provider (HTTP 503).
        case unavailable
    }

    public var code: String
    public var message: String
    public var field: String?
    public var category: Category

    public init(_ category: Category, code: String, message: String, field: String? = nil) {
        self.category = category
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        if let field { return "\(code) [\(field)]: \(message)" }
        return "\(code): \(message)"
    }

    /// The same error, naming another field (for nested payloads).
    public func at(_ field: String) -> RegistrarError {
        var copy = self
        copy.field = field
        return copy
    }
}

extension RegistrarError {
    public static func malformed(_ code: ErrorCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.malformed, code: code.rawValue, message: message, field: field)
    }
    public static func invalid(_ code: ErrorCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.invalid, code: code.rawValue, message: message, field: field)
    }
    public static func conflict(_ code: ErrorCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.conflict, code: code.rawValue, message: message, field: field)
    }
    public static func notFound(_ code: ErrorCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.notFound, code: code.rawValue, message: message, field: field)
    }
    public static func forbidden(_ code: ErrorCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.forbidden, code: code.rawValue, message: message, field: field)
    }
    public static func unauthenticated(_ code: ErrorCode, _ message: String) -> RegistrarError {
        RegistrarError(.unauthenticated, code: code.rawValue, message: message)
    }
    public static func rateLimited(_ code: ErrorCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.rateLimited, code: code.rawValue, message: message, field: field)
    }
    public static func unavailable(_ code: ErrorCode, _ message: String) -> RegistrarError {
        RegistrarError(.unavailable, code: code.rawValue, message: message)
    }

    /// A refusal under 153号令 Art. 15, naming its ground (`Config/reference/refusal-grounds.csv`).
    public static func refused(_ ground: RefusalGroundCode, _ message: String, field: String? = nil) -> RegistrarError {
        RegistrarError(.invalid, code: ErrorCode.refused(ground).rawValue, message: message, field: field)
    }

    // Frequent ones, named once.
    public static let filingNotFound = notFound(.filingNotFound, "未找到该申报", field: "filingId")
    /// A written decision already kept for that filing, round and kind (or its number taken).
    public static let decisionExists = conflict(.decisionExists, "该文书已出具")
    public static let decisionNone = notFound(.decisionNone, "该申报没有这种文书", field: "kind")
    public static let applicantNotFound = notFound(.applicantNotFound, "未找到该申请人", field: "applicantId")
    public static let staleFiling = conflict(.filingStale, "该申报已被他人处理，请刷新后重试")
    public static let loginFailed = unauthenticated(.authFailed, "证件号码、密码或验证码错误")
    public static let sessionInvalid = unauthenticated(.authSessionInvalid, "登录已失效，请重新登录")
}

/// The grounds of 153号令 Art. 15 that this system can decide itself; codes follow
/// `Config/reference/refusal-grounds.csv`.
public enum RefusalGroundCode: String, Sendable, CaseIterable, Codable {
    case incapacity = "01"
    case twoEmployers = "02"
    case continuingEducation = "03"
    case criminalPenaltyOngoing = "04"
    case criminalPenaltyProfessional = "05"
    case criminalPenaltyOther = "06"
    case certificateRevoked = "07"
    case majorAccident = "08"
    case employerUnfit = "09"
    case ageLimit = "10"
    case other = "11"
}

extension RegistrarError {
    /// What a caller sees when the store stayed locked, or its connections all busy, for longer than its
    /// wait limit (either store), or when PostgreSQL kept failing a transaction with serialization failures.
    public static let storeBusy = RegistrarError.unavailable(.storeBusy, "系统繁忙，请稍后重试")
}
