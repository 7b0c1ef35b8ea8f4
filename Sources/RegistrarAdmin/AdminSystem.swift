import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarDocuments
import RegistrarRuntime

/// Registrar as the administrator's commands see it: the runtime (configuration, keys, store) and
/// a `Registrar` wired with the production adapters. It sends no SMS: the messages its commands
/// queue are sent by registrard.
public struct AdminSystem: Sendable {
    public let runtime: Runtime
    public let registrar: Registrar
    /// Who is acting, as the audit log names the administrator.
    public let administrator: String

    /// Opens an initialised data directory (never creates one: that is `registrarctl init`).
    /// With `signing`, its core holds this installation's signing key: it can answer a certificate's QR
    /// code as the public verification does (`copy-store`'s proof); otherwise it signs nothing.
    public static func open(_ options: RuntimeOptions, settings: ((inout Settings) -> Void)? = nil, signing: Bool = false) throws
        -> AdminSystem
    {
        let runtime = try Runtime(options, create: false)
        return AdminSystem(runtime: runtime, settings: settings, signing: signing)
    }

    public init(runtime: Runtime, settings adjust: ((inout Settings) -> Void)? = nil, signing: Bool = false) {
        self.runtime = runtime
        // The administrator's commands never verify anyone online; the provider is wired as
        // registrard wires a signed one, with the configured key when there is one.
        let server = (try? ServerSettings(runtime.configuration.file)) ?? ServerSettings()
        let providerKey = Base64URL.decode(server.identityPublicKey) ?? runtime.keys.signer.publicKey
        let identity = SignedIdentityProvider(
            publicKey: providerKey, payloadBase: server.identityPayloadBase, digests: runtime.keys.digests)
        var settings = runtime.settings
        adjust?(&settings)
        registrar = runtime.makeRegistrar(identity: identity, images: ImageNormalizer(), settings: settings, signing: signing)
        administrator = Administrator.current
    }

    /// The outbox driver's spool, as registrard writes it.
    public var outbox: OutboxSMSGateway { OutboxSMSGateway(directory: runtime.smsSpool) }
}

/// The name the audit log gives the person at the command line: the user `sudo` was run by, else the login user.
/// Taken once, at first use: registrarctl asks before it switches to the data directory's owner,
/// so that the log names the person, not the service account.
public enum Administrator {
    public static let current: String = {
        let environment = ProcessInfo.processInfo.environment
        if let sudo = environment["SUDO_USER"], !sudo.isEmpty { return sudo }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid\(getuid())"
    }()
}
