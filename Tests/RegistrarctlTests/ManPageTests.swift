import Foundation
import RegistrarCommandLine
import RegistrarRuntime
import Testing

@testable import registrarctl

/// The pages say what the code does: every command and option of registrarctl, every key of the
/// configuration, in both directions; and mandoc finds nothing to warn about.
@Suite("Manual pages")
struct ManPageTests {
    static let pages = [
        "man8/registrarctl.8", "man8/registrard.8", "man1/registrar-console.1", "man5/registrar.conf.5", "man7/registrar.7",
    ]

    static func page(_ name: String) throws -> [String] {
        try String(contentsOfFile: Repository.root + "/man/" + name, encoding: .utf8).components(separatedBy: "\n")
    }

    @Test("mandoc -Tlint -Wwarning is clean on every page under man/", arguments: pages)
    func lint(_ name: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["mandoc", "-Tlint", "-Wwarning", Repository.root + "/man/" + name]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && output.isEmpty, "\(output)")
    }

    @Test("every page under man/ is one of those linted")
    func everyPageLinted() throws {
        let found = try FileManager.default.subpathsOfDirectory(atPath: Repository.root + "/man").filter {
            $0.range(of: #"\.[0-9]$"#, options: .regularExpression) != nil
        }
        for page in found {
            #expect(Self.pages.contains(page), "\(page) is not linted by this suite")
        }
    }

    /// The command entries of registrarctl(8)'s DESCRIPTION: the `.Cm` words of an item's head, and
    /// every `Fl --option` up to the next command; and the common options before the first one.
    static func documentedCommands() throws -> (common: Set<String>, commands: [String: Set<String>]) {
        let lines = try page("man8/registrarctl.8")
        guard let start = lines.firstIndex(of: ".Sh DESCRIPTION"),
            let end = lines[(start + 1)...].firstIndex(where: { $0.hasPrefix(".Sh ") })
        else { return ([], [:]) }
        var common = Set<String>()
        var commands: [String: Set<String>] = [:]
        var current: String?
        var index = start
        /// A line's words, the leading macro without its dot.
        func words(_ line: String) -> [String] {
            line.split(separator: " ").map { $0.hasPrefix(".") ? String($0.dropFirst()) : String($0) }
        }
        func options(in line: String) -> [String] {
            let words = words(line)
            return words.indices.compactMap { i in
                words[i] == "Fl" && i + 1 < words.count && words[i + 1].hasPrefix("-") ? "-" + words[i + 1] : nil
            }
        }
        func commandWords(_ line: String) -> String? {
            let words = words(line)
            guard let cm = words.firstIndex(of: "Cm") else { return nil }
            return words[(cm + 1)...].prefix { $0.range(of: "^[a-z][a-z0-9-]*$", options: .regularExpression) != nil }.joined(
                separator: " ")
        }
        while index < end {
            let line = lines[index]
            var head: String?
            if line.hasPrefix(".It Cm ") {
                head = commandWords(line)
            } else if line == ".It Xo", index + 1 < end, lines[index + 1].hasPrefix(".Cm ") {
                head = commandWords(lines[index + 1])
            }
            if let head {
                current = head
                commands[head, default: []].formUnion(options(in: line).filter { $0 != "--help" })
            } else if let current {
                commands[current, default: []].formUnion(options(in: line))
            } else if line.hasPrefix(".It Fl") {
                common.formUnion(options(in: line))
            }
            index += 1
        }
        return (common, commands)
    }

    @Test("registrarctl(8) documents exactly the commands and options of the command table")
    func commandsAndOptions() throws {
        let documented = try Self.documentedCommands()
        let code = Dictionary(uniqueKeysWithValues: RootCommand.table.map { ($0.path.joined(separator: " "), Set($0.options)) })
        #expect(Set(documented.commands.keys) == Set(code.keys))
        for (command, options) in code {
            #expect(documented.commands[command] == options, "options of \(command)")
        }
        let common = Set(RootCommand.configuration.commonOptions.map(\.name) + [BuiltInOptions.help.name, BuiltInOptions.version.name])
        // The common options' list also names -h beside --help.
        #expect(documented.common.subtracting(["-h"]) == common)
    }

    @Test("registrar.conf(5), Config/registrar.conf and the code name the same keys")
    func configurationKeys() throws {
        var section = ""
        var documented = Set<String>()
        for line in try Self.page("man5/registrar.conf.5") {
            if line.hasPrefix(".Ss ") { section = String(line.dropFirst(4)) }
            if line.hasPrefix(".It Ic "), let key = line.split(separator: " ").dropFirst(2).first, !section.isEmpty {
                documented.insert("\(section).\(key)")
            }
        }
        let code = Set(RuntimeConfiguration.allKeys)
        #expect(documented == code, "only in the page: \(documented.subtracting(code)); only in the code: \(code.subtracting(documented))")
        var fileKeys = Set<String>()
        section = ""
        for raw in try String(contentsOfFile: Repository.config, encoding: .utf8).components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("["), line.hasSuffix("]") { section = String(line.dropFirst().dropLast()) }
            if !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") {
                fileKeys.insert(section + "." + line[..<equals].trimmingCharacters(in: .whitespaces))
            }
        }
        #expect(fileKeys == documented)
    }
}
