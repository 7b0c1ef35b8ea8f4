import Synchronization

/// The connections open, by peer address, and the decision at accept that keeps the last places
/// below the connection limit for addresses that hold few (see
/// `HTTPServerConfiguration.reservedConnections`).
///
/// Told by microhttpd's accept policy (before a connection is set up) and its connection
/// notices (set up, closed), on its network threads; one short lock each.
final class ConnectionBook: Sendable {
    private struct Books {
        var open = 0
        var byAddress: [[UInt8]: Int] = [:]
        var refused = 0
    }

    let limit: Int
    let reserved: Int
    let reserveOpenBelow: Int
    /// Peers the reserve does not hold back: trusted proxies, whose connections carry many clients.
    let exempt: TrustedProxies
    private let books = Mutex(Books())

    init(limit: Int, reserved: Int, reserveOpenBelow: Int, exempt: TrustedProxies = TrustedProxies()) {
        self.limit = limit
        self.reserved = reserved
        self.reserveOpenBelow = reserveOpenBelow
        self.exempt = exempt
    }

    /// Whether a new connection from `address` (its bytes) may be accepted: always while more than
    /// the reserve is free; then only for an address holding fewer than `reserveOpenBelow`, or a
    /// trusted proxy. (microhttpd's own total and per-address limits apply after this.)
    func admits(_ address: [UInt8]) -> Bool {
        guard reserved > 0 else { return true }
        if !exempt.isEmpty && exempt.ranges.contains(where: { $0.contains(bytes: address) }) { return true }
        return books.withLock { books in
            if books.open < limit - reserved { return true }
            if books.byAddress[address, default: 0] < reserveOpenBelow { return true }
            books.refused += 1
            return false
        }
    }

    func opened(_ address: [UInt8]) {
        books.withLock { books in
            books.open += 1
            books.byAddress[address, default: 0] += 1
        }
    }

    func closed(_ address: [UInt8]) {
        books.withLock { books in
            books.open -= 1
            let left = books.byAddress[address, default: 1] - 1
            books.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    var open: Int { books.withLock { $0.open } }

    /// Connections refused to keep the reserve, since start.
    var refused: Int { books.withLock { $0.refused } }
}
