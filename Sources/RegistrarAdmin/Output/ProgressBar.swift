import Foundation

/// A one-line progress bar on standard error, redrawn in place at most ten times a second; drawn
/// only when standard error is a terminal, so that logs and pipes never fill with it.
public final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false

    public init(label: String, enabled: Bool = isatty(2) == 1) {
        self.label = label
        self.enabled = enabled
    }

    public func update(done: Int64, total: Int64, rows: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(label) [\(bar)] \(String(format: "%3d", Int(fraction * 100)))%  \(rows) 行"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Ends the line, so that what follows starts on a fresh one.
    public func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
