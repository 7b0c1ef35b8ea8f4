import Foundation
import RegistrarPostgres

/// The throwaway cluster `make test` starts (scripts/pg-test-cluster.sh) and names in `REGISTRAR_TEST_PG`.
///
/// Without it the tests fail rather than skip, in CI (CI=true) and elsewhere: `make test` always provides
/// it; to run a suite alone, start it with `bash scripts/pg-test-cluster.sh start` and
/// `eval "$(bash scripts/pg-test-cluster.sh env)"`.
public enum TestCluster {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            let ci = ProcessInfo.processInfo.environment["CI"] == "true"
            let hint = ci ? "CI must run make test, which starts it" : "make test starts it"
            return "REGISTRAR_TEST_PG is not set (\(hint)): "
                + "bash scripts/pg-test-cluster.sh start && eval \"$(bash scripts/pg-test-cluster.sh env)\""
        }
    }

    /// The cluster's connection string, as the superuser `postgres`.
    public static func connectionString() throws -> String {
        guard let value = ProcessInfo.processInfo.environment["REGISTRAR_TEST_PG"], !value.isEmpty else { throw Missing() }
        return value
    }

    /// The connection string with one keyword set (libpq takes the last value of a repeated keyword).
    public static func connectionString(_ base: String, _ keyword: String, _ value: String) -> String {
        "\(base) \(keyword)=\(value)"
    }
}

/// A new, empty database of its own for one test, in the test cluster.
public struct TestDatabase {
    public let name: String
    public let connectionString: String

    public init() throws {
        let admin = try TestCluster.connectionString()
        name = "registrar_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let connection = try PGConnection(admin)
        try connection.execute("CREATE DATABASE \(name)")
        connectionString = TestCluster.connectionString(admin, "dbname", name)
    }

    /// A connection as the superuser that owns the schema.
    public func connect() throws -> PGConnection { try PGConnection(connectionString) }

    /// The first column of each row of a query, as text (as the superuser).
    public func texts(_ sql: String) throws -> [String] { try connect().all(sql) { $0.text(0) } }

    /// A connection as another role of the cluster (trust authentication).
    public func connect(as role: String) throws -> PGConnection {
        try PGConnection(TestCluster.connectionString(connectionString, "user", role))
    }

    /// A migrated database.
    public static func migrated() throws -> (TestDatabase, PGConnection) {
        let database = try TestDatabase()
        let connection = try database.connect()
        try PostgresMigrator.standard.migrate(connection)
        return (database, connection)
    }

    /// A new login role with no privileges, for the application.
    public func makeRole() throws -> String {
        let role = "registrar_app_" + UUID().uuidString.lowercased().prefix(8)
        try connect().execute("CREATE ROLE \(role) LOGIN")
        return role
    }
}
