import CPostgres
import Foundation

/// A libpq connection string as registrar.conf's `[storage] connection` gives it, parsed by libpq itself
/// (`PQconninfoParse`: key/value pairs or a `postgresql://` URI, several hosts as libpq allows).
public struct PostgresConnectionString: Sendable, Equatable {
    /// The keywords given, with their values (libpq's names: host, port, dbname, user, …).
    public let keywords: [String: String]

    /// Why a string cannot be used: libpq's own message for one it cannot parse, or the rule that keeps
    /// passwords out of the configuration file.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(Problem) {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &message) else {
            let reason = message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "无法解析"
            if let message { PQfreemem(message) }
            throw Problem(description: "不是有效的 PostgreSQL 连接串：\(reason)")
        }
        defer { PQconninfoFree(options) }
        var found: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { found[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        keywords = found
        if found["password"] != nil {
            throw Problem(
                description: "连接串不得包含口令：请把口令写入口令文件（PGPASSFILE 或服务用户的 ~/.pgpass，权限 0600），参见 registrar.conf(5)")
        }
    }
}
