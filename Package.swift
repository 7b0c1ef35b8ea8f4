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
        .library(name: "RegistrarHTTP", targets: ["RegistrarHTTP"]),
        .library(name: "RegistrarDocuments", targets: ["RegistrarDocuments"]),
        .library(name: "RegistrarServer", targets: ["RegistrarServer"]),
        .library(name: "RegistrarAdmin", targets: ["RegistrarAdmin"]),
        .executable(name: "registrarctl", targets: ["registrarctl"]),
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
            name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(
            name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CCairo", path: "Sources/CCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(
            name: "CQREncode", path: "Sources/CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CNCurses", path: "Sources/CNCurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]),
        // sd_notify: readiness, watchdog and reload notices to systemd (registrard only).
        .systemLibrary(
            name: "CSystemd", path: "Sources/CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        // libpq: the PostgreSQL store (RegistrarPostgres), chosen by `[storage] driver`.
        .systemLibrary(
            name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        // liboath: TOTP codes (RFC 6238) for the officials' second factor.
        .systemLibrary(
            name: "COath", path: "Sources/COath", pkgConfig: "liboath",
            providers: [.apt(["liboath-dev"])]),
        .systemLibrary(
            name: "CChafa", path: "Sources/CChafa", pkgConfig: "chafa",
            providers: [.apt(["libchafa-dev"])]),

        // The domain: every rule, every use case, the ports.
        .target(name: "RegistrarCore", swiftSettings: strict),
        // The one command-line parser of every executable, and the package's version.
        .target(name: "RegistrarCommandLine", swiftSettings: strict),
        // Adapters.
        .target(name: "RegistrarSQLite", dependencies: ["RegistrarCore", "CSQLite"], swiftSettings: strict),
        .target(name: "RegistrarCrypto", dependencies: ["RegistrarCore", "CSodium", "COath"], swiftSettings: strict),
        // The PostgreSQL store (docs/postgresql.md): connection, migrations and grants so far.
        .target(name: "RegistrarPostgres", dependencies: ["RegistrarCore", "CPostgres"], swiftSettings: strict),
        // The applicant REST API: routes over the use cases; the OpenAPI document is embedded. It renders
        // (captchas, certificates) and signs (the development identity simulator's verdicts); it knows no store.
        .target(
            name: "RegistrarAPI", dependencies: ["RegistrarCore", "RegistrarHTTP", "RegistrarCrypto", "RegistrarDocuments"],
            resources: [.embedInCode("openapi.json")], swiftSettings: strict),
        // registrard assembled: the runtime, the drivers its settings choose, the API, the server, the timers.
        .target(
            name: "RegistrarServer",
            dependencies: [
                "RegistrarAPI", "RegistrarRuntime", "RegistrarHTTP", "RegistrarCore", "RegistrarCrypto", "RegistrarDocuments",
                "RegistrarCommandLine",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "registrard",
            dependencies: [
                "RegistrarCommandLine", "RegistrarServer", "RegistrarAPI", "RegistrarRuntime", "RegistrarHTTP", "RegistrarCore",
                "CSystemd",
            ],
            swiftSettings: strict),
        // A developer's tool for benchmarks and cross-process races; not installed.
        .executableTarget(
            name: "registrar-bench",
            dependencies: ["RegistrarCommandLine", "RegistrarCore", "RegistrarRuntime", "RegistrarCrypto", "RegistrarDocuments"],
            swiftSettings: strict),
        // Wiring shared by the executables: configuration and the files beside it, the data directory, the
        // store (the one place one is chosen and opened), the SMS and identity drivers.
        .target(
            name: "RegistrarRuntime", dependencies: ["RegistrarCore", "RegistrarSQLite", "RegistrarPostgres", "RegistrarCrypto"],
            swiftSettings: strict),
        // The HTTP layer knows nothing of the domain: it does not depend on RegistrarCore.
        .target(name: "RegistrarHTTP", dependencies: ["CMicroHTTPD"], swiftSettings: strict),
        .target(
            name: "RegistrarDocuments", dependencies: ["RegistrarCore", "CTurboJPEG", "CPNG", "CCairo", "CQREncode"],
            swiftSettings: strict),
        // The administrator's operations behind registrarctl: imports, checks, checkpoints, demo data.
        .target(
            name: "RegistrarAdmin",
            dependencies: ["RegistrarCore", "RegistrarRuntime", "RegistrarCrypto", "RegistrarDocuments"],
            swiftSettings: strict),
        // Executables.
        .executableTarget(
            name: "registrarctl",
            dependencies: ["RegistrarCommandLine", "RegistrarAdmin", "RegistrarRuntime", "RegistrarCore", "RegistrarCrypto"],
            swiftSettings: strict),
        // The reviewer console: a pure screen model rendered by a thin ncursesw layer.
        .target(
            name: "RegistrarConsole",
            dependencies: ["RegistrarCommandLine", "RegistrarCore", "RegistrarDocuments", "CNCurses", "CChafa"],
            swiftSettings: strict),
        .executableTarget(
            name: "registrar-console",
            dependencies: ["RegistrarCommandLine", "RegistrarConsole", "RegistrarRuntime", "RegistrarCore", "RegistrarDocuments"],
            swiftSettings: strict),
        // Times the console's heavy reads on a generated database (scripts/bench-console.sh); not a test.
        .executableTarget(
            name: "registrar-console-bench",
            dependencies: [
                "RegistrarCommandLine", "RegistrarConsole", "RegistrarRuntime", "RegistrarCore", "RegistrarDocuments",
                "RegistrarSQLite",
            ],
            swiftSettings: strict),

        // Helpers shared by the test targets: the fakes behind the core's ports, the external checking tools,
        // posix_spawn, the console in tmux.
        // Test support for HTTP applications, outside the product module: the in-process client, which
        // sends requests through the same pipeline as the server without a socket.
        .target(name: "RegistrarHTTPTesting", dependencies: ["RegistrarHTTP"], path: "Tests/RegistrarHTTPTesting", swiftSettings: strict),
        .target(
            name: "RegistrarTestSupport",
            dependencies: ["RegistrarCore", "RegistrarSQLite", "RegistrarPostgres", "RegistrarCrypto", "RegistrarRuntime", "CSQLite"],
            path: "Tests/RegistrarTestSupport", swiftSettings: strict),

        // The core's use cases run against the real SQLite store and real keys, with fakes behind
        // the other ports.
        .testTarget(
            name: "RegistrarCoreTests",
            dependencies: [
                "RegistrarTestSupport", "RegistrarCore", "RegistrarSQLite", "RegistrarPostgres", "RegistrarCrypto", "RegistrarRuntime",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RegistrarAPITests",
            dependencies: [
                "RegistrarTestSupport", "RegistrarHTTPTesting", "RegistrarAPI", "RegistrarServer", "RegistrarHTTP", "RegistrarCore",
                "RegistrarRuntime",
                "RegistrarCrypto", "RegistrarDocuments", "RegistrarSQLite", "RegistrarCommandLine",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RegistrarRuntimeTests", dependencies: ["RegistrarTestSupport", "RegistrarRuntime", "RegistrarCore", "RegistrarCrypto"],
            swiftSettings: strict),
        // Against a throwaway cluster (scripts/pg-test-cluster.sh, started by make test): REGISTRAR_TEST_PG.
        .testTarget(
            name: "RegistrarPostgresTests",
            dependencies: ["RegistrarTestSupport", "RegistrarPostgres", "RegistrarSQLite", "RegistrarCore"],
            swiftSettings: strict),
        // What only the SQLite store has: its connection, migrations, maintenance and PRAGMAs.
        .testTarget(
            name: "RegistrarSQLiteTests", dependencies: ["RegistrarTestSupport", "RegistrarSQLite", "RegistrarCore"],
            swiftSettings: strict),
        // One conformance suite over both stores (issue 14): every store test runs against SQLite and
        // PostgreSQL (`@Test(arguments: StoreKind.allCases)`), the PostgreSQL cases in the test cluster.
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: ["RegistrarTestSupport", "RegistrarCore", "RegistrarSQLite", "RegistrarPostgres"],
            swiftSettings: strict),
        .testTarget(
            name: "RegistrarConsoleTests",
            dependencies: [
                "RegistrarTestSupport", "RegistrarCommandLine", "RegistrarConsole", "RegistrarCore", "RegistrarSQLite",
                "RegistrarCrypto", "RegistrarRuntime", "RegistrarDocuments",
            ],
            exclude: ["Screens"], swiftSettings: strict),
        .testTarget(name: "RegistrarCommandLineTests", dependencies: ["RegistrarCommandLine"], swiftSettings: strict),
        .testTarget(name: "RegistrarCryptoTests", dependencies: ["RegistrarCrypto", "RegistrarCore"], swiftSettings: strict),
        .testTarget(
            name: "RegistrarHTTPTests", dependencies: ["RegistrarTestSupport", "RegistrarHTTPTesting", "RegistrarHTTP"],
            swiftSettings: strict),
        .testTarget(
            name: "RegistrarDocumentsTests", dependencies: ["RegistrarTestSupport", "RegistrarDocuments", "RegistrarCore"],
            swiftSettings: strict),
        // The electronic certificate end to end: use cases on the real store and keys, the PDF read
        // back with poppler and zbar.
        .testTarget(
            name: "RegistrarCertificateTests",
            dependencies: [
                "RegistrarTestSupport", "RegistrarCore", "RegistrarSQLite", "RegistrarCrypto", "RegistrarDocuments", "RegistrarRuntime",
            ],
            swiftSettings: strict),
        // The target graph and the adapters' sources: composition in the executables, no adapter on the store.
        .testTarget(name: "ArchitectureTests", dependencies: ["RegistrarTestSupport"], swiftSettings: strict),
        // registrarctl through the real binary on temporary data directories, and its pages.
        .testTarget(
            name: "RegistrarctlTests",
            dependencies: [
                "registrarctl", "RegistrarCommandLine", "RegistrarTestSupport", "RegistrarAdmin", "RegistrarRuntime",
                "RegistrarCore", "RegistrarCrypto", "RegistrarPostgres", "CSQLite",
            ],
            swiftSettings: strict),
    ]
)
