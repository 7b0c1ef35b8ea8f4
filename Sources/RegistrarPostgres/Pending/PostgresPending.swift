// TEMPORARY (branch only, never on main): a port not yet written on PostgreSQL.
struct PostgresPending: Error, CustomStringConvertible {
    var port: String
    var description: String { "the PostgreSQL store does not implement \(port) yet" }
}
