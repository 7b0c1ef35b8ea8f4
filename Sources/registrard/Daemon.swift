import Dispatch
import Foundation
import RegistrarAPI
import RegistrarCommandLine
import RegistrarCore
import RegistrarHTTP
import RegistrarRuntime
import RegistrarServer

/// The service's life: start, wait for SIGTERM or SIGINT, stop gracefully. SIGHUP is noted and
/// otherwise ignored (reopening the access log on it is not implemented yet).
enum Daemon {
    static func log(_ message: String) {
        FileHandle.standardError.write(Data(("registrard: " + message + "\n").utf8))
    }

    static func run(_ arguments: Arguments) -> Int32 {
        if arguments.checkConfig {
            let report = ConfigurationCheck.run(
                RuntimeOptions(configPath: arguments.config, dataDirectory: arguments.dataDirectory, development: arguments.development))
            FileHandle.standardOutput.write(Data(report.text.utf8))
            return report.ok ? ExitCode.success.rawValue : ExitCode.failure.rawValue
        }
        let service: Service
        do {
            let runtime = try Runtime(
                RuntimeOptions(configPath: arguments.config, dataDirectory: arguments.dataDirectory, development: arguments.development),
                create: true, lock: .shared)
            var settings = try ServerSettings(runtime.configuration.file)
            if arguments.development { settings.development = true }
            if let listen = arguments.listen { (settings.host, settings.port) = try ServerSettings.parseListen(listen) }
            if runtime.initialised { log("initialised the data directory \(runtime.dataDirectory)") }
            service = try Service(runtime: runtime, settings: settings, accessLog: try accessLog(settings.accessLog), log: { log($0) })
            for notice in service.notices {
                log(notice.uppercased() == notice ? "*** \(notice) ***" : notice)
            }
            try service.start()
            log(
                "listening on \(settings.host):\(service.port), data directory \(runtime.dataDirectory), configuration \(runtime.configuration.path)"
            )
        } catch {
            log("cannot start: \(error)")
            return Runtime.isSchemaRefusal(error) ? ExitCode.schema.rawValue : ExitCode.failure.rawValue
        }
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        // Log rotation sends SIGHUP; by default it would end the process.
        signal(SIGHUP, SIG_IGN)
        let hangUp = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangUp.setEventHandler {
            log("SIGHUP received: reopening the access log is not supported yet; going on with the same file")
        }
        hangUp.resume()
        stop.wait()
        log("stopping: no new connections, finishing requests in flight")
        let clean = service.stop(timeout: .seconds(10))
        log(clean ? "stopped" : "stopped with requests unfinished after 10 s")
        withExtendedLifetime((sources, hangUp)) {}
        return 0
    }

    static func accessLog(_ setting: String) throws -> AccessLog? {
        switch setting {
        case "off": return nil
        case "stderr": return .standardError(redact: RegistrarAPI.redact)
        default:
            guard
                FileManager.default.fileExists(atPath: setting)
                    || FileManager.default.createFile(atPath: setting, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = FileHandle(forWritingAtPath: setting)
            else { throw Settings.Invalid(key: "server.access_log", reason: "cannot write \(setting)") }
            handle.seekToEndOfFile()
            let lock = NSLock()
            return AccessLog(redact: RegistrarAPI.redact) { line in
                lock.lock()
                handle.write(Data((line + "\n").utf8))
                lock.unlock()
            }
        }
    }
}
