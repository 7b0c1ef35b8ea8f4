import Foundation
import RegistrarCore

/// What only the owner's connection does (`registrarctl migrate --grant`), and what `registrarctl status` shows.
extension PostgresStore {
    /// Migrates as the schema's owner, then, with `role`, gives the application role its privileges
    /// (`PostgresMigrator.grant`). A role that may not change the schema is refused first with
    /// `store.not_owner`, even when there is nothing to migrate: the command is the owner's.
    public func migrateAsOwner(grant role: String?) throws {
        try withConnection { connection in
            try PostgresMigrator.standard.requireOwner(connection)
            _ = try PostgresMigrator.standard.migrate(connection)
            if let role { try PostgresMigrator.standard.grant(connection, to: role) }
        }
    }

    /// The server's version (`server_version`), the database's name and the role connected.
    public func serverDescription() throws -> (version: String, database: String, role: String) {
        try withConnection { connection in
            try connection.first("SELECT current_setting('server_version'), current_database()::text, current_user::text") {
                ($0.text(0), $0.text(1), $0.text(2))
            } ?? ("", "", "")
        }
    }
}
