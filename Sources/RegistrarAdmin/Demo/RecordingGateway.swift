import Foundation
import RegistrarCore
import Synchronization

/// The demo's SMS gateway: hands every message on to the outbox (so that `registrarctl sms outbox`
/// shows them) and remembers the last code sent to each phone, which the demo types in for its
/// applicants as a person would.
final class RecordingGateway: SMSGateway {
    let next: any SMSGateway
    private let codes = Mutex<[String: String]>([:])

    init(next: any SMSGateway) { self.next = next }

    func send(messageId: Int64, to phone: String, text: String) throws(RegistrarError) {
        try next.send(messageId: messageId, to: phone, text: text)
        if let range = text.range(of: #"验证码为\d{6}"#, options: .regularExpression) {
            let code = String(text[range].suffix(6))
            codes.withLock { $0[phone] = code }
        }
    }

    func lastCode(to phone: String) -> String? { codes.withLock { $0[phone] } }
}
