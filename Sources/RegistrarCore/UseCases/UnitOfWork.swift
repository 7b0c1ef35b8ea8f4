import Foundation
import Synchronization

/// The machinery every service shares: one store, one clock, one audit chain. It runs a state
/// change in one write transaction with its audit events and outgoing messages, records security
/// events and refusals on their own, and runs reads.
final class UnitOfWork: Sendable {
    let store: any Store
    let clock: any Clock
    let digests: any Digests
    /// Told after each commit that queued messages.
    let messagesQueued: MessagesQueued
    /// Refused authorizations counted per actor, so that they cannot flood the audit log.
    let refusals = RefusalLog()

    init(store: any Store, clock: any Clock, digests: any Digests, messagesQueued: MessagesQueued) {
        self.store = store
        self.clock = clock
        self.digests = digests
        self.messagesQueued = messagesQueued
    }

    /// Runs a state change in one write transaction, with its audit events and outgoing messages
    /// committed together. The messages are only queued: a `MessageSender` (registrard's) sends them.
    ///
    /// Security events the body records (`work.security`) are written on their own afterwards,
    /// whether the change committed or not; `work.onRollback` steps run only when it did not (a
    /// wrong SMS code must count even though the use case fails). A `Refusal` the body throws is
    /// recorded the same way, within its actor's limit, and its error thrown.
    func change<T>(_ body: (Work) throws -> T) throws -> T {
        let now = clock.now()
        var security: [AuditEvent] = []
        var onRollback: [(any StoreTransaction) throws -> Void] = []
        var queued = 0
        let result: T
        do {
            result = try store.write { tx in
                let work = Work(tx: tx, now: now)
                defer {
                    security = work.security
                    onRollback = work.onRollback
                    queued = work.queuedMessages
                }
                let value = try body(work)
                try work.commitAudit(digests: digests)
                return value
            }
        } catch let refusal as Refusal {
            afterChange(security: security, compensations: onRollback)
            recordRefusal(refusal.event)
            throw refusal.error
        } catch {
            afterChange(security: security, compensations: onRollback)
            throw error
        }
        afterChange(security: security, compensations: [])
        if queued > 0 { messagesQueued.notify() }
        return result
    }

    private func afterChange(security: [AuditEvent], compensations: [(any StoreTransaction) throws -> Void]) {
        guard !security.isEmpty || !compensations.isEmpty else { return }
        _ = try? store.write { tx in
            for step in compensations { try step(tx) }
            let work = Work(tx: tx, now: clock.now())
            work.audit = security
            try work.commitAudit(digests: digests)
        }
    }

    /// Writes security events together, on their own (a login failure, a refused authorisation, a
    /// reveal). Never call it inside `change`: record into `work.security` there.
    func securityEvents(_ events: [AuditEvent]) {
        guard let first = events.first else { return }
        _ = try? store.write { tx in
            let work = Work(tx: tx, now: first.at)
            work.audit = events
            try work.commitAudit(digests: digests)
        }
    }

    /// Runs a read; a `Refusal` its body throws is recorded afterwards.
    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        do {
            return try store.read(body)
        } catch let refusal as Refusal {
            recordRefusal(refusal.event)
            throw refusal.error
        }
    }
}

/// One transaction's worth of change: the store transaction, the time, and the audit events that
/// will be chained in at commit.
final class Work {
    let tx: any StoreTransaction
    let now: Date
    var audit: [AuditEvent] = []
    /// Security events, written on their own whether or not the change commits.
    var security: [AuditEvent] = []
    /// Steps to write in a transaction of their own if the change is rolled back.
    var onRollback: [(any StoreTransaction) throws -> Void] = []
    /// Messages this change queued.
    var queuedMessages = 0

    init(tx: any StoreTransaction, now: Date) {
        self.tx = tx
        self.now = now
    }

    var today: CalendarDate { CalendarDate(now) }

    func record(
        _ actor: Actor, _ action: AuditAction, object: String, id: String, result: AuditEvent.Result = .ok, detail: String = "",
        province: ProvinceCode? = nil, applicant: Int64? = nil
    ) {
        audit.append(
            AuditEvent(
                at: now, actorKind: actor.auditKind, actorId: actor.auditId, action: action, objectType: object, objectId: id,
                result: result, detail: detail, provinceCode: province, applicantId: applicant))
    }

    /// Queues a text message to a phone, sent after commit by the sender. A message carrying a
    /// `secret` (a code) is kept with the secret masked once sent, and not sent after `expiresAt`.
    func message(_ phone: MobileNumber, _ text: String, secret: String? = nil, expiresAt: Date? = nil) throws {
        let full = "【建造师注册】" + text
        _ = try tx.insertMessage(
            OutgoingMessage(
                phone: phone.value, text: full, redacted: OutgoingMessage.redact(full, secret: secret), createdAt: now, expiresAt: expiresAt
            ))
        queuedMessages += 1
    }

    /// Chains this transaction's events onto the log's head, inside the transaction.
    func commitAudit(digests: any Digests) throws {
        guard !audit.isEmpty else { return }
        var head = try tx.auditHead() ?? (sequence: 0, hash: AuditEvent.genesisHash)
        for var event in audit {
            event.sequence = head.sequence + 1
            event.previousHash = head.hash
            event.hash = digests.chainHash(previous: head.hash, event: event.canonicalBytes)
            try tx.insertAuditEvent(event)
            head = (event.sequence, event.hash)
        }
        audit.removeAll()
    }
}

/// Last-seen times of sessions, kept in memory between flushes. Losing them (a crash) can only make
/// a session idle out sooner, never later.
final class SessionTouches: Sendable {
    private let state = Mutex<[[UInt8]: Date]>([:])

    func record(_ hash: [UInt8], at date: Date) { state.withLock { $0[hash] = max(date, $0[hash] ?? date) } }
    func lastSeen(_ hash: [UInt8]) -> Date? { state.withLock { $0[hash] } }
    func drain() -> [[UInt8]: Date] {
        state.withLock { pending in
            defer { pending = [:] }
            return pending
        }
    }
    func restore(_ pending: [[UInt8]: Date]) {
        state.withLock { current in for (hash, date) in pending { current[hash] = max(date, current[hash] ?? date) } }
    }
}

/// A signal from the use cases to this process's message sender: messages were committed.
public final class MessagesQueued: Sendable {
    private let observers = Mutex<[@Sendable () -> Void]>([])

    public init() {}

    /// Calls `observer` after each commit that queued messages (on the committing thread: it must
    /// only wake something up).
    public func observe(_ observer: @escaping @Sendable () -> Void) { observers.withLock { $0.append(observer) } }

    func notify() {
        for observer in observers.withLock({ $0 }) { observer() }
    }
}
