/// The canonical `name=value` lines that signed documents (certificates, written decisions) digest.
enum CanonicalData {
    /// A value on one line: `\`, line breaks and `|` escaped, so that no value can forge a line or
    /// a field of the signed payload.
    static func escaped(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "|": out += "\\|"
            default: out.append(character)
            }
        }
        return out
    }
}
