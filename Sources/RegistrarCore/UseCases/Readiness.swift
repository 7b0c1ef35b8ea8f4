/// Whether this installation can take writes now: what registrard's `/readyz` answers a load
/// balancer. `/healthz` says only that the process lives; this proves the database writable (a
/// real write, rolled back, through the store's maintenance port) and the file system holding it
/// roomy enough (`server.ready_min_free_mb`), so that a node that would fail every filing is taken
/// out of rotation before it does.
public struct Readiness: Sendable {
    let maintenance: any StoreMaintenance
    /// The least free space, in bytes, on the database's file system.
    public let minimumFreeBytes: Int64

    public init(maintenance: any StoreMaintenance, minimumFreeBytes: Int64) {
        self.maintenance = maintenance
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// Throws `store.not_writable` when the probe write fails, `store.low_disk_space` when the file
    /// system has less room than required; returns when both hold.
    public func check() throws {
        do { try maintenance.probeWrite() } catch {
            throw RegistrarError.unavailable(.storeNotWritable, "数据库当前不可写入，暂不能办理业务")
        }
        let free: Int64
        do { free = try maintenance.availableBytes } catch {
            throw RegistrarError.unavailable(.storeNotWritable, "无法确定数据目录的剩余空间，暂不能办理业务")
        }
        guard free >= minimumFreeBytes else {
            throw RegistrarError.unavailable(
                .storeLowDiskSpace,
                "数据目录所在文件系统仅剩 \(free / 1_048_576) MB，少于要求的 \(minimumFreeBytes / 1_048_576) MB，暂不能办理业务")
        }
    }
}
