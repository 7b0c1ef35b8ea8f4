import Foundation

@testable import RegistrarCore

/// A store that hands out `FailingTransaction`s over the real store's transactions, for the
/// atomicity tests: a write fails at the `counter`'s chosen method, and every call is recorded.
struct FailingStore: Store {
    let base: any Store
    let counter: FailureCounter
    /// How many rows the connection under a base transaction has changed so far (SQLite's total
    /// changes, PostgreSQL's per-transaction counts), when the test can tell: it lets the tests catch a method that writes without being
    /// marked as a write.
    var changes: (@Sendable (any StoreTransaction) -> Int)?

    func read<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try base.read { tx in try body(FailingTransaction(base: tx, counter: counter, changes: changes)) }
    }

    func write<T>(_ body: (any StoreTransaction) throws -> T) throws -> T {
        try base.write { tx in
            counter.writeBegan()
            return try body(FailingTransaction(base: tx, counter: counter, changes: changes))
        }
    }
}

/// Forwards every call to a real transaction. Written by hand, one file per store port
/// (`FailingTransaction+<Area>.swift`): each method that writes forwards through `write`, which
/// counts it and throws `FailureCounter.Injected` when it is the one chosen to fail; each method that
/// only reads forwards through `read`. A new store method gets its line in the port's file here, and
/// the atomicity suite (`WriteCoverageTests`) fails until it is marked rightly and a use case that
/// reaches it is failed there.
final class FailingTransaction: StoreTransaction {
    let base: any StoreTransaction
    let counter: FailureCounter
    private let changes: ((any StoreTransaction) -> Int)?

    init(base: any StoreTransaction, counter: FailureCounter, changes: ((any StoreTransaction) -> Int)? = nil) {
        self.base = base
        self.counter = counter
        self.changes = changes
    }

    /// A method that writes: counted, failed when it is the chosen one, then forwarded.
    func write<T>(_ method: String = #function, _ body: () throws -> T) throws -> T {
        try observed(method, writes: true, body)
    }

    /// A method that only reads: forwarded.
    func read<T>(_ method: String = #function, _ body: () throws -> T) throws -> T {
        try observed(method, writes: false, body)
    }

    private func observed<T>(_ method: String, writes: Bool, _ body: () throws -> T) throws -> T {
        let before = changes?(base)
        defer {
            let changed = before.flatMap { before in changes.map { $0(base) - before } }
            counter.record(FailureCounter.Call(method: method, writes: writes, changedRows: changed))
        }
        if writes { try counter.tick(method) }
        return try body()
    }
}

/// Counts writes and throws at a chosen one; records every call made through a failing transaction.
final class FailureCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var failAt: Int?
    /// Every call of this write fails.
    var failing: String?
    private(set) var names: [String] = []
    /// Whether a failure was thrown since the last reset (a use case may swallow it).
    private(set) var injected = false
    /// Called at the start of every write transaction, inside it (the atomicity tests take the
    /// state that a failure must leave as it was).
    var onWriteBegan: (() -> Void)?
    private var log: [Call] = []
    struct Injected: Error {}

    /// One call through a failing transaction: the method (as `#function` names it, labels
    /// included), whether it is marked as a write, and how many rows it changed when that is known.
    struct Call: Equatable {
        var method: String
        var writes: Bool
        var changedRows: Int?
    }

    func tick(_ name: String) throws {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        names.append(name)
        if let failAt, count == failAt {
            injected = true
            throw Injected()
        }
        if name == failing {
            injected = true
            throw Injected()
        }
    }

    func writeBegan() { onWriteBegan?() }

    func reset(failAt: Int?) {
        lock.lock()
        count = 0
        names = []
        injected = false
        self.failAt = failAt
        lock.unlock()
    }

    func record(_ call: Call) {
        lock.lock()
        log.append(call)
        lock.unlock()
    }

    /// The calls recorded since the last time they were taken.
    func takeCalls() -> [Call] {
        lock.lock()
        defer { lock.unlock() }
        let calls = log
        log = []
        return calls
    }
}
