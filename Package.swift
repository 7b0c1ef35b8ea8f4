// swift-tools-version: 6.1
// Registrar: registration of China's first-class constructors (一级建造师).
// No third-party Swift packages: the toolchain's modules and Debian's C libraries only.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Registrar",
    products: [
        .library(name: "RegistrarCore", targets: ["RegistrarCore"]),
        .library(name: "RegistrarSQLite", targets: ["RegistrarSQLite"]),
        .library(name: "RegistrarCrypto", targets: ["RegistrarCrypto"]),
        .library(name: "RegistrarRuntime", targets: ["RegistrarRuntime"]),
        .library(name: "RegistrarConsole", targets: ["RegistrarConsole"]),
        .executable(name: "registrar-console", targets: ["registrar-console"]),
    ],
    targets: [
        // C libraries from Debian, one system-library target each.
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CNCurses", path: "Sources/CNCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]),

        // The domain: every rule, every use case, the ports.
        .target(name: "RegistrarCore", swiftSettings: strict),
        // Adapters.
        .target(name: "RegistrarSQLite", dependencies: ["RegistrarCore", "CSQLite"], swiftSettings: strict),
        .target(name: "RegistrarCrypto", dependencies: ["RegistrarCore", "CSodium"], swiftSettings: strict),
        // Wiring shared by the executables: configuration, the data directory, the SMS and identity drivers.
        .target(
            name: "RegistrarRuntime", dependencies: ["RegistrarCore", "RegistrarSQLite", "RegistrarCrypto"], swiftSettings: strict),
        // The reviewer console: a pure screen model rendered by a thin ncursesw layer.
        .target(name: "RegistrarConsole", dependencies: ["RegistrarCore", "RegistrarRuntime", "CNCurses"], swiftSettings: strict),
        .executableTarget(name: "registrar-console", dependencies: ["RegistrarConsole"], swiftSettings: strict),
        // Times the console's four heavy reads on a generated database (scripts/bench-console.sh); not a test.
        .executableTarget(
            name: "registrar-console-bench", dependencies: ["RegistrarConsole", "RegistrarRuntime", "RegistrarCore"], swiftSettings: strict),

        // The core's use cases run against the real SQLite store and real keys, with fakes behind
        // the other ports.
        .testTarget(
            name: "RegistrarCoreTests", dependencies: ["RegistrarCore", "RegistrarSQLite", "RegistrarCrypto"], swiftSettings: strict),
        .testTarget(name: "RegistrarRuntimeTests", dependencies: ["RegistrarRuntime", "RegistrarCore", "RegistrarCrypto"], swiftSettings: strict),
        .testTarget(
            name: "RegistrarSQLiteTests", dependencies: ["RegistrarSQLite", "RegistrarCore"],
            swiftSettings: strict),
        .testTarget(
            name: "RegistrarConsoleTests",
            dependencies: ["RegistrarConsole", "RegistrarCore", "RegistrarSQLite", "RegistrarCrypto", "RegistrarRuntime"],
            exclude: ["Screens"], swiftSettings: strict),
        .testTarget(name: "RegistrarCryptoTests", dependencies: ["RegistrarCrypto", "RegistrarCore"], swiftSettings: strict),
    ]
)
