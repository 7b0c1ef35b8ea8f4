import Foundation
import RegistrarCore
import RegistrarTestSupport

@testable import RegistrarSQLite

/// A fresh database file in its own temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registrar-sqlite-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

func withStore<T>(poolSize: Int = 4, busyTimeoutMilliseconds: Int = 5000, _ body: (SQLiteStore, String) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        let path = directory + "/registrar.sqlite"
        let store = try SQLiteStore.migrated(
            path: path, sealer: FakeSealer(), digests: FakeDigests(), poolSize: poolSize,
            busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        return try body(store, path)
    }
}

func withStore<T>(_ body: (SQLiteStore) throws -> T) throws -> T {
    try withStore { store, _ in try body(store) }
}
