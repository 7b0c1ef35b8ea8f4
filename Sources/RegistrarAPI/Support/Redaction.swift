import Foundation
import RegistrarCore

/// Masks what may be a resident ID number (17 digits and a check character) or a mobile number
/// (11 digits starting with 1) wherever it appears in a line of text: URLs, log fields.
enum Redaction {
    static func mask(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        out.reserveCapacity(chars.count)
        var index = 0
        while index < chars.count {
            guard chars[index].isASCII, chars[index].isNumber else {
                out.append(chars[index])
                index += 1
                continue
            }
            var end = index
            while end < chars.count, chars[end].isASCII, chars[end].isNumber { end += 1 }
            // An ID number may end in X.
            if end - index == 17, end < chars.count, chars[end] == "X" || chars[end] == "x" { end += 1 }
            let run = String(chars[index..<end])
            switch run.count {
            case 18: out += ResidentID.mask(run)
            case 11 where run.hasPrefix("1"): out += MobileNumber.mask(run)
            case 15...: out += ResidentID.mask(run)
            default: out += run
            }
            index = end
        }
        return out
    }
}
