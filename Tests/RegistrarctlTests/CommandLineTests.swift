import Foundation
import RegistrarAdmin
import RegistrarCore
import RegistrarRuntime
import RegistrarTestSupport
import Testing

@testable import registrarctl

/// Each command through the real binary: the happy path and bad arguments, exit codes 0, 1 and 2.
@Suite("Command line")
struct CommandLineTests {
    @Test("every command answers --help with its usage and exit 0")
    func help() throws {
        for entry in RootCommand.table {
            let result = try CLI.execute(entry.path + ["--help"])
            #expect(result.status == 0, "\(entry.path)")
            #expect(result.stdout.contains("用法：registrarctl " + entry.path.joined(separator: " ")), "\(entry.path)")
            for option in entry.options { #expect(result.stdout.contains(option), "\(entry.path) \(option)") }
        }
    }

    @Test(
        "usage errors exit 2 with the command's usage, and change nothing",
        arguments: [
            ["frobnicate"], ["official"], ["official", "add"], ["official", "add", "x", "--name"], ["status", "--verbose"],
            ["import", "qualifications"], ["import", "holidays", "a.csv", "b.csv"],
            ["import", "enterprises", "--batch-size", "0", "a.csv"],
            ["stats", "--format", "xml"], ["stats", "--format", "csv", "--json"],
            ["official", "add", "wang", "--name", "王", "--province", "11", "--roles", "boss"],
            ["audit", "export", "--since", "yesterday"], ["status", "--json=yes"],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let cli = try CLI()
        let result = try cli.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("用法：registrarctl"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.dataDirectory))
    }

    @Test(
        "a storage setting out of range or not a number: exit 1 naming the key, never a crash",
        arguments: [
            ("pool_size", "0"), ("pool_size", "-1"), ("pool_size", "abc"), ("busy_timeout_ms", "-5"), ("busy_timeout_ms", "soon"),
        ])
    func badStorageSetting(key: String, value: String) throws {
        let cli = try CLI()
        let conf = cli.directory + "/bad.conf"
        try ConfigVariant.write(root: Repository.root, settings: [key: value], to: conf)
        for command in [["init"], ["status"]] {
            let result = try CLI.execute(["--config", conf, "--data-dir", cli.dataDirectory] + command)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("storage.\(key)"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("'\(value)'"), "\(command): \(result.stderr)")
        }
    }

    @Test("init makes a data directory once; commands refuse one that is not initialised")
    func initialise() throws {
        let cli = try CLI()
        let before = try cli.run(["status"])
        #expect(before.status == 1)
        #expect(before.stderr.contains("尚未初始化"))
        try cli.initialise()
        for name in ["registrar.db", "keys/sealing.key", "keys/digest.key", "keys/signing.key", "keys/signing.pub", "spool/sms"] {
            #expect(FileManager.default.fileExists(atPath: cli.dataDirectory + "/" + name), "\(name)")
        }
        let again = try cli.run(["init"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("拒绝覆盖"))
        let status = try cli.run(["status", "--json"])
        #expect(status.status == 0)
        let object = try #require(status.json as? [String: Any])
        #expect(object["schemaVersion"] as? Int == object["latestSchemaVersion"] as? Int)
        #expect(try cli.run(["migrate"]).status == 0)
        let key = try cli.run(["key", "export"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count == 43)
        #expect((try cli.run(["key", "export", "--json"]).json as? [String: String])?["publicKey"] == key)
    }

    @Test("officials: add with a one-time password, list, roles, disable, enable, reset")
    func officials() throws {
        let cli = try CLI()
        try cli.initialise()
        let added = try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "accept,review", "--json", "wang.jg"])
        #expect(added.status == 0, "\(added.stderr)")
        let record = try #require(added.json as? [String: Any])
        #expect(record["mustChangePassword"] as? Bool == true)
        #expect((record["oneTimePassword"] as? String)?.count == 16)
        #expect(record["roles"] as? [String] == ["accept", "review"])

        let duplicate = try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "all", "wang.jg"])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("official.exists"))
        let badProvince = try cli.run(["official", "add", "--name", "李四", "--province", "99", "--roles", "all", "li.si"])
        #expect(badProvince.status == 1)

        #expect(try cli.run(["official", "roles", "--roles", "approve,issue", "wang.jg"]).status == 0)
        #expect(try cli.run(["official", "disable", "wang.jg"]).status == 0)
        var list = try #require(try cli.run(["official", "list", "--json"]).json as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["disabled"] as? Bool == true)
        #expect(list[0]["roles"] as? [String] == ["approve", "issue"])
        #expect(try cli.run(["official", "enable", "wang.jg"]).status == 0)
        let reset = try #require(try cli.run(["official", "reset-password", "--json", "wang.jg"]).json as? [String: Any])
        #expect((reset["oneTimePassword"] as? String)?.count == 16)
        list = try #require(try cli.run(["official", "list", "--province", "11", "--json"]).json as? [[String: Any]])
        #expect(list[0]["disabled"] as? Bool == false)
        #expect(try #require(try cli.run(["official", "list", "--province", "31", "--json"]).json as? [Any]).isEmpty)
        #expect(try cli.run(["official", "list"]).stdout.contains("王建国"))
        let missing = try cli.run(["official", "disable", "nobody"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("未找到该工作人员"))

        let export = try cli.run(["audit", "export", "--action", "official.", "--actor", "administrator"])
        let actions = export.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["action"] as? String
        }
        #expect(
            actions == ["official.created", "official.roles_changed", "official.disabled", "official.enabled", "official.password_reset"])
    }

    @Test("demo fills an empty database with every stage; stats, outbox, purge and check read it")
    func demo() throws {
        let cli = try CLI()
        try cli.initialise()
        let demo = try cli.run(["demo", "--development", "--json"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let summary = try #require(demo.json as? [String: Any])
        let stages = try #require(summary["stages"] as? [String: Int])
        for stage in ["submitted", "accepted", "reviewed", "approved", "issued", "returned", "refused", "withdrawn"] {
            #expect((stages[stage] ?? 0) > 0, "\(stage)")
        }
        #expect((summary["officials"] as? [Any])?.count == 15)
        #expect((summary["applicants"] as? [Any])?.count == 20)

        let again = try cli.run(["demo", "--development"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("已有"))

        let csv = try cli.run(["stats", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("province_code,province,kind,stage,count\n"))
        #expect(csv.stdout.contains("11,北京市,initial,issued,"))
        let rows = try #require(try cli.run(["stats", "--json", "--province", "31"]).json as? [[String: Any]])
        #expect(!rows.isEmpty && rows.allSatisfy { $0["provinceCode"] as? String == "31" })
        #expect(try cli.run(["stats"]).stdout.contains("合计"))

        let outbox = try #require(try cli.run(["sms", "outbox", "--json"]).json as? [String: Any])
        let queued = try #require(outbox["outbox"] as? [[String: Any]])
        #expect(queued.count > 20)
        #expect(queued.allSatisfy { ($0["phone"] as? String)?.contains("****") == true })
        // The demo delivered what it queued; the database keeps the codes it sent masked only.
        let stored = try #require(outbox["messages"] as? [[String: Any]])
        #expect(stored.count == queued.count)
        #expect(stored.allSatisfy { $0["state"] as? String == "sent" })
        #expect(stored.filter { ($0["text"] as? String)?.contains("验证码为******") == true }.count > 20)
        #expect(!stored.contains { ($0["text"] as? String)?.contains(/验证码为\d/) == true })
        #expect(try cli.run(["purge", "--json"]).status == 0)

        let check = try cli.run(["check"])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("检查通过"))
    }

    @Test("registrarctl sends no SMS: what is queued stays queued for registrard, whatever command runs; sms outbox lists it")
    func sendsNothing() throws {
        let cli = try CLI()
        try cli.initialise()
        let system = try AdminSystem.open(RuntimeOptions(configPath: Repository.config, dataDirectory: cli.dataDirectory))
        try system.registrar.smsCodes.sendSMSCode(to: "13900000001", purpose: .registration)
        // A command that writes (and so commits a change) ...
        let added = try cli.run(["official", "add", "--name", "王建国", "--province", "11", "--roles", "accept", "wang.jg"])
        #expect(added.status == 0, "\(added.stderr)")
        // ... leaves the message queued, and the spool empty.
        #expect(try FileManager.default.contentsOfDirectory(atPath: system.runtime.smsSpool).isEmpty)
        let listing = try #require(try cli.run(["sms", "outbox", "--json"]).json as? [String: Any])
        let messages = try #require(listing["messages"] as? [[String: Any]])
        #expect(messages.map { $0["state"] as? String } == ["pending"])
        #expect(messages.first?["phone"] as? String == "139****0001")
        // Not even a pending code is shown.
        #expect((messages.first?["text"] as? String)?.contains("验证码为******") == true)
        #expect((listing["outbox"] as? [Any])?.isEmpty == true)
        let text = try cli.run(["sms", "outbox"])
        #expect(text.stdout.contains("待发 1"))
    }
}
