import Foundation

/// The sealed personal data as a whole (ID numbers sealed by `PersonalDataSealer`): what changing
/// the sealing key (`registrarctl key rotate-sealing`) does to it. The lookup hashes beside the
/// sealed values are keyed by the digest key, not the sealing key, and are left as they are.
public protocol SealedDataRecords {
    /// Opens every sealed value the store holds with the store's own sealer and seals it again with
    /// `sealer`, in place, in this transaction; how many values it re-sealed. Throws at the first
    /// value that does not open, and the transaction's rollback then undoes the values re-sealed
    /// before it: a store is never left with values sealed under two keys.
    func resealPersonalData(with sealer: any PersonalDataSealer) throws -> Int
}
