import Foundation

/// The repository this test build came from, found from this file.
public enum Repository {
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    /// The shipped configuration directory (`Config/`).
    public static var config: String { root + "/Config" }
    /// The shipped configuration file (`Config/registrar.conf`).
    public static var configFile: String { root + "/Config/registrar.conf" }
}
