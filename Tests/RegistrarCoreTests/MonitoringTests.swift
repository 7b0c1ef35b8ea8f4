import Foundation
import Testing

@testable import RegistrarCore

/// The maintenance service's monitoring read (registrard's gauges) and what the sender reports of
/// each failed send.
@Suite("Monitoring")
struct MonitoringTests {
    @Test("pending, failed and the oldest pending message's age follow the outbox; the audit head and the database size are read too")
    func outboxGauges() throws {
        let h = try Harness()
        let empty = try h.registrar.maintenance.monitoring()
        #expect(empty.pendingMessages == 0 && empty.failedMessages == 0 && empty.oldestPendingAge == 0)
        #expect(empty.storage == nil)

        try h.registrar.smsCodes.sendSMSCode(to: h.phone(1), purpose: .registration)
        h.clock.advance(seconds: 30)
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(2), purpose: .registration)
        var now = try h.registrar.maintenance.monitoring(storage: h.sqlite)
        #expect(now.pendingMessages == 2 && now.failedMessages == 0)
        #expect(now.oldestPendingAge == 30)
        #expect(now.auditHead == (try h.registrar.maintenance.auditHead()?.sequence ?? -1))
        #expect((now.storage?.database ?? 0) > 0)

        // The gateway fails: both wait for a retry, and are counted as failed until sent.
        h.sms.setFailing(true)
        let round = try h.deliver()
        #expect(round.failed == 1)
        now = try h.registrar.maintenance.monitoring()
        #expect(now.pendingMessages == 2 && now.failedMessages == 1)
        h.sms.setFailing(false)
        h.clock.advance(seconds: 16)
        try h.deliver()
        now = try h.registrar.maintenance.monitoring()
        #expect(now.pendingMessages == 0 && now.failedMessages == 0 && now.oldestPendingAge == 0)
    }

    @Test("each failed send is reported with its message, attempt, error code and retry delay, never its phone or text")
    func failureReports() throws {
        let h = try Harness()
        try h.registrar.smsCodes.sendSMSCode(to: h.phone(1), purpose: .registration)
        h.sms.setFailing(true)
        let first = try h.deliver()
        let id = try #require(try h.sqlite.read { try $0.outboxMessages(limit: 1) }.first?.id)
        #expect(first.failures == [MessageSender.Failure(messageId: id, attempt: 1, error: "sms.gateway_down", retryIn: 15)])
        h.clock.advance(seconds: 16)
        let second = try h.deliver()
        #expect(second.failures.map(\.attempt) == [2])
        #expect(second.failures.map(\.retryIn) == [30])
    }
}
