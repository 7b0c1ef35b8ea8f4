import Foundation

/// Files that hold personal data or keys must be their owner's alone: `check` reports every
/// entry of the data directory that others may read, write or enter, and every one that belongs
/// to another user than the directory (registrard, running as its owner, could not open it).
public enum PrivateFileCheck {
    /// The problems found under `directory`, the directory included, in Chinese.
    public static func problems(in directory: String) -> [String] {
        var owner = stat()
        guard stat(directory, &owner) == 0 else { return ["无法读取数据目录 \(directory)：\(String(cString: strerror(errno)))"] }
        var problems: [String] = []
        var pending = [directory]
        while let path = pending.popLast() {
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let type = status.st_mode & S_IFMT
            guard type == S_IFDIR || type == S_IFREG else { continue }
            problems += self.problems(path, status)
            if status.st_uid != owner.st_uid {
                problems.append("\(path) 属于用户 \(status.st_uid)，而非数据目录的所有者 \(owner.st_uid)：registrard 可能无法打开")
            }
            if type == S_IFDIR {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted(by: >)
                pending += names.map { path + "/" + $0 }
            }
        }
        return problems
    }

    /// The mode problem of one file or directory, if any.
    public static func problems(ofFile path: String) -> [String] {
        var status = stat()
        guard stat(path, &status) == 0 else { return [] }
        return problems(path, status)
    }

    private static func problems(_ path: String, _ status: stat) -> [String] {
        let mode = status.st_mode & 0o7777
        guard mode & 0o077 != 0 else { return [] }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        return ["\(path) 的权限为 \(octal(mode))，其他用户可以访问；应为 \(isDirectory ? "0700" : "0600")"]
    }

    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
