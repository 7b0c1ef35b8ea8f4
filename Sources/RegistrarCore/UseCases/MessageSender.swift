import Foundation

/// Sends the outbox through the SMS port: the only thing that does. registrard runs one in a loop;
/// the console and registrarctl only queue messages (`registrarctl demo` delivers what it queued
/// through one of these, to read its codes as a person would).
///
/// Each round claims messages in the store before sending them (`claimMessages`, one atomic step),
/// so that no two senders — threads, or processes on one database — ever hold the same message.
/// A sent message is recorded as sent, and its text redacted, in one write after the round's sends.
/// Should that write not happen (the process stops in between), the claim lapses after `lease`
/// and the message is sent again with the same id, which the gateway takes as its idempotency key.
/// A failed send is retried later, with a growing delay, and ends the round (the messages claimed
/// after it are given back untried); a message whose code has expired is never sent but marked
/// expired and redacted.
public final class MessageSender: Sendable {
    public let store: any Store
    public let clock: any Clock
    public let gateway: any SMSGateway
    /// Names this sender in its claims: host, process and a random part.
    public let owner: String
    /// How long a claim holds.
    public let lease: TimeInterval
    /// The longest one send may take (the HTTP driver's timeout and a margin): a claimed message
    /// is not sent when less than this is left of the lease.
    public let sendTime: TimeInterval
    /// Messages claimed a round.
    public let batch: Int

    public init(
        store: any Store, clock: any Clock, gateway: any SMSGateway, owner: String? = nil, lease: TimeInterval = 120,
        sendTime: TimeInterval = 15, batch: Int = 50
    ) {
        self.store = store
        self.clock = clock
        self.gateway = gateway
        self.owner = owner ?? MessageSender.uniqueOwner()
        self.lease = lease
        self.sendTime = sendTime
        self.batch = batch
    }

    /// What a round did.
    public struct Round: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        public var expired = 0
        /// Failures by error code (never the message: it may hold a code).
        public var errors: [String] = []
        /// Each failed send: which message, which attempt, why, when it is tried again.
        public var failures: [Failure] = []
        public init() {}
        public var isEmpty: Bool { sent == 0 && failed == 0 && expired == 0 }
    }

    /// One failed send, for the log: never the phone number or the text (it may hold a code).
    public struct Failure: Sendable, Equatable {
        public var messageId: Int64
        /// The attempt that failed, 1 for the first.
        public var attempt: Int
        /// The gateway's error code.
        public var error: String
        /// Seconds until the message is tried again.
        public var retryIn: TimeInterval
    }

    /// One round: expires what is too old, claims up to `batch` messages, sends them, records the
    /// outcome. Rounds until the outbox has nothing more to claim with `untilEmpty`.
    @discardableResult
    public func deliver(untilEmpty: Bool = false) throws -> Round {
        var total = Round()
        while true {
            let round = try deliverOnce()
            total.sent += round.sent
            total.failed += round.failed
            total.expired += round.expired
            total.errors += round.errors
            total.failures += round.failures
            // A failure ends the rounds: the gateway is likely down, and the next round (a second
            // later, in registrard) tries again with the next message.
            if !untilEmpty || round.sent == 0 || round.failed > 0 { return total }
        }
    }

    private func deliverOnce() throws -> Round {
        var round = Round()
        // Most rounds find nothing: a read says so without taking the write lock.
        guard try !store.read({ try $0.pendingMessages(limit: 1) }).isEmpty else { return round }
        let now = clock.now()
        let leaseUntil = now.addingTimeInterval(lease)
        let claimed = try store.write { tx in
            round.expired = try tx.expireMessages(now: now)
            return try tx.claimMessages(owner: owner, now: now, leaseUntil: leaseUntil, limit: batch)
        }
        guard !claimed.isEmpty else { return round }
        var sent: [(Int64, Date)] = []
        var failed: [(Int64, Date)] = []
        var unsent: [Int64] = []
        for message in claimed {
            let start = clock.now()
            if !failed.isEmpty {
                unsent.append(message.id)
                continue
            }
            // Too late for its code, or too little of the lease left to send it safely: given back
            // untried (the next round expires or claims it).
            if let expires = message.expiresAt, expires <= start {
                unsent.append(message.id)
                continue
            }
            if start.addingTimeInterval(sendTime) > leaseUntil {
                unsent.append(message.id)
                continue
            }
            do {
                try gateway.send(messageId: message.id, to: message.phone, text: message.text)
                sent.append((message.id, clock.now()))
            } catch {
                let delay = Self.retryDelay(attempts: message.attempts)
                failed.append((message.id, clock.now().addingTimeInterval(delay)))
                round.errors.append(error.code)
                round.failures.append(Failure(messageId: message.id, attempt: message.attempts, error: error.code, retryIn: delay))
            }
        }
        round.sent = sent.count
        round.failed = failed.count
        try store.write { tx in
            for (id, at) in sent { _ = try tx.markMessageSent(id: id, at: at) }
            for (id, retryAt) in failed { _ = try tx.releaseMessage(id: id, owner: owner, retryAt: retryAt) }
            for id in unsent { _ = try tx.releaseMessage(id: id, owner: owner, retryAt: nil) }
        }
        return round
    }

    /// Seconds before a failed message is tried again: 15 s after the first attempt, doubling, at
    /// most 10 minutes.
    public static func retryDelay(attempts: Int) -> TimeInterval {
        min(600, 15 * pow(2, Double(min(max(attempts - 1, 0), 6))))
    }

    /// `host:pid:random`, different for every sender (two in one process too).
    public static func uniqueOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
    }
}
