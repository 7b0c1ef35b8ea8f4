import RegistrarCommandLine
import RegistrarConsole
import RegistrarCore
import Testing

@Suite("Key table and forms")
struct KeyAndFormTests {
    @Test("every action has a key, and no key means two things in one context")
    func table() {
        let bound = Set(KeyTable.bindings.map(\.action))
        for action in Action.allCases {
            #expect(bound.contains(action), "\(action) has no key")
        }
        for context in KeyContext.allCases {
            var seen: [Key: Action] = [:]
            for binding in KeyTable.bindings where binding.context == context {
                for key in binding.keys {
                    #expect(seen[key] == nil || seen[key] == binding.action, "\(key) twice in \(context)")
                    seen[key] = binding.action
                }
            }
        }
        #expect(KeyTable.action(for: .character("a"), in: .filing) == .accept)
        #expect(KeyTable.action(for: .character("a"), in: .home) == nil)
        #expect(KeyTable.action(for: .function(1), in: .list) == .help)
        #expect(KeyTable.action(for: .character("s"), in: .list) == .sort)
        #expect(KeyTable.action(for: .character("s"), in: .filing) == .reveal)
    }

    @Test("the key line comes from the table, and hides what is not allowed")
    func keyLine() {
        let line = KeyTable.keyLine(for: .filing, hiding: [.approve, .issue])
        #expect(line.first?.label == "帮助")
        #expect(line.contains { $0.label == "受理" })
        #expect(!line.contains { $0.label == "审批通过" })
        #expect(!line.contains { $0.label == "发证" })
    }

    @Test("typing, deleting, moving, choosing and ticking")
    func editing() {
        var form = Form(
            title: "t", purpose: .filter,
            fields: [Form.Field("名"), Form.Field("选", .choice(["甲", "乙", "丙"])), Form.Field("多", .checklist(["一", "二", "三"]))])
        for c in "张三x" { _ = form.handle(.character(c)) }
        _ = form.handle(.backspace)
        #expect(form.value("名") == "张三")
        #expect(form.handle(.tab) == .editing)
        _ = form.handle(.right)
        _ = form.handle(.right)
        #expect(form.value("选") == "丙")
        _ = form.handle(.left)
        #expect(form.value("选") == "乙")
        #expect(form.handle(.enter) == .editing)
        #expect(form.focus == 2)
        _ = form.handle(.down)
        _ = form.handle(.character(" "))
        _ = form.handle(.down)
        _ = form.handle(.character(" "))
        _ = form.handle(.up)
        _ = form.handle(.character(" "))
        #expect(form.fields[2].ticked == [2])
        #expect(form.handle(.enter) == .submitted)
        #expect(form.handle(.escape) == .cancelled)
    }

    @Test("a confirmation without fields submits on Enter only")
    func confirmation() {
        var form = Form(title: "发证", purpose: .decide(.issue), fields: [])
        #expect(form.handle(.character("x")) == .editing)
        #expect(form.handle(.enter) == .submitted)
    }

    @Test("the command line: options in both spellings, help, version, and usage errors")
    func commandLine() throws {
        func options(_ arguments: [String]) throws -> [String?]? {
            guard case .run(let command, _) = try CommandLineParser.parse(arguments, root: ConsoleCommand.self),
                let console = command as? ConsoleCommand
            else { return nil }
            return [console.configPath, console.dataDirectory]
        }
        #expect(try options([]) == [nil, nil])
        #expect(try options(["--config", "a.conf", "--data-dir", "/d"]) == ["a.conf", "/d"])
        #expect(try options(["--data-dir=/d"]) == [nil, "/d"])
        #expect(try options(["--config=a.conf", "--data-dir", "/d"]) == ["a.conf", "/d"])
        guard case .help = try CommandLineParser.parse(["--help"], root: ConsoleCommand.self),
            case .help = try CommandLineParser.parse(["-h"], root: ConsoleCommand.self),
            case .version = try CommandLineParser.parse(["--version"], root: ConsoleCommand.self)
        else {
            Issue.record("--help, -h or --version not recognised")
            return
        }
        #expect(throws: UsageError("选项 --config 缺少值")) { try CommandLineParser.parse(["--config"], root: ConsoleCommand.self) }
        #expect(throws: UsageError("选项 --config 缺少值")) {
            try CommandLineParser.parse(["--config", "--data-dir", "/d"], root: ConsoleCommand.self)
        }
        #expect(throws: UsageError("未知选项 --bogus")) { try CommandLineParser.parse(["--bogus"], root: ConsoleCommand.self) }
        #expect(throws: UsageError("多余的参数“x”")) { try CommandLineParser.parse(["x"], root: ConsoleCommand.self) }
    }
}
