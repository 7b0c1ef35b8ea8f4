import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarRuntime
import RegistrarTestSupport
import Testing

@testable import RegistrarRuntime

func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("registrar-rt-\(UUID().uuidString)").path
}

@Suite("Runtime")
struct RuntimeTests {
    @Test("an empty data directory is initialised once; a second open loads the same keys")
    func initialise() throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let options = RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf", dataDirectory: data)
        let first = try Runtime(options, create: true)
        #expect(first.initialised)
        #expect(FileManager.default.fileExists(atPath: data + "/registrar.db"))
        let second = try Runtime(options, create: true)
        #expect(!second.initialised)
        #expect(first.keys.signer.publicKey == second.keys.signer.publicKey)
        #expect(first.keys.digests.lookupHash("x") == second.keys.digests.lookupHash("x"))
        #expect(throws: DataDirectory.Failure.self) { try DataDirectory.initialise(data) }
    }

    @Test("a data directory that holds data but lost a key is refused, not re-keyed")
    func lostKey() throws {
        let data = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let options = RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf", dataDirectory: data)
        _ = try Runtime(options, create: true)
        try FileManager.default.removeItem(atPath: data + "/keys/sealing.key")
        #expect(throws: (any Error).self) { try Runtime(options, create: true) }
        #expect(!FileManager.default.fileExists(atPath: data + "/keys/sealing.key"))
    }

    @Test("without create, an uninitialised directory is an error naming registrarctl init")
    func noCreate() throws {
        let data = temporaryDirectory()
        let options = RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf", dataDirectory: data)
        do {
            _ = try Runtime(options, create: false)
            Issue.record("opened an uninitialised directory")
        } catch {
            #expect("\(error)".contains("registrarctl init"))
        }
    }

    @Test("unknown configuration keys are refused with their line")
    func unknownKey() throws {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[sms]\ncode_minutes = 10\ncode_minuts = 5\n".write(toFile: dir + "/r.conf", atomically: true, encoding: .utf8)
        do {
            _ = try RuntimeConfiguration.load(RuntimeOptions(configPath: dir + "/r.conf"))
            Issue.record("accepted a misspelt key")
        } catch {
            #expect("\(error)".hasSuffix("r.conf 第 3 行：unknown setting sms.code_minuts"))
        }
    }

    @Test("the outbox driver writes one JSON file per message, named by its id, oldest first; a message sent again replaces its file")
    func outbox() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = OutboxSMSGateway(directory: dir)
        try outbox.send(messageId: 10, to: "13800000002", text: "第二条")
        try outbox.send(messageId: 9, to: "13800000001", text: "您的验证码为123456")
        let messages = outbox.messages()
        #expect(messages.map(\.message.text) == ["您的验证码为123456", "第二条"])
        #expect(messages.map(\.file) == ["9.json", "10.json"])
        #expect(messages[0].message.phone == "13800000001")
        #expect(messages[0].message.id == 9)
        // Sent again (its sender stopped before recording it sent): one file, not two.
        try outbox.send(messageId: 9, to: "13800000001", text: "您的验证码为123456")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["10.json", "9.json"])
        #expect(outbox.messages().map(\.message.text) == ["您的验证码为123456", "第二条"])
    }

    @Test("the identity provider accepts only bodies signed by its key")
    func identity() throws {
        let signer = Ed25519Signer()
        let other = Ed25519Signer()
        var key = [UInt8](repeating: 7, count: 32)
        let digests = try KeyedDigests(masterKey: &key)
        let provider = SignedIdentityProvider(publicKey: signer.publicKey, payloadBase: "https://idp.example/verify", digests: digests)
        let id = try ResidentID.parse("11010519491231002X")
        let expires = Date(timeIntervalSince1970: 1_800_000_000)
        let challenge = try provider.begin(reference: "A1-ab", name: "张三", idNumber: id, expiresAt: expires)
        #expect(challenge.qrPayload.hasPrefix("https://idp.example/verify?ref=A1-ab&name="))
        #expect(challenge.expiresAt == expires)
        let body = Array(#"{"reference":"A1-ab","matched":true,"idNumberDigest":"\#(provider.digest(of: id))"}"#.utf8)
        #expect(provider.verifyCallback(body: body, signature: Base64URL.encode(signer.sign(body)))?.matched == true)
        #expect(provider.verifyCallback(body: body, signature: Base64URL.encode(other.sign(body))) == nil)
        var tampered = body
        tampered[tampered.count - 3] ^= 1
        #expect(provider.verifyCallback(body: tampered, signature: Base64URL.encode(signer.sign(body))) == nil)
        #expect(provider.verifyCallback(body: body, signature: "not base64!") == nil)
    }
}

@Suite("Service lock")
struct ServiceLockTests {
    @Test("registrards share the lock; restore takes it alone; a lock ends with its holder")
    func modes() throws {
        let data = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: data) }
        var first: ServiceLock? = try ServiceLock(dataDirectory: data, mode: .shared)
        var second: ServiceLock? = try ServiceLock(dataDirectory: data, mode: .shared)
        #expect(throws: ServiceLock.Busy.self) { try ServiceLock(dataDirectory: data, mode: .exclusive) }
        first = nil
        #expect(throws: ServiceLock.Busy.self) { try ServiceLock(dataDirectory: data, mode: .exclusive) }
        second = nil
        var restore: ServiceLock? = try ServiceLock(dataDirectory: data, mode: .exclusive)
        #expect(throws: ServiceLock.Busy.self) { try ServiceLock(dataDirectory: data, mode: .shared) }
        restore = nil
        _ = try ServiceLock(dataDirectory: data, mode: .shared)
        var status = stat()
        #expect(stat(data + "/" + ServiceLock.fileName, &status) == 0 && status.st_mode & 0o777 == 0o600)
        withExtendedLifetime((first, second, restore)) {}
    }
}

@Suite("Configuration keys")
struct ConfigurationKeyTests {
    @Test("Config/registrar.conf sets exactly the keys the code reads")
    func keysMatch() throws {
        let file = try ConfigFile.load(path: Repository.root + "/Config/registrar.conf")
        #expect(Set(file.values.keys) == Set(RuntimeConfiguration.allKeys))
        #expect(try ServerSettings(file) == ServerSettings())
        #expect(try Settings(file) == Settings())
    }

    @Test("development-only switches are refused outside development")
    func devOnly() throws {
        var s = ServerSettings()
        try s.check()
        s.identityDriver = .simulator
        #expect(throws: Settings.Invalid.self) { try s.check() }
        s.identityDriver = .off
        s.exposeCaptchaAnswers = true
        #expect(throws: Settings.Invalid.self) { try s.check() }
        s.development = true
        try s.check()
    }

    @Test("drivers are parsed once into their enums; an unknown driver is refused with the choices and the value given")
    func drivers() throws {
        let chosen = try ServerSettings(
            ConfigFile(text: "[sms]\ndriver = http\ngateway_url = https://sms.invalid/send\n[identity]\ndriver = signed\n"))
        #expect(chosen.smsDriver == .http && chosen.identityDriver == .signed)
        #expect(throws: Settings.Invalid(key: "sms.driver", reason: "expected outbox or http, got 'pigeon'")) {
            try ServerSettings(ConfigFile(text: "[sms]\ndriver = pigeon\n"))
        }
        #expect(throws: Settings.Invalid(key: "identity.driver", reason: "expected off, simulator or signed, got 'Signed'")) {
            try ServerSettings(ConfigFile(text: "[identity]\ndriver = Signed\n"))
        }
    }

    @Test("listen addresses", arguments: [("127.0.0.1:8080", "127.0.0.1", 8080), (":9000", "0.0.0.0", 9000), ("[::1]:0", "::1", 0)])
    func listen(text: String, host: String, port: Int) throws {
        let parsed = try ServerSettings.parseListen(text)
        #expect(parsed.0 == host && parsed.1 == port)
    }
}

@Suite("Edge settings")
struct EdgeSettingsTests {
    @Test("trusted proxies, metrics exposure and the public URL are read and checked")
    func edgeSettings() throws {
        let read = try ServerSettings(
            ConfigFile(
                text: "[server]\ntrusted_proxies = 127.0.0.1, 10.0.0.0/8 ::1 fd00::/8\nmetrics = off\npublic_url = https://r.example.cn\n"))
        #expect(read.trustedProxies == ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"])
        #expect(read.metrics == .off)
        #expect(read.publicURL == "https://r.example.cn")
        #expect(
            throws: Settings.Invalid(
                key: "server.trusted_proxies", reason: "expected IP addresses or CIDR blocks, got 'nginx', '10.0.0.0/33'")
        ) {
            try ServerSettings(ConfigFile(text: "[server]\ntrusted_proxies = 127.0.0.1, nginx, 10.0.0.0/33\n"))
        }
        #expect(throws: Settings.Invalid(key: "server.metrics", reason: "expected loopback, everyone or off, got 'all'")) {
            try ServerSettings(ConfigFile(text: "[server]\nmetrics = all\n"))
        }
        #expect(ServerSettings().metrics == .loopback)
        #expect(ServerSettings().trustedProxies.isEmpty)
        let plain = try ServerSettings(ConfigFile(text: "[server]\npublic_url = http://r.example.cn\n"))
        #expect(plain.publicURLProblems.map(\.key) == ["server.public_url"])
    }
}
