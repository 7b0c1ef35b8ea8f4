import Foundation
import RegistrarServer
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// Account enumeration (docs/domain-rules.md, "Account registration"): a taken and a free ID number
/// get the same answer, every probe costs a rate-capped SMS code, and the holder is told.
@Suite("API account enumeration", .serialized)
struct EnumerationAPITests {
    func probe(_ s: LiveService, idNumber: String, phone: String, code: String? = nil) -> Reply {
        let smsCode: String
        if let code {
            smsCode = code
        } else {
            #expect(s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": phone, "purpose": "registration"])).status == 201)
            smsCode = s.smsCode(phone) ?? ""
        }
        return s.send(
            "POST", "/api/v1/accounts",
            json: s.json(["name": "李四", "idNumber": idNumber, "phone": phone, "password": "Secret2026x", "smsCode": smsCode]))
    }

    @Test("a taken and a free ID number get byte-identical answers, with a right and with a wrong code; the holder's phone is told")
    func identicalAnswers() throws {
        let s = try LiveService()
        _ = s.register(61)
        let holder = LiveService.phone(61)
        let taken = LiveService.idNumber(61)
        let free = LiveService.idNumber(64)

        let wrongTaken = probe(s, idNumber: taken, phone: LiveService.phone(62), code: "000000")
        let wrongFree = probe(s, idNumber: free, phone: LiveService.phone(63), code: "000000")
        #expect(wrongTaken.status == 422 && wrongTaken.errorCode == "sms.code_invalid", "\(wrongTaken.text)")
        #expect(wrongTaken.status == wrongFree.status && wrongTaken.body == wrongFree.body)
        #expect(s.messages(holder).allSatisfy { !$0.contains("尝试使用您的证件号码") }, "nobody is told before a code is verified")

        let onTaken = probe(s, idNumber: taken, phone: LiveService.phone(62))
        let onFree = probe(s, idNumber: free, phone: LiveService.phone(63))
        #expect(onTaken.status == 202, "\(onTaken.text)")
        #expect(onTaken.status == onFree.status)
        #expect(onTaken.body == onFree.body, "\(onTaken.text) / \(onFree.text)")
        #expect(onTaken.headers["content-type"] == onFree.headers["content-type"])
        #expect(onTaken.json["status"] as? String == "received")

        let told = s.messages(holder).filter { $0.contains("尝试使用您的证件号码") }
        #expect(told.count == 1)
        #expect(s.messages(LiveService.phone(62)).allSatisfy { !$0.contains("尝试使用您的证件号码") })
        // The holder's account is as it was; the free ID number now has one, reached by signing in.
        #expect(s.login(61).status == 201)
        #expect(s.login(64).status == 201)
    }

    @Test("every probe costs an SMS code, capped per phone a day: past the cap, taken and free ID numbers get the same refusal")
    func rateCap() throws {
        let s = try LiveService(config: ["daily_cap": "2"])
        _ = s.register(71)
        let prober = LiveService.phone(72)
        #expect(probe(s, idNumber: LiveService.idNumber(71), phone: prober).status == 202)
        s.clock.advance(seconds: 61)
        #expect(probe(s, idNumber: LiveService.idNumber(73), phone: prober).status == 202)
        s.clock.advance(seconds: 61)
        let capped = s.send("POST", "/api/v1/sms-codes", json: s.json(["phone": prober, "purpose": "registration"]))
        #expect(capped.status == 429 && capped.errorCode == "sms.daily_cap", "\(capped.text)")
        // Without a new code the spent one proves nothing, whichever the ID number.
        let code = s.smsCode(prober) ?? ""
        let onTaken = probe(s, idNumber: LiveService.idNumber(71), phone: prober, code: code)
        let onFree = probe(s, idNumber: LiveService.idNumber(74), phone: prober, code: code)
        #expect(onTaken.status == 422 && onTaken.errorCode == "sms.code_invalid", "\(onTaken.text)")
        #expect(onTaken.body == onFree.body)
    }
}
