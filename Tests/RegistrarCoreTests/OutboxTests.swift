import Foundation
import RegistrarTestSupport
import Synchronization
import Testing

@testable import RegistrarCore

/// The outbox: use cases only queue; one sender claims each message before sending it, so that it
/// is sent once; codes are kept in clear only until sent, and never sent once expired.
@Suite("Outbox")
struct OutboxTests {
    /// The code in a verification text, if any.
    func code(in text: String) -> String? { text.firstMatch(of: /验证码为(\d{6})/).map { String($0.output.1) } }

    func outbox(_ h: Harness) throws -> [OutgoingMessage] { try h.base.read { try $0.outboxMessages(limit: 1000) } }

    @Test("a use case only queues its message: nothing reaches the gateway until the sender runs", arguments: StoreKind.allCases)
    func changeOnlyQueues(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(1), purpose: .registration)
        #expect(h.sms.sent.isEmpty)
        #expect(try outbox(h).map { $0.state(at: h.clock.now()) } == [.pending])
        let round = try h.deliver()
        #expect(round.sent == 1)
        #expect(h.sms.sent.count == 1)
    }

    @Test("many use cases at once with three senders delivering meanwhile: every message sent exactly once", arguments: StoreKind.allCases)
    func concurrentExactlyOnce(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let senders = (0..<3).map { _ in MessageSender(store: h.registrar.store, clock: h.clock, gateway: h.sms, batch: 5) }
        let writing = Atomic<Int>(24)
        let registrar = h.registrar
        let phones = (1...24).map { h.phone($0) }
        DispatchQueue.concurrentPerform(iterations: 27) { i in
            if i < 24 {
                // Each request commits, then the loop below may run in several senders at once.
                _ = try? registrar.smsCodes.sendSMSCode(to: phones[i], purpose: .registration)
                writing.subtract(1, ordering: .relaxed)
                return
            }
            let sender = senders[i - 24]
            repeat { _ = try? sender.deliver(untilEmpty: true) } while writing.load(ordering: .relaxed) > 0
            _ = try? sender.deliver(untilEmpty: true)
        }
        try h.deliver()
        let counts = h.sms.sendsPerMessage
        #expect(counts.count == 24)
        #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value > 1 })")
        #expect(Set(h.sms.sent.map(\.phone)) == Set(phones))
    }

    @Test(
        "the sender stops between sending and recording it sent: the message goes again once its lease lapses, with the same id",
        arguments: StoreKind.allCases)
    func resendAfterCrashCarriesTheSameId(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(1), purpose: .registration)
        h.counter.failing = "markMessageSent(id:at:)"
        #expect(throws: FailureCounter.Injected.self) { try h.deliver() }
        h.counter.failing = nil
        #expect(h.sms.sent.count == 1)
        let id = try #require(h.sms.sent.first?.id)
        // Still claimed by the sender that stopped: no one else sends it meanwhile.
        #expect(try h.deliver().sent == 0)
        h.clock.advance(seconds: 121)
        #expect(try h.deliver().sent == 1)
        #expect(h.sms.sent.map(\.id) == [id, id])
        #expect(h.sms.sent[0].text == h.sms.sent[1].text)
        #expect(try h.deliver().sent == 0)
        #expect(try outbox(h).first?.state(at: h.clock.now()) == .sent)
    }

    @Test(
        "a failed send is retried later, not at once; a code that expired meanwhile is never sent, and is redacted",
        arguments: StoreKind.allCases)
    func failedThenExpired(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(1), purpose: .registration)
        h.sms.setFailing(true)
        let failed = try h.deliver()
        #expect(failed.failed == 1 && failed.errors == ["sms.gateway_down"])
        h.sms.setFailing(false)
        // Kept in clear for the retry, which waits.
        #expect(try code(in: outbox(h)[0].text) != nil)
        #expect(try h.deliver().sent == 0)
        h.clock.advance(seconds: 16)
        #expect(try h.deliver().sent == 1)

        // A second code: the gateway is down until after the code has expired.
        h.clock.advance(seconds: 61)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(1), purpose: .registration)
        h.sms.setFailing(true)
        try h.deliver()
        h.clock.advance(seconds: Double(h.registrar.settings.smsCodeMinutes) * 60)
        h.sms.setFailing(false)
        let round = try h.deliver()
        #expect(round.sent == 0 && round.expired == 1)
        #expect(h.sms.sent.count == 1)
        let expired = try #require(try outbox(h).first)
        #expect(expired.state(at: h.clock.now()) == .expired)
        #expect(code(in: expired.text) == nil && expired.text.contains("验证码为******"))

        // A third, never claimed before it expired (no sender ran): not sent either.
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(2), purpose: .registration)
        h.clock.advance(seconds: Double(h.registrar.settings.smsCodeMinutes) * 60 + 1)
        #expect(try h.deliver().expired == 1)
        #expect(!h.sms.sent.contains { $0.phone == h.phone(2) })
    }

    @Test("a failure ends the round: the messages after it wait for the next round, untried, and go then", arguments: StoreKind.allCases)
    func failureEndsTheRound(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        for n in 1...3 { try h.registrar.smsCodes.sendSMSCode(to: h.phone(n), purpose: .registration) }
        h.sms.setFailing(true)
        let round = try h.deliver()
        #expect(round.failed == 1 && round.sent == 0)
        h.sms.setFailing(false)
        #expect(try h.deliver().sent == 2)
        #expect(Set(h.sms.sent.map(\.phone)) == [h.phone(2), h.phone(3)])
        h.clock.advance(seconds: 16)
        #expect(try h.deliver().sent == 1)
        #expect(h.sms.sendsPerMessage.values.allSatisfy { $0 == 1 } && h.sms.sent.count == 3)
    }

    @Test(
        "once sent, the outbox keeps no code: the text is redacted, other messages stay as they were; the audit log holds no code",
        arguments: StoreKind.allCases)
    func redactedAfterDelivery(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let a = try h.applicant(1)
        _ = try h.code(a.phone.value, .filing)
        try h.deliver()
        let sentCodes = h.sms.sent.compactMap { code(in: $0.text) }
        #expect(sentCodes.count == 2)
        let stored = try outbox(h)
        #expect(stored.allSatisfy { $0.state(at: h.clock.now()) == .sent })
        for message in stored {
            #expect(!sentCodes.contains { message.text.contains($0) }, "\(message.text)")
            #expect(message.text == message.redacted)
        }
        #expect(stored.filter { $0.text.contains("验证码为******，") }.count == 2)
        #expect(stored.contains { $0.text.contains("通过现场实名认证") })
        let events = try h.registrar.store.read { try $0.auditEvents(after: 0, limit: 10_000) }
        #expect(!events.contains { event in sentCodes.contains { event.detail.contains($0) || event.objectId.contains($0) } })
    }
}
