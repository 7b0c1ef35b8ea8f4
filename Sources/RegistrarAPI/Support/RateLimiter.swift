import Foundation
import Synchronization

/// Fixed-window counters per (bucket, address): a cheap, memory-bounded per-address limit.
final class RateLimiter: Sendable {
    private struct Window {
        var start: Int64
        var count: Int
    }
    private let state = Mutex<[String: Window]>([:])
    let limitPerMinute: Int
    let enabled: Bool

    init(limitPerMinute: Int, enabled: Bool = true) {
        self.limitPerMinute = limitPerMinute
        self.enabled = enabled
    }

    /// Counts a request; false when the address is over its limit for this minute.
    func allow(_ key: String, now: Date = Date()) -> Bool {
        guard enabled else { return true }
        let minute = Int64(now.timeIntervalSince1970 / 60)
        return state.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { $0.value.start == minute } }
            var window = windows[key] ?? Window(start: minute, count: 0)
            if window.start != minute { window = Window(start: minute, count: 0) }
            window.count += 1
            windows[key] = window
            return window.count <= limitPerMinute
        }
    }
}
