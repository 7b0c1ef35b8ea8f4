/// Key material held in memory this module owns, wiped when the last reference goes away.
///
/// A Swift `[UInt8]` may be copied anywhere by the runtime and is never cleared, so keys live
/// here instead: one allocation, never copied, overwritten with `sodium_memzero` in `deinit`.
/// It is immutable after `init`, which is what makes the unchecked `Sendable` sound.
final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<UInt8>
    let count: Int

    /// Allocates `count` zeroed bytes and lets `fill` write them, once, before anyone can read them.
    init(count: Int, fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        precondition(count >= 0, "negative key size")
        self.count = count
        // Never allocate zero bytes, so that the pointer handed to C is always a real one.
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: 0, count: max(count, 1))
        fill(storage)
    }

    /// Copies `bytes` in and wipes the caller's array, which is usually a buffer just read from disk.
    convenience init(consuming bytes: inout [UInt8]) {
        // Read in place rather than through a copy: a second reference would make the wipe below
        // copy-on-write and clear the copy instead of the original.
        self.init(count: bytes.count) { target in
            bytes.withUnsafeBufferPointer { buffer in
                for (index, byte) in buffer.enumerated() { target[index] = byte }
            }
        }
        bytes.withUnsafeMutableBytes { Sodium.zero($0) }
    }

    /// Fresh random key material.
    static func random(count: Int) -> SecretBytes {
        SecretBytes(count: count) { Sodium.randomFill(UnsafeMutableRawBufferPointer(start: $0, count: count)) }
    }

    deinit {
        Sodium.zero(UnsafeMutableRawBufferPointer(start: storage, count: max(count, 1)))
        storage.deallocate()
    }

    /// The bytes for a C call; the pointer must not escape `body`.
    func withUnsafePointer<R, E: Error>(_ body: (UnsafePointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try body(UnsafePointer(storage))
    }

    /// The bytes as a buffer, to write them to a file; the buffer must not escape `body`.
    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// Equality that takes the same time wherever the first difference is.
    func constantTimeEquals(_ other: SecretBytes) -> Bool {
        withUnsafeBytes { mine in other.withUnsafeBytes { theirs in Sodium.constantTimeEquals(mine, theirs) } }
    }
}
