import Foundation

/// An IPv4 or IPv6 address range: one address (`192.0.2.7`, `::1`) or a CIDR block
/// (`10.0.0.0/8`, `fd00::/8`). An IPv4-mapped IPv6 address (`::ffff:192.0.2.7`) is taken as the
/// IPv4 address it carries, on both sides.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    let prefixLength: Int
    public let description: String

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`; nil when it is neither.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = AddressRange.bytes(of: String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...bits).contains(value), parts[1].allSatisfy(\.isASCII) else { return nil }
            // A prefix written for the IPv6 form of an IPv4-mapped address counts from bit 96.
            length = parts[0].contains(":") && bytes.count == 4 ? value - 96 : value
            guard length >= 0 else { return nil }
        }
        network = AddressRange.masked(bytes, length)
        prefixLength = length
        description = trimmed
    }

    /// Whether an address, as text, lies in the range (false when it is not an address).
    public func contains(_ address: String) -> Bool {
        guard let bytes = AddressRange.bytes(of: address) else { return false }
        return contains(bytes: bytes)
    }

    func contains(bytes: [UInt8]) -> Bool {
        bytes.count == network.count && AddressRange.masked(bytes, prefixLength) == network
    }

    /// The address's bytes: 4 for IPv4 (and IPv4-mapped IPv6), 16 for IPv6; nil for anything else.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return Array(bytes[12...]) }
        return bytes
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = min(max(length - index * 8, 0), 8)
            return kept == 8 ? byte : byte & ~(UInt8(0xff) >> kept)
        }
    }
}

/// The proxies whose `X-Forwarded-For` is believed: the client address of a request that came
/// through one of them is the right-most hop of that header that is not itself a trusted proxy.
///
/// A request from any other peer is that peer's, whatever it claims: a client cannot choose its
/// address for the per-address limits and the log by sending the header itself.
public struct TrustedProxies: Sendable, Equatable {
    public var ranges: [AddressRange]

    public init(_ ranges: [AddressRange] = []) {
        self.ranges = ranges
    }

    /// Parses a comma- or space-separated list of addresses and CIDR blocks; the entries that are
    /// neither, when some are.
    public static func parse(_ text: String) -> Result<TrustedProxies, InvalidEntries> {
        let items = text.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
        let bad = items.filter { AddressRange($0) == nil }
        guard bad.isEmpty else { return .failure(InvalidEntries(entries: bad)) }
        return .success(TrustedProxies(items.compactMap(AddressRange.init)))
    }

    /// Entries of a trusted-proxy list that are not addresses or CIDR blocks.
    public struct InvalidEntries: Error, Equatable {
        public let entries: [String]

        public init(entries: [String]) {
            self.entries = entries
        }
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func isTrusted(_ address: String) -> Bool {
        guard !ranges.isEmpty, let bytes = AddressRange.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes: bytes) }
    }

    /// The client address of a request from `peer` carrying these `X-Forwarded-For` values (each
    /// a comma-separated list of hops, the nearest last). The peer itself unless it is trusted;
    /// then the right-most hop that is not trusted. A hop that is not an address ends the walk: the
    /// trusted hop that reported it is the client. All hops trusted: the left-most one.
    public func clientAddress(peer: String, forwardedFor values: [String]) -> String {
        guard isTrusted(peer) else { return peer }
        let hops = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var client = peer
        for hop in hops.reversed() {
            guard AddressRange.bytes(of: hop) != nil else { return client }
            client = hop
            if !isTrusted(hop) { return hop }
        }
        return client
    }
}
