import Foundation
import Synchronization

/// Thrown inside a unit of work to refuse a request that is a security event: the client sees
/// `error`, and `read` or `change` records `event` on its own afterwards, rate-limited per actor by
/// `RefusalLog` so that a client repeating the request cannot flood the audit log.
struct Refusal: Error {
    let error: RegistrarError
    let event: AuditEvent

    /// An actor asking for a record that exists but is someone else's: the answer is the one for a
    /// record that does not exist (`error`), so that nothing is revealed. The event names no
    /// applicant, so that neither applicant's operation trail shows it.
    static func notOwner(_ error: RegistrarError, actor: Actor, object: String, id: Int64, owner: Int64, at now: Date) -> Refusal {
        Refusal(
            error: error,
            event: AuditEvent(
                at: now, actorKind: actor.auditKind, actorId: actor.auditId, action: .authzNotOwner,
                objectType: object, objectId: String(id), result: .denied, detail: "owner=\(owner)"))
    }
}

/// Keeps refusals (refused authorizations, rejected callbacks) from flooding the audit log: per actor, at most `perMinute` events
/// a minute; the refusals beyond are counted and written as one summary event
/// (`authz.refusals_suppressed`) once the actor's minute is over.
///
/// Memory is bounded: at most `capacity` actors are tracked at once. When the table is full,
/// minutes that are over are swept out first; if none is, the refusal is recorded untracked.
final class RefusalLog: Sendable {
    static let perMinute = 10
    static let window: TimeInterval = 60
    static let capacity = 10_000

    struct Key: Hashable {
        var kind: String
        var id: String
    }

    struct Window {
        var start: Date
        var recorded: Int
        var suppressed: Int
    }

    private let state = Mutex<[Key: Window]>([:])

    /// Counts one refusal: whether to record it, and the windows (with something suppressed) that
    /// are over and need their summary written.
    func admit(_ key: Key, at now: Date) -> (record: Bool, ended: [(Key, Window)]) {
        state.withLock { windows in
            if var current = windows[key], now < current.start.addingTimeInterval(Self.window) {
                if current.recorded < Self.perMinute { current.recorded += 1 } else { current.suppressed += 1 }
                windows[key] = current
                return (current.suppressed == 0, [])
            }
            var ended: [(Key, Window)] = []
            if let previous = windows.removeValue(forKey: key), previous.suppressed > 0 { ended.append((key, previous)) }
            if windows.count >= Self.capacity { ended += Self.sweep(&windows, endedBy: now) }
            if windows.count < Self.capacity { windows[key] = Window(start: now, recorded: 1, suppressed: 0) }
            return (true, ended)
        }
    }

    /// Removes the windows that are over by `now` (all of them when nil), returning those with
    /// something suppressed.
    func drain(endedBy now: Date?) -> [(Key, Window)] {
        state.withLock { windows in
            guard let now else {
                defer { windows.removeAll() }
                return windows.filter { $0.value.suppressed > 0 }.map { ($0.key, $0.value) }
            }
            return Self.sweep(&windows, endedBy: now)
        }
    }

    var tracked: Int { state.withLock { $0.count } }

    private static func sweep(_ windows: inout [Key: Window], endedBy now: Date) -> [(Key, Window)] {
        let over = windows.filter { now >= $0.value.start.addingTimeInterval(window) }
        for key in over.keys { windows.removeValue(forKey: key) }
        return over.filter { $0.value.suppressed > 0 }.map { ($0.key, $0.value) }
    }
}

extension UnitOfWork {
    /// Records a refusal's event on its own, within its actor's limit.
    func recordRefusal(_ event: AuditEvent) {
        let now = clock.now()
        let (record, ended) = refusals.admit(RefusalLog.Key(kind: event.actorKind, id: event.actorId), at: now)
        securityEvents(Self.suppressionSummaries(ended, at: now) + (record ? [event] : []))
    }

    /// Writes the summaries of refusals left unrecorded in minutes that are over; with `all`, of
    /// every minute, over or not.
    func flushSuppressedRefusals(all: Bool) {
        let now = clock.now()
        securityEvents(Self.suppressionSummaries(refusals.drain(endedBy: all ? nil : now), at: now))
    }

    private static func suppressionSummaries(_ windows: [(RefusalLog.Key, RefusalLog.Window)], at now: Date) -> [AuditEvent] {
        windows.map { key, window in
            AuditEvent(
                at: now, actorKind: key.kind, actorId: key.id, action: AuditAction.authzRefusalsSuppressed.rawValue, objectType: "audit",
                objectId: "", result: .denied,
                detail: "suppressed=\(window.suppressed) since=\(ISO8601DateFormatter().string(from: window.start))")
        }
    }
}
