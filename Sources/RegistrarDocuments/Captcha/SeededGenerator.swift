/// A deterministic stream of numbers drawn from seed bytes (SplitMix64), so that a captcha is a
/// pure function of its answer and seed and tests can pin it down.
///
/// Not for secrets: the secret is the answer, chosen by a `RandomSource`; this only scatters noise.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: [UInt8]) {
        // FNV-1a folds any number of seed bytes into the 64-bit state.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in seed {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        state = hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in the range.
    mutating func value(in range: ClosedRange<Double>) -> Double {
        Double.random(in: range, using: &self)
    }
}
