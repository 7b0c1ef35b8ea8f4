/// Lowercase hexadecimal, for digests shown to people and stored as text.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        Sodium.hexEncode(bytes)
    }
}
