import Foundation
import RegistrarHTTPTesting
import RegistrarTestSupport
import Synchronization
import Testing

@testable import RegistrarHTTP

@Suite("Client address and trusted proxies")
struct ClientAddressTests {
    static let proxies = TrustedProxies([AddressRange("10.0.0.0/8")!, AddressRange("::1")!, AddressRange("192.0.2.7")!])

    @Test(
        "the client is the peer unless it is a trusted proxy, then the right-most untrusted hop",
        arguments: [
            // An untrusted peer's header is ignored, whatever it says.
            ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),
            ("203.0.113.9", ["10.0.0.1, 127.0.0.1"], "203.0.113.9"),
            // A trusted peer: the nearest hop it did not add itself.
            ("10.1.2.3", ["198.51.100.1"], "198.51.100.1"),
            ("10.1.2.3", ["1.1.1.1, 198.51.100.1"], "198.51.100.1"),
            ("10.1.2.3", ["1.1.1.1, 198.51.100.1, 10.9.9.9"], "198.51.100.1"),
            ("10.1.2.3", ["1.1.1.1", "198.51.100.1, 192.0.2.7"], "198.51.100.1"),
            ("::1", ["2001:db8::5"], "2001:db8::5"),
            ("::ffff:10.0.0.1", ["198.51.100.1"], "198.51.100.1"),
            // No header, all hops trusted, a hop that is not an address.
            ("10.1.2.3", [], "10.1.2.3"),
            ("10.1.2.3", ["10.0.0.2, 10.0.0.3"], "10.0.0.2"),
            ("10.1.2.3", ["198.51.100.1, bogus, 10.0.0.3"], "10.0.0.3"),
            ("10.1.2.3", ["unknown"], "10.1.2.3"),
        ])
    func resolution(peer: String, forwarded: [String], client: String) {
        #expect(Self.proxies.clientAddress(peer: peer, forwardedFor: forwarded) == client)
    }

    @Test("address ranges parse addresses and CIDR blocks and refuse anything else")
    func ranges() throws {
        #expect(AddressRange("127.0.0.0/8")?.contains("127.200.3.4") == true)
        #expect(AddressRange("127.0.0.0/8")?.contains("128.0.0.1") == false)
        #expect(AddressRange("10.0.0.5")?.contains("10.0.0.5") == true)
        #expect(AddressRange("10.0.0.5")?.contains("10.0.0.6") == false)
        #expect(AddressRange("fd00::/8")?.contains("fd12::1") == true)
        #expect(AddressRange("fd00::/8")?.contains("fe80::1") == false)
        #expect(AddressRange("0.0.0.0/0")?.contains("8.8.8.8") == true)
        #expect(AddressRange("0.0.0.0/0")?.contains("::1") == false)
        for bad in ["", "localhost", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "::1/129", "10.0.0.0/8x"] {
            #expect(AddressRange(bad) == nil, "\(bad)")
        }
        #expect(try TrustedProxies.parse("127.0.0.1, 10.0.0.0/8 ::1").get().ranges.count == 3)
        #expect(TrustedProxies.parse("").map(\.isEmpty) == .success(true))
        #expect(throws: TrustedProxies.InvalidEntries(entries: ["nginx", "1.2.3.4/40"])) {
            try TrustedProxies.parse("127.0.0.1, nginx, 1.2.3.4/40").get()
        }
    }

    @Test("a spoofed X-Forwarded-For from an untrusted peer changes neither the handler's address nor the log's")
    func spoofedOverSocket() throws {
        let lines = Mutex<[String]>([])
        var configuration = HTTPServerConfiguration.testing
        configuration.trustedProxies = TrustedProxies([AddressRange("127.0.0.2")!])
        let app = try Harness(
            .live, router: Fixtures.router(), accessLog: AccessLog { line in lines.withLock { $0.append(line) } },
            configuration: configuration)
        func ask(from source: String, forwarded: String) throws -> String {
            let connection = try RawConnection(port: app.port, source: source)
            try connection.send("GET", "/address", headers: [("X-Forwarded-For", forwarded)])
            return String(decoding: try connection.readResponse().body, as: UTF8.self)
        }
        // Untrusted peer: its claim is ignored.
        #expect(try ask(from: "127.0.0.1", forwarded: "198.51.100.1") == "127.0.0.1")
        #expect(try ask(from: "127.0.0.3", forwarded: "127.0.0.2, 198.51.100.1") == "127.0.0.3")
        // The trusted proxy: the client it forwarded, not the spoofed hop the client added before it.
        #expect(try ask(from: "127.0.0.2", forwarded: "6.6.6.6, 198.51.100.1") == "198.51.100.1")
        let logged = lines.withLock { $0 }
        #expect(logged.count == 3)
        #expect(logged.first?.contains(#""remote":"127.0.0.1""#) == true)
        #expect(logged.first?.contains("198.51.100.1") == false)
        #expect(logged.last?.contains(#""remote":"198.51.100.1","peer":"127.0.0.2""#) == true)
    }

    @Test("without trusted proxies the header is never read")
    func noProxies() {
        let client = TestClient(router: Fixtures.router(), remoteAddress: "127.0.0.1")
        let response = client.execute(.get, "/address", headers: HTTPHeaders([("X-Forwarded-For", "198.51.100.1")]))
        #expect(String(decoding: response.body, as: UTF8.self) == "127.0.0.1")
        let trusting = TestClient(
            router: Fixtures.router(), remoteAddress: "127.0.0.1", trustedProxies: TrustedProxies([AddressRange("127.0.0.1")!]))
        let forwarded = trusting.execute(.get, "/address", headers: HTTPHeaders([("X-Forwarded-For", "198.51.100.1")]))
        #expect(String(decoding: forwarded.body, as: UTF8.self) == "198.51.100.1")
    }
}

@Suite("Carrier NAT: the connection reserve", .serialized)
struct ConnectionReserveTests {
    /// 22 addresses open 5 slow connections each (110) against a limit of 100 and 10 per address:
    /// without a reserve they fill every place and a newcomer is refused at accept. With the last
    /// tenth kept for addresses holding fewer than 3, they stop at 90 and a newcomer is served.
    /// (With `reservedConnections = 0` this test fails: the newcomer's connection is closed.)
    @Test("slow connections from many addresses cannot take the last places from a normal client")
    func reserve() throws {
        var configuration = HTTPServerConfiguration.testing
        configuration.connectionLimit = 100
        configuration.perIPConnectionLimit = 10
        configuration.reserveOpenBelow = 3
        let app = try Harness(.live, router: Fixtures.router(), configuration: configuration)
        let partialHead = "GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        var slow: [RawConnection] = []
        // Round-robin, as a crowd behind 22 NAT addresses arrives.
        for _ in 0..<5 {
            for address in 0..<22 {
                guard let connection = try? RawConnection(port: app.port, source: "127.0.1.\(address + 1)") else { continue }
                try? connection.send(partialHead)
                slow.append(connection)
            }
        }
        // Refused connections are closed at accept; wait until the server has settled its books.
        let settled = ContinuousClock.now + .seconds(10)
        while app.server!.openConnections + slow.filter({ $0.isClosedByPeer(timeout: 0) }).count < slow.count,
            ContinuousClock.now < settled
        {
            usleep(20_000)
        }
        let open = slow.filter { !$0.isClosedByPeer(timeout: 0) }
        // 90 (the limit less the reserve) give or take the two network threads' accepts racing.
        #expect((88...92).contains(open.count))
        #expect(app.server!.connectionsRefusedForReserve == slow.count - open.count)

        // A normal client, from its own address, is served while the slow ones hold theirs.
        for round in 0..<5 {
            let connection = try RawConnection(port: app.port, source: "127.0.2.1")
            try connection.send("GET", "/api/v1/filings/\(round)")
            #expect(try connection.readResponse().status == 200)
        }
        // A second connection of a slow address is still refused.
        let more = try RawConnection(port: app.port, source: "127.0.1.1")
        try? more.send("GET", "/api/v1/filings/1")
        #expect(more.isClosedByPeer(timeout: 5))
        #expect(open.allSatisfy { !$0.isClosedByPeer(timeout: 0) })
    }

    @Test("a trusted proxy is not held back by the reserve: its connections carry many clients")
    func proxyExempt() {
        let book = ConnectionBook(limit: 10, reserved: 5, reserveOpenBelow: 2, exempt: TrustedProxies([AddressRange("127.0.0.1")!]))
        let proxy: [UInt8] = [127, 0, 0, 1]
        let other: [UInt8] = [127, 0, 0, 9]
        for _ in 0..<6 { book.opened(proxy) }
        #expect(book.admits(proxy))
        #expect(book.admits(other))
        book.opened(other)
        book.opened(other)
        #expect(!book.admits(other))
        #expect(book.admits(proxy))
        let plain = ConnectionBook(limit: 10, reserved: 5, reserveOpenBelow: 2)
        for _ in 0..<6 { plain.opened(proxy) }
        #expect(!plain.admits(proxy))
    }

    @Test("the reserve is a tenth of the limit by default, can be turned off, and never takes the whole limit")
    func sizing() {
        #expect(HTTPServerConfiguration(connectionLimit: 1000).effectiveReservedConnections == 100)
        #expect(HTTPServerConfiguration(connectionLimit: 1000, reservedConnections: 0).effectiveReservedConnections == 0)
        #expect(HTTPServerConfiguration(connectionLimit: 5, reservedConnections: 50).effectiveReservedConnections == 4)
        #expect(HTTPServerConfiguration(connectionLimit: 5).effectiveReservedConnections == 0)
    }
}
