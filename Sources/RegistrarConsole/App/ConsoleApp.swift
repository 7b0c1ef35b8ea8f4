import Foundation
import RegistrarCore
import RegistrarDocuments
import Synchronization

/// Set by SIGTERM and SIGHUP (a closed SSH connection): the loop ends the session and leaves.
private let stopRequested = Atomic<Bool>(false)

/// The console program: options, wiring, and the terminal loop.
public enum ConsoleApp {
    public static let version = "0.1.0"

    public static let usage = """
        用法：registrar-console [--config 文件] [--data-dir 目录]
              registrar-console --help | --version

        一级建造师注册审查控制台：省级主管部门工作人员在此办理现场认证、受理、审查、审批和发证。
          --config 文件     配置文件（默认依次为 $REGISTRAR_CONFIG、./Config/registrar.conf、/etc/registrar/registrar.conf）
          --data-dir 目录   数据目录（默认取配置文件中的 storage.data_directory）
          --help            显示本说明
          --version         显示版本
        详见 registrar-console(1)。
        """

    /// What the command line asks for.
    public enum Command: Equatable {
        case run(configPath: String?, dataDirectory: String?)
        case help
        case version
    }

    public struct UsageError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses the arguments after the program's name.
    public static func parse(_ arguments: [String]) throws -> Command {
        var config: String?
        var data: String?
        var index = 0
        func value(_ option: String) throws -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else { throw UsageError(description: "选项 \(option) 需要一个参数") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--help", "-h": return .help
            case "--version": return .version
            case "--config": config = try value(argument)
            case "--data-dir": data = try value(argument)
            default:
                if argument.hasPrefix("--config=") {
                    config = String(argument.dropFirst("--config=".count))
                } else if argument.hasPrefix("--data-dir=") {
                    data = String(argument.dropFirst("--data-dir=".count))
                } else {
                    throw UsageError(description: "未知的参数：\(argument)")
                }
            }
            index += 1
        }
        return .run(configPath: config, dataDirectory: data)
    }

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
