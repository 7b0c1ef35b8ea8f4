import RegistrarConsole
import RegistrarCore
import RegistrarDocuments
import RegistrarRuntime

/// The console's composition: the runtime (configuration, keys, the store it chooses) and the core
/// wired for an official at a terminal, as registrard and registrarctl wire theirs.
enum ConsoleWiring {
    /// Opens the data directory (never creating one) and wires the core for the console. Stored
    /// rows that do not decode are reported to syslog: the terminal is the console's. The console
    /// sends no SMS: the messages its decisions queue are sent by registrard. The data directory's
    /// lock is taken shared and returned: the caller keeps it until the console exits, so that no
    /// restore or key replacement happens under the keys and database this console holds.
    static func makeServices(configPath: String?, dataDirectory: String?, development: Bool) throws -> (
        services: ConsoleServices, lock: ServiceLock?
    ) {
        let runtime = try Runtime(
            RuntimeOptions(configPath: configPath, dataDirectory: dataDirectory, development: development), create: false,
            lock: .shared, diagnostics: .system)
        // The development profile signs in with the password alone (the README's demo path):
        // `security.official_totp` is for real installations.
        var settings = runtime.settings
        if development { settings.officialTOTP = .off }
        let registrar = runtime.makeRegistrar(
            identity: SignedIdentityProvider(
                publicKey: runtime.keys.signer.publicKey, payloadBase: "https://invalid.example/", digests: runtime.keys.digests),
            images: ImageNormalizer(), settings: settings)
        return (ConsoleServices(registrar: registrar, terminal: ConsoleApp.terminalName()), runtime.lock)
    }

    /// Whether the console could not start because the database's schema is not its own (exit status 3).
    static func isSchemaRefusal(_ error: any Error) -> Bool { Runtime.isSchemaRefusal(error) }
}
