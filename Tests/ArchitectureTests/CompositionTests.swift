import Foundation
import RegistrarTestSupport
import Testing

/// Composition happens in the executables (and `RegistrarServer`, registrard's assembly): the
/// adapters over the use cases never reach the store, nor the SQLite store's types. Checked on
/// the package's own target graph (`swift package dump-package`) and on the adapters' sources.
@Suite struct CompositionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Each target's direct dependencies, by name, as SwiftPM reads Package.swift.
    static func targetGraph() throws -> [String: Set<String>] {
        let swift = ["/opt/swift/usr/bin/swift", "/usr/bin/swift"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "swift"
        // A scratch path of its own: the build directory's lock may be held by the `swift test` running this.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-dump-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let run = try Spawn.run(swift, ["package", "--package-path", root, "--scratch-path", scratch, "dump-package"])
        try #require(run.status == 0, "swift package dump-package: \(run.output)")
        // The JSON document is the output from its first brace (a warning may come before it).
        let json = try #require(run.output.firstIndex(of: "{").map { run.output[$0...] })
        let package = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let targets = try #require(package["targets"] as? [[String: Any]])
        var graph: [String: Set<String>] = [:]
        for target in targets {
            let name = try #require(target["name"] as? String)
            let dependencies = target["dependencies"] as? [[String: Any]] ?? []
            graph[name] = Set(
                dependencies.compactMap { dependency in
                    (dependency["byName"] ?? dependency["target"] ?? dependency["product"]).flatMap { ($0 as? [Any])?.first as? String }
                })
        }
        return graph
    }

    @Test func theAPIDependsOnTheCoreHTTPAndWhatItsRoutesRender() throws {
        let graph = try Self.targetGraph()
        let api = try #require(graph["RegistrarAPI"])
        let allowed: Set = ["RegistrarCore", "RegistrarHTTP", "RegistrarDocuments", "RegistrarCrypto"]
        #expect(api.isSubset(of: allowed), "RegistrarAPI depends on \(api.sorted())")
        #expect(graph["RegistrarCore"] == [], "RegistrarCore depends on \(graph["RegistrarCore"]?.sorted() ?? [])")
        for adapter in ["RegistrarAPI", "RegistrarConsole", "RegistrarAdmin"] {
            #expect(graph[adapter]?.contains("RegistrarSQLite") == false, "\(adapter) depends on RegistrarSQLite")
            #expect(graph[adapter]?.contains("RegistrarPostgres") == false, "\(adapter) depends on RegistrarPostgres")
        }
        // The console's library is wired by its executable, as registrard is by RegistrarServer.
        #expect(graph["RegistrarConsole"]?.contains("RegistrarRuntime") == false, "RegistrarConsole depends on RegistrarRuntime")
        // registrard is assembled in RegistrarServer, which the executable uses.
        #expect(graph["registrard"]?.contains("RegistrarServer") == true)
    }

    /// The adapters' sources, and registrarctl's outside its one wiring file, never name the store.
    @Test func noAdapterReachesTheStore() throws {
        let wiring = "Sources/registrarctl/Parsing/CommandContext.swift"
        let forbidden = ["SQLiteStore", "StoreTransaction", "RegistrarSQLite", "SQLiteError", "RegistrarPostgres", "PGConnection"]
        var offences: [String] = []
        for directory in ["Sources/RegistrarAPI", "Sources/RegistrarConsole", "Sources/RegistrarAdmin", "Sources/registrarctl"] {
            let enumerator = try #require(FileManager.default.enumerator(atPath: Self.root + "/" + directory))
            for case let file as String in enumerator where file.hasSuffix(".swift") {
                let path = directory + "/" + file
                guard path != wiring else { continue }
                let text = try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    for name in forbidden where line.contains(name) { offences.append("\(path):\(number + 1): \(name)") }
                    // `x.store` as a property (`registrar.store.read`, `runtime.store`), not `atomic.store(…)`.
                    if line.range(of: #"\.store\b(?!\()"#, options: .regularExpression) != nil {
                        offences.append("\(path):\(number + 1): .store")
                    }
                }
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }

    /// The core reads no files: the runtime reads them and hands the core their text.
    @Test func theCoreReadsNoFiles() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.root + "/Sources/RegistrarCore"))
        var offences: [String] = []
        for case let file as String in enumerator where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: Self.root + "/Sources/RegistrarCore/" + file, encoding: .utf8)
            for name in ["FileManager", "contentsOfFile", "fopen", "FileHandle(forReading"] where text.contains(name) {
                offences.append("\(file): \(name)")
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }
}
