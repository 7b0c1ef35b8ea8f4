import Dispatch
import Foundation
import RegistrarAPI
import RegistrarCommandLine
import RegistrarCore
import RegistrarHTTP
import RegistrarRuntime
import RegistrarServer

/// The service's life: start, tell systemd it is ready (and ping its watchdog), reopen the access
/// log on SIGHUP, stop gracefully on SIGTERM or SIGINT. SIGHUP reloads nothing else: every other
/// setting is read once at start and needs a restart (registrard(8), RELOADING).
enum Daemon {
    /// One JSON line on standard error (`ServiceLog`), like every other line registrard logs.
    static func log(
        _ message: String, event: String = "registrard.notice", _ level: ServiceLog.Level = .info, fields: [String: any Sendable] = [:]
    ) {
        write(ServiceLog.line(event, level, message: message, fields: fields))
    }

    /// A line the service made (`ServiceLog`), written as it is.
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func run(_ arguments: Arguments) -> Int32 {
        if arguments.checkConfig {
            let report = ConfigurationCheck.run(
                RuntimeOptions(configPath: arguments.config, dataDirectory: arguments.dataDirectory, development: arguments.development))
            FileHandle.standardOutput.write(Data(report.text.utf8))
            return report.ok ? ExitCode.success.rawValue : ExitCode.failure.rawValue
        }
        let service: Service
        let accessLogFile: AccessLogFile?
        do {
            let runtime = try Runtime(
                RuntimeOptions(configPath: arguments.config, dataDirectory: arguments.dataDirectory, development: arguments.development),
                create: true, lock: .shared)
            var settings = try ServerSettings(runtime.configuration.file)
            if arguments.development { settings.development = true }
            if let listen = arguments.listen { (settings.host, settings.port) = try ServerSettings.parseListen(listen) }
            if runtime.initialised {
                log("initialised the data directory \(runtime.dataDirectory)", event: "registrard.initialised")
            }
            let (accessLog, file) = try accessLog(settings.accessLog)
            accessLogFile = file
            service = try Service(runtime: runtime, settings: settings, accessLog: accessLog, log: { write($0) })
            for notice in service.notices {
                // The loud ones (the development profile, test and benchmark switches) are warnings.
                log(notice, notice.uppercased() == notice ? .warning : .info)
            }
            for warning in service.warnings {
                log(warning.reason, event: "config.public_url", .warning, fields: ["key": warning.key])
            }
            try service.start()
            log(
                "listening on \(settings.host):\(service.port), data directory \(runtime.dataDirectory), configuration \(runtime.configuration.path)",
                event: "registrard.listening",
                fields: [
                    "host": settings.host, "port": Int(service.port), "dataDirectory": runtime.dataDirectory,
                    "configuration": runtime.configuration.path,
                ])
        } catch {
            log("cannot start: \(error)", event: "registrard.cannot_start", .error)
            return Runtime.isSchemaRefusal(error) ? ExitCode.schema.rawValue : ExitCode.failure.rawValue
        }
        // Listening: systemd (Type=notify) may now start what is ordered after the service.
        ServiceManager.notify("READY=1\nSTATUS=listening on port \(service.port)")
        let watchdog = ServiceManager.startWatchdog()
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        // systemctl reload and logrotate send SIGHUP: reopen the access log file by its path.
        signal(SIGHUP, SIG_IGN)
        let hangUp = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangUp.setEventHandler { reload(accessLogFile) }
        hangUp.resume()
        stop.wait()
        ServiceManager.notify("STOPPING=1")
        watchdog?.cancel()
        log("stopping: no new connections, finishing requests in flight", event: "registrard.stopping")
        let clean = service.stop(timeout: .seconds(10))
        log(clean ? "stopped" : "stopped with requests unfinished after 10 s", event: "registrard.stopped", clean ? .info : .warning)
        withExtendedLifetime((sources, hangUp, accessLogFile)) {}
        return 0
    }

    /// SIGHUP: the access log file is reopened; nothing else is reloaded.
    static func reload(_ file: AccessLogFile?) {
        ServiceManager.notify("RELOADING=1")
        defer { ServiceManager.notify("READY=1") }
        guard let file else {
            log(
                "SIGHUP received: the access log is not a file; nothing to reopen (other settings need a restart)",
                event: "registrard.reload")
            return
        }
        do {
            try file.reopen()
            log("SIGHUP received: reopened the access log \(file.path) (other settings need a restart)", event: "registrard.reload")
        } catch {
            log("SIGHUP received: \(error); going on with the file already open", event: "registrard.reload", .error)
        }
    }

    static func accessLog(_ setting: String) throws -> (AccessLog?, AccessLogFile?) {
        switch setting {
        case "off": return (nil, nil)
        case "stderr": return (.standardError(redact: RegistrarAPI.redact), nil)
        default:
            let file: AccessLogFile
            do {
                file = try AccessLogFile(path: setting)
            } catch {
                throw Settings.Invalid(key: "server.access_log", reason: "cannot write \(setting): \(error.reason)")
            }
            return (AccessLog(redact: RegistrarAPI.redact) { file.write(line: $0) }, file)
        }
    }
}
