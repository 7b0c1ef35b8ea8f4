import Testing

@testable import RegistrarCore

@Suite("Exports: the official's own directory under [console] export_directory")
struct ExportDirectoryTests {
    let confined = ExportDirectory(base: "/var/lib/registrar/exports")

    @Test("unconfined (the default): the path as given, the working directory to start in")
    func unconfined() throws {
        let open = Settings().exportDirectory
        #expect(open.base.isEmpty)
        #expect(open.directory(for: "shouli") == nil)
        #expect(open.defaultDirectory(for: "shouli", workingDirectory: "/home/li") == "/home/li")
        #expect(try open.resolve("/tmp/a.jpg", username: "shouli") == "/tmp/a.jpg")
        #expect(try open.resolve("../a.jpg", username: "shouli") == "../a.jpg")
    }

    @Test("confined: inside <base>/<username> only, relative paths taken there")
    func confinedPaths() throws {
        #expect(confined.directory(for: "shouli") == "/var/lib/registrar/exports/shouli")
        #expect(ExportDirectory(base: "/x/").directory(for: "shouli") == "/x/shouli")
        #expect(confined.defaultDirectory(for: "shouli", workingDirectory: "/") == "/var/lib/registrar/exports/shouli")
        #expect(try confined.resolve("a.jpg", username: "shouli") == "/var/lib/registrar/exports/shouli/a.jpg")
        #expect(try confined.resolve("./sub//a.jpg", username: "shouli") == "/var/lib/registrar/exports/shouli/sub/a.jpg")
        #expect(
            try confined.resolve("/var/lib/registrar/exports/shouli/a.jpg", username: "shouli") == "/var/lib/registrar/exports/shouli/a.jpg"
        )
        #expect(
            try confined.resolve("//var/lib/registrar//exports/shouli/a.jpg", username: "shouli")
                == "/var/lib/registrar/exports/shouli/a.jpg")
        for outside in [
            "", "/tmp/a.jpg", "/var/lib/registrar/exports/shencha/a.jpg", "/var/lib/registrar/exports/shouli", "../shencha/a.jpg",
            "sub/../../shencha/a.jpg", "/var/lib/registrar/exports/shouli/../shencha/a.jpg", "/var/lib/registrar/exports/shoulix/a.jpg",
            "/var/lib/registrar/registrar.db",
        ] {
            #expect(throws: RegistrarError.self, "\(outside)") { try confined.resolve(outside, username: "shouli") }
            do {
                _ = try confined.resolve(outside, username: "shouli")
            } catch {
                #expect(error.code == "console.export_outside_directory")
                #expect(error.message == "只能导出到您自己的导出目录：/var/lib/registrar/exports/shouli")
            }
        }
    }

    @Test("the setting: an absolute directory or nothing")
    func setting() throws {
        #expect(try Settings(ConfigFile(text: "[console]\nexport_directory = /srv/exports\n")).consoleExportDirectory == "/srv/exports")
        #expect(try Settings(ConfigFile(text: "[console]\nexport_directory =\n")).consoleExportDirectory == "")
        for bad in ["exports", "./exports", "/srv/../etc"] {
            #expect(throws: Settings.Invalid.self, "\(bad)") { try Settings(ConfigFile(text: "[console]\nexport_directory = \(bad)\n")) }
        }
    }
}
