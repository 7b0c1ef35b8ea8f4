import Foundation
import RegistrarCore

/// The store tests' fakes (the conformance suite's defaults).
///
/// A sealer good enough to prove the store never writes the clear text: XOR with a key byte,
/// behind a marker. Not cryptography.
public struct FakeSealer: PersonalDataSealer {
    public init() {}
    public static let marker: [UInt8] = Array("SEAL".utf8)
    public func seal(_ plaintext: String) throws(RegistrarError) -> [UInt8] {
        Self.marker + plaintext.utf8.map { $0 ^ 0x5A }
    }
    public func open(_ sealed: [UInt8]) throws(RegistrarError) -> String {
        guard sealed.starts(with: Self.marker) else { throw .unavailable("seal.invalid", "无法解封") }
        return String(decoding: sealed.dropFirst(Self.marker.count).map { $0 ^ 0x5A }, as: UTF8.self)
    }
}

/// Deterministic digests (FNV-1a, widened to 32 bytes), distinct per purpose.
public struct FakeDigests: Digests {
    public init() {}
    public static func fnv(_ bytes: [UInt8], seed: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        for round in 0..<4 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed ^ UInt64(round)
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            withUnsafeBytes(of: hash.bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }
    public func lookupHash(_ value: String) -> [UInt8] { Self.fnv(Array(value.utf8), seed: 1) }
    public func secretHash(_ secret: String) -> [UInt8] { Self.fnv(Array(secret.utf8), seed: 2) }
    public func chainHash(previous: [UInt8], event: [UInt8]) -> [UInt8] { Self.fnv(previous + event, seed: 3) }
    public func contentDigest(_ bytes: [UInt8]) -> String {
        Self.fnv(bytes, seed: 4).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }
}
