import CSystemd
import Dispatch

/// registrard's side of systemd's service protocol (`Type=notify`, `WatchdogSec=`), through
/// libsystemd's sd_notify. Outside systemd (no `NOTIFY_SOCKET` in the environment) every call does
/// nothing, so the same binary runs by hand, under runuser or in the tests.
enum ServiceManager {
    /// Sends one state change ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=…") to the manager.
    static func notify(_ state: String) {
        _ = sd_notify(0, state)
    }

    /// The watchdog interval systemd asks for (`WatchdogSec=` sets `WATCHDOG_USEC`), if any.
    static var watchdogInterval: Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// Pings the watchdog at half its interval from a timer on its own queue, so that a process
    /// whose dispatch threads are exhausted or deadlocked stops pinging and is restarted. Returns the
    /// timer, to be cancelled on stop; nil when no watchdog is asked for.
    static func startWatchdog() -> DispatchSourceTimer? {
        guard let interval = watchdogInterval else { return nil }
        let (seconds, attoseconds) = interval.components
        let half = DispatchTimeInterval.microseconds(Int((seconds * 1_000_000 + attoseconds / 1_000_000_000_000) / 2))
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "registrard.watchdog"))
        timer.schedule(deadline: .now(), repeating: half)
        timer.setEventHandler { notify("WATCHDOG=1") }
        timer.resume()
        return timer
    }
}
