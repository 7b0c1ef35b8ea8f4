import Foundation

/// Where a key backup's passphrase comes from: the terminal, without echo, or a private file.
public enum Passphrase {
    /// The first line of `path`, which only its owner may read or write (no group or other bits);
    /// refused otherwise, like ssh refuses a private key others can read.
    public static func load(file path: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw AdminFailure("无法读取口令文件 \(path)：\(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw AdminFailure("口令文件 \(path) 不是普通文件") }
        guard status.st_mode & 0o077 == 0 else {
            throw AdminFailure(
                "口令文件 \(path) 的权限为 \(String(status.st_mode & 0o777, radix: 8))，其他用户可以访问：请先运行 chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AdminFailure("无法读取口令文件 \(path)，或其内容不是 UTF-8 文本")
        }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let passphrase = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !passphrase.isEmpty else { throw AdminFailure("口令文件 \(path) 的第一行为空") }
        return passphrase
    }

    /// Asks on the controlling terminal with echo off; `twice` asks again and requires the same.
    public static func ask(_ prompt: String, twice: Bool) throws -> String {
        let first = try askOnce(prompt)
        guard twice else { return first }
        guard try askOnce("再次输入以确认：") == first else { throw AdminFailure("两次输入的口令不一致") }
        return first
    }

    private static func askOnce(_ prompt: String) throws -> String {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw AdminFailure("没有可用的终端来输入口令：请用 --passphrase-file 指定口令文件")
        }
        defer { _ = close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { throw AdminFailure("无法设置终端：\(String(cString: strerror(errno)))") }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ICANON)
        _ = Array(prompt.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { throw AdminFailure("无法关闭终端回显：\(String(cString: strerror(errno)))") }
        defer {
            _ = tcsetattr(fd, TCSAFLUSH, &saved)
            _ = write(fd, "\n", 1)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        guard let text = String(validating: line, as: UTF8.self), !text.isEmpty else { throw AdminFailure("口令为空") }
        return text
    }
}
