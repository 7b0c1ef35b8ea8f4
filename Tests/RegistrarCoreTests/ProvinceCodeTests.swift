import Foundation
import Testing

@testable import RegistrarCore

/// `ProvinceCode`: one of the 31 GB/T 2260 codes of the reference list, valid by construction,
/// kept and sent as its two digits.
@Suite("Province codes")
struct ProvinceCodeTests {
    @Test("the 31 codes of the reference list parse, as themselves", arguments: ProvinceCode.all.map(\.value))
    func known(raw: String) throws {
        let code = try ProvinceCode.parse(raw)
        #expect(code.value == raw)
        #expect(code.description == raw)
        #expect(ProvinceCode(rawValue: raw) == code)
    }

    @Test(
        "anything else is province.unknown on the field named",
        arguments: ["", "1", "011", " 11", "11 ", "99", "10", "71", "81", "京", "ab"])
    func unknown(raw: String) {
        expectCode("province.unknown") { _ = try ProvinceCode.parse(raw) }
        #expect(ProvinceCode(raw) == nil)
        do {
            _ = try ProvinceCode.parse(raw, field: "province")
            Issue.record("\(raw) parsed")
        } catch {
            #expect(error.field == "province")
        }
    }

    @Test("the reference list holds exactly the 31 codes, in order")
    func referenceList() {
        #expect(Harness.sharedReference.provinces.map(\.code) == ProvinceCode.all)
        #expect(ProvinceCode.all.count == 31)
    }

    struct Holder: Codable, Equatable {
        var provinceCode: ProvinceCode
        var other: ProvinceCode?
    }

    @Test("JSON carries the two digits as a string, as before; an unknown code does not decode")
    func codable() throws {
        let json = String(decoding: try JSONEncoder().encode(Holder(provinceCode: "44", other: nil)), as: UTF8.self)
        #expect(json == #"{"provinceCode":"44"}"#)
        #expect(
            try JSONDecoder().decode(Holder.self, from: Data(#"{"provinceCode":"65","other":"11"}"#.utf8))
                == Holder(provinceCode: "65", other: "11"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(#"{"provinceCode":"99"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Holder.self, from: Data(#"{"provinceCode":11}"#.utf8)) }
    }

    @Test("codes order as their digits")
    func order() {
        #expect(ProvinceCode.all == ProvinceCode.all.sorted())
        #expect(("11" as ProvinceCode) < ("65" as ProvinceCode))
    }
}
