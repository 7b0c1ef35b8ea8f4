import Foundation
import RegistrarCore
import RegistrarTestSupport

extension StoreKind {
    /// Runs `body` with a fresh, migrated store of this kind (the fake sealer and digests), released after.
    func withStore<T>(poolSize: Int = 4, busyTimeoutMilliseconds: Int = 5000, _ body: (any Store, TestStore) throws -> T) throws -> T {
        let made = try make(poolSize: poolSize, waitMilliseconds: busyTimeoutMilliseconds)
        return try body(made.store, made)
    }

    func withStore<T>(_ body: (any Store) throws -> T) throws -> T {
        try withStore { store, _ in try body(store) }
    }
}
