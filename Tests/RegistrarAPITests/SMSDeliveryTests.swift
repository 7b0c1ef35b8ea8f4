import Foundation
import RegistrarCore
import RegistrarRuntime
import Synchronization
import Testing

/// SMS delivery by registrard: requests only queue; the service's sender sends each message once,
/// however many requests run at once and however many registrards share the database.
@Suite("SMS delivery", .serialized)
struct SMSDeliveryTests {
    /// A gateway that counts sends per message id (shared by several services), optionally slow.
    final class CountingGateway: SMSGateway {
        struct Sent {
            var id: Int64
            var phone: String
            var text: String
        }
        let sent = Mutex<[Sent]>([])
        let delay: Double
        init(delay: Double = 0) { self.delay = delay }
        func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) {
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            sent.withLock { $0.append(Sent(id: messageId, phone: phone, text: text)) }
        }
        var perMessage: [Int64: Int] { sent.withLock { $0.reduce(into: [:]) { $0[$1.id, default: 0] += 1 } } }
        var all: [Sent] { sent.withLock { $0 } }
    }

    /// Asks for registration codes for `phones` from `clients` threads at once, each request to one
    /// of `services` in turn.
    func requestCodes(_ services: [LiveService], phones: [String], clients: Int = 24) -> [Int] {
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            var i = client
            while i < phones.count {
                let service = services[i % services.count]
                let reply = service.send("POST", "/api/v1/sms-codes", json: service.json(["phone": phones[i], "purpose": "registration"]))
                statuses.withLock { $0.append(reply.status) }
                i += clients
            }
        }
        return statuses.withLock { $0 }
    }

    func phones(_ count: Int) -> [String] { (1...count).map { LiveService.phone($0) } }

    @Test("24 clients at once against one registrard: every message sent exactly once; the outbox and the logs keep no code")
    func oneProcessExactlyOnce() throws {
        let gateway = CountingGateway()
        let live = try LiveService(sms: gateway)
        let phones = phones(96)
        #expect(requestCodes([live], phones: phones).allSatisfy { $0 == 201 })
        live.waitForOutbox()
        let counts = gateway.perMessage
        #expect(counts.count == phones.count)
        #expect(counts.values.allSatisfy { $0 == 1 }, "sent more than once: \(counts.filter { $0.value > 1 })")
        #expect(Set(gateway.all.map(\.phone)) == Set(phones))
        // Delivered: the outbox keeps no code, and neither the access log nor the sender's log shows one.
        let codes = gateway.all.compactMap { $0.text.firstMatch(of: /验证码为(\d{6})/).map { String($0.output.1) } }
        #expect(codes.count == phones.count)
        let stored = try live.runtime.store.read { try $0.outboxMessages(limit: 1000) }
        #expect(stored.count == phones.count && stored.allSatisfy { $0.sentAt != nil && $0.text.contains("验证码为******") })
        let logged = live.log + live.senderLog.lines
        #expect(!logged.contains { line in codes.contains { line.contains($0) } })
    }

    @Test("a slow gateway does not slow the request: the code request answers at once, the sender delivers after")
    func requestDoesNotWaitForTheGateway() throws {
        let gateway = CountingGateway(delay: 2)
        let live = try LiveService(sms: gateway)
        let started = Date()
        let reply = live.send("POST", "/api/v1/sms-codes", json: live.json(["phone": LiveService.phone(1), "purpose": "registration"]))
        #expect(reply.status == 201)
        #expect(Date().timeIntervalSince(started) < 1.5)
        live.waitForOutbox()
        #expect(gateway.all.count == 1)
    }

    @Test("two registrards on one database, both sending: every message still sent exactly once")
    func twoServicesExactlyOnce() throws {
        let gateway = CountingGateway()
        let first = try LiveService(sms: gateway)
        let second = try LiveService(sms: gateway, dataDirectory: first.directory)
        let phones = phones(96)
        #expect(requestCodes([first, second], phones: phones).allSatisfy { $0 == 201 })
        first.waitForOutbox()
        second.waitForOutbox()
        let counts = gateway.perMessage
        #expect(counts.count == phones.count)
        #expect(counts.values.allSatisfy { $0 == 1 }, "sent more than once: \(counts.filter { $0.value > 1 })")
        #expect(Set(gateway.all.map(\.phone)) == Set(phones))
    }
}
