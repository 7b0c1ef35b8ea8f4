/// Whether two byte strings are equal, in time that does not depend on where they first differ.
///
/// Use it for anything an attacker guesses byte by byte: token hashes, MACs, signatures held as
/// bytes. Lengths are not secret here, so different lengths return false at once.
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in Sodium.constantTimeEquals(pa, pb) } }
}
