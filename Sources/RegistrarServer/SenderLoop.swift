import Foundation
import RegistrarCore
import Synchronization

/// registrard's message sender: one thread that delivers the outbox every `interval`, and at once
/// when a commit in this process has queued messages. Requests never send: they only queue.
/// Another registrard on the same database runs its own loop; the store's claims keep the two from
/// sending a message twice.
final class SenderLoop: Sendable {
    let sender: MessageSender
    let interval: TimeInterval
    private let log: @Sendable (String) -> Void
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let state = Mutex<(started: Bool, stopping: Bool)>((false, false))

    init(sender: MessageSender, interval: TimeInterval = 1, log: @escaping @Sendable (String) -> Void) {
        self.sender = sender
        self.interval = interval
        self.log = log
    }

    func start() {
        guard
            state.withLock({ s in
                defer { s.started = true }
                return !s.started
            })
        else { return }
        let thread = Thread { [self] in
            while true {
                // A round that starts after `stop` was asked for is the last one: it sends what the
                // last requests queued.
                let last = state.withLock { $0.stopping }
                round()
                if last { break }
                _ = wake.wait(timeout: .now() + interval)
                // Commits that came together wake it once.
                while wake.wait(timeout: .now()) == .success {}
            }
            finished.signal()
        }
        thread.name = "registrard.sms"
        thread.start()
    }

    /// Asks for a round now (after a commit that queued messages).
    func wakeUp() { wake.signal() }

    /// Ends the loop after one more round, waiting at most `timeout`. Only the first call waits.
    func stop(timeout: TimeInterval = 10) {
        let waits = state.withLock { s in
            defer { s.stopping = true }
            return s.started && !s.stopping
        }
        guard waits else { return }
        wake.signal()
        _ = finished.wait(timeout: .now() + timeout)
    }

    /// Logs each failed send (`sms.send_failed`: the message's id, the attempt, the gateway's error
    /// code and when it is retried, never the phone or the text), messages that expired unsent, and
    /// an outbox that could not be read. The sender retries with a growing delay
    /// (`MessageSender.retryDelay`).
    private func round() {
        do {
            let round = try sender.deliver(untilEmpty: true)
            for failure in round.failures {
                log(
                    ServiceLog.line(
                        "sms.send_failed", .warning, message: "SMS not delivered; retried later",
                        fields: [
                            "messageId": failure.messageId, "attempt": failure.attempt, "error": failure.error,
                            "retryInSeconds": Int(failure.retryIn),
                        ]))
            }
            if round.expired > 0 {
                log(
                    ServiceLog.line(
                        "sms.expired_unsent", .warning, message: "SMS expired unsent (their codes had expired)",
                        fields: ["count": round.expired]))
            }
        } catch {
            log(ServiceLog.line("sms.outbox_failed", .error, message: "\(error)"))
        }
    }
}
