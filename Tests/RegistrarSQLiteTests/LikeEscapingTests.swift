import Testing

@testable import RegistrarSQLite

/// The SQLite store's own helper for enterprise search (the search itself is in StoreConformanceTests).
@Suite("Enterprise search: LIKE escaping")
struct LikeEscapingTests {
    @Test("LIKE escaping")
    func escaping() {
        #expect(SQLiteTransaction.escapedForLike("a%b_c\\d") == "a\\%b\\_c\\\\d")
    }
}
