import Foundation
import RegistrarCore
import RegistrarRuntime
import RegistrarTestSupport
import Testing

/// `[storage] driver` and `connection`: which database the programs open, checked before anything opens it.
@Suite("Storage driver")
struct StorageDriverTests {
    typealias File = ConfigurationCheckTests.File

    @Test("the default is the embedded SQLite database")
    func defaultIsSQLite() throws {
        let file = try File("")
        let configuration = try RuntimeConfiguration.load(RuntimeOptions(configPath: file.path))
        #expect(configuration.driver == .sqlite)
    }

    @Test("postgresql with a libpq connection string, multi-host included, is taken as written")
    func postgresql() throws {
        let connection = "host=db1,db2 port=5432,5432 dbname=registrar user=registrar target_session_attrs=read-write"
        let file = try File("driver = postgresql\nconnection = \(connection)\n")
        #expect(file.report.ok, "\(file.report.problems)")
        let configuration = try RuntimeConfiguration.load(RuntimeOptions(configPath: file.path))
        #expect(configuration.driver == .postgresql(connection: connection))
    }

    @Test("a URI is a connection string too")
    func uri() throws {
        let file = try File("driver = postgresql\nconnection = postgresql://registrar@db1:5432/registrar?sslmode=verify-full\n")
        #expect(file.report.ok, "\(file.report.problems)")
    }

    @Test(
        "each wrong storage setting is refused on its own line, in Chinese",
        arguments: [
            ("driver = mysql\n", 1, "storage.driver", "应为 sqlite 或 postgresql"),
            ("driver = postgresql\n", 1, "storage.driver", "需要 connection"),
            ("driver = postgresql\nconnection =\n", 1, "storage.driver", "需要 connection"),
            ("driver = sqlit\nconnection = host=db1\n", 1, "storage.driver", "应为 sqlite 或 postgresql"),
            ("connection = host=db1\n", 1, "storage.connection", "仅在 driver = postgresql 时使用"),
            ("driver = postgresql\nconnection = host=db1 password=secret\n", 2, "storage.connection", "不得包含口令"),
            ("driver = postgresql\nconnection = postgresql://registrar:secret@db1/registrar\n", 2, "storage.connection", "不得包含口令"),
            ("driver = postgresql\nconnection = host=db1 nonsense\n", 2, "storage.connection", "不是有效的 PostgreSQL 连接串"),
            ("driver = postgresql\nconnection = host=db1 colour=blue\n", 2, "storage.connection", "不是有效的 PostgreSQL 连接串"),
        ])
    func refused(text: String, line: Int, key: String, words: String) throws {
        let file = try File(text)
        let problems = file.report.problems
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.line == File.offset + line, "\(problems)")
        #expect(problems.first?.message.contains(key) == true && problems.first?.message.contains(words) == true, "\(problems)")
        #expect(file.loadFailure?.contains(words) == true)
        // The password itself is never repeated back.
        #expect(file.loadFailure?.contains("secret") != true)
    }
}
