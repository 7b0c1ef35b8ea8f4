import Foundation
import RegistrarCore
import Synchronization

/// Valid identifiers for tests: ID numbers by GB 11643, credit codes by GB 32100.
enum Fixtures {
    static func idNumber(region: String = "110105", birth: String, sequence: Int) -> ResidentID {
        var seq = String(sequence % 1000)
        while seq.count < 3 { seq = "0" + seq }
        let body = region + birth + seq
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let checks = Array("10X98765432")
        let sum = zip(body, weights).reduce(0) { $0 + (Int(String($1.0)) ?? 0) * $1.1 }
        guard let id = ResidentID(body + String(checks[sum % 11])) else {
            preconditionFailure("bad ID fixture \(body)")
        }
        return id
    }

    static func creditCode(serial: Int) -> CreditCode {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let body = "91110000" + String(format: "%09d", serial)
        let sum = zip(body, weights).reduce(0) { $0 + (alphabet.firstIndex(of: $1.0) ?? 0) * $1.1 }
        guard let code = CreditCode(body + String(alphabet[(31 - sum % 31) % 31])) else {
            preconditionFailure("bad credit code")
        }
        return code
    }
}
