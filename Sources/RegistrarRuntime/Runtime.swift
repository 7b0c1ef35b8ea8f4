import Foundation
import RegistrarCore
import RegistrarCrypto
import RegistrarSQLite

/// Everything a program needs to run Registrar on this machine: configuration, keys, the store,
/// reference lists and agreement texts. The three executables differ only in the adapters they
/// plug into `makeRegistrar`.
public final class Runtime: Sendable {
    public let configuration: RuntimeConfiguration
    public let keys: KeyRing
    public let store: SQLiteStore
    public let reference: ReferenceData
    public let texts: AgreementTexts
    /// Whether this start initialised the data directory.
    public let initialised: Bool

    public init(_ options: RuntimeOptions, knownKeys: [String] = [], create: Bool) throws {
        configuration = try RuntimeConfiguration.load(options, knownKeys: knownKeys)
        do {
            reference = try ReferenceData.load(directory: configuration.referenceDirectory)
            texts = AgreementTexts(
                notice: try AgreementText.load(path: configuration.textsDirectory + "/registration-notice.txt"),
                commitment: try AgreementText.load(path: configuration.textsDirectory + "/personal-commitment.txt"))
        } catch {
            throw RuntimeConfiguration.Failure(description: "\(error)")
        }
        let opened = try DataDirectory.open(configuration.dataDirectory, create: create)
        keys = opened.keys
        initialised = opened.created
        store = try SQLiteStore(
            path: configuration.dataDirectory + "/" + DataDirectory.databaseName, sealer: keys.sealer, digests: keys.digests,
            poolSize: configuration.poolSize, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
    }

    public var settings: Settings { configuration.settings }
    public var dataDirectory: String { configuration.dataDirectory }
    public var smsSpool: String { dataDirectory + "/" + DataDirectory.spoolName + "/sms" }

    public func passwordHasher() -> Argon2idHasher {
        Argon2idHasher(memoryKiB: settings.argon2MemoryKiB, iterations: settings.argon2Iterations)
    }

    public func makeRegistrar(
        sms: any SMSGateway, identity: any IdentityProvider, images: any ImageProcessor, clock: any Clock = SystemClock(),
        hasher: (any PasswordHasher)? = nil
    ) -> Registrar {
        Registrar(
            store: store, clock: clock, random: SodiumRandom(), hasher: hasher ?? passwordHasher(), digests: keys.digests, sms: sms,
            identity: identity, images: images, reference: reference, settings: settings, texts: texts,
            signer: keys.signer)
    }
}
