/// Unpadded base64url (RFC 4648 §5), the form of tokens and signatures that travel in URLs,
/// headers and JSON without escaping.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Sodium.base64URLEncode(bytes)
    }

    /// The bytes, or nil for anything but unpadded base64url (padding, `+`, `/`,
    /// whitespace and stray characters are all refused).
    public static func decode(_ text: String) -> [UInt8]? {
        Sodium.base64URLDecode(text)
    }
}
