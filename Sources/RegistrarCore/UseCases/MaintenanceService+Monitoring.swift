import Foundation

/// What the store reads for monitoring (`MaintenanceQueries.monitoringFigures`).
public struct MonitoringFigures: Sendable, Equatable {
    /// Messages neither sent nor expired.
    public var pendingMessages: Int
    /// Of those, the ones whose last send failed, waiting for their retry.
    public var failedMessages: Int
    /// When the oldest pending message was queued; nil when none is pending.
    public var oldestPendingAt: Date?
    /// Electronic certificates generated and signed, all time.
    public var certificatesSigned: Int

    public init(pendingMessages: Int, failedMessages: Int, oldestPendingAt: Date?, certificatesSigned: Int) {
        self.pendingMessages = pendingMessages
        self.failedMessages = failedMessages
        self.oldestPendingAt = oldestPendingAt
        self.certificatesSigned = certificatesSigned
    }
}

/// The system's state for monitoring (registrard's `/metrics` gauges), read at one moment.
public struct MonitoringSnapshot: Sendable, Equatable {
    public var pendingMessages: Int
    public var failedMessages: Int
    /// Seconds since the oldest pending message was queued; 0 when none is pending.
    public var oldestPendingAge: TimeInterval
    public var certificatesSigned: Int
    /// The audit chain's last sequence number, 0 for an empty chain.
    public var auditHead: Int64
    /// The database's size on disk, when the caller gave the store's maintenance port.
    public var storage: StorageSizes?
}

extension MaintenanceService {
    /// The outbox's state (pending, failed and waiting for a retry, the oldest one's age), the
    /// certificates signed, the audit chain's head and, given the store's maintenance port, the
    /// database's size: what registrard exports as gauges. Reads only.
    public func monitoring(storage: (any StoreMaintenance)? = nil) throws -> MonitoringSnapshot {
        let (figures, head) = try read { tx in (try tx.monitoringFigures(), try tx.auditHead()) }
        let age = figures.oldestPendingAt.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0
        return MonitoringSnapshot(
            pendingMessages: figures.pendingMessages, failedMessages: figures.failedMessages, oldestPendingAge: age,
            certificatesSigned: figures.certificatesSigned, auditHead: head?.sequence ?? 0, storage: try storage?.storageSizes())
    }
}
