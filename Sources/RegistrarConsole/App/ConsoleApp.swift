import Foundation
import RegistrarCore
import RegistrarDocuments
import Synchronization

/// Set by SIGTERM and SIGHUP (a closed SSH connection): the loop ends the session and leaves.
private let stopRequested = Atomic<Bool>(false)

/// The console program: wiring and the terminal loop; its command line is `ConsoleCommand`.
public enum ConsoleApp {
    /// The terminal device, or `console` when there is none.
    public static func terminalName() -> String {
        if let name = ttyname(0) { return String(cString: name) }
        return "console"
    }

    /// Runs the console on the terminal until the official quits. Returns the exit status.
    public static func runInteractive(_ services: ConsoleServices) -> Int32 {
        let terminal: Terminal
        do { terminal = try Terminal() } catch {
            FileHandle.standardError.write(Data("registrar-console: \(error)\n".utf8))
            return 1
        }
        defer { terminal.stop() }
        for number in [SIGTERM, SIGHUP] {
            signal(number) { _ in stopRequested.store(true, ordering: .relaxed) }
        }
        let runner = ConsoleRunner(services: services, size: terminal.size, palette: terminal.palette)
        terminal.draw(runner.screen)
        // A terminal that has gone away answers every read at once; a second's worth of instant
        // answers means there is nobody there.
        var instantTimeouts = 0
        while !runner.state.quitting {
            if stopRequested.load(ordering: .relaxed) || instantTimeouts > 20 {
                if let token = runner.state.session?.token { _ = services.run(.logout(token: token), token: nil) }
                break
            }
            let redraw: Bool
            let started = Date()
            let input = terminal.read(timeout: 1000)
            if case .timeout = input, Date().timeIntervalSince(started) < 0.05 { instantTimeouts += 1 } else { instantTimeouts = 0 }
            switch input {
            case .key(.control("l")):
                terminal.invalidate()
                redraw = runner.send(.key(.control("l"))) || true
            case .key(let key):
                redraw = runner.send(.key(key))
            case .resize(let size):
                terminal.invalidate()
                redraw = runner.send(.resize(size)) || true
            case .timeout:
                redraw = runner.send(.tick(Date()))
            case .ignored:
                redraw = false
            }
            if redraw { terminal.draw(runner.screen) }
        }
        return 0
    }
}
