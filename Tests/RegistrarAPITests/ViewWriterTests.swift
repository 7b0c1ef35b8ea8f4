import Foundation
import RegistrarCore
import RegistrarHTTP
import Testing

@testable import RegistrarAPI

/// The hand-written JSON of the progress views says exactly what their `Encodable` form says.
@Suite("Views")
struct ViewWriterTests {
    @Test("FilingView written by JSONWriter equals JSONEncoder's output", arguments: [true, false])
    func same(full: Bool) throws {
        let filing = Filing(
            id: 7, applicantId: 3, qualification: .temporary,
            payload: full ? .personalInfo(newName: "张\"叁\n", newIdNumber: "11010519491231002X") : .cancellation(reasonCode: "04"),
            stage: .returned, provinceCode: "11", round: 2, submittedAt: Date(timeIntervalSince1970: 1_790_000_000),
            submittedOn: CalendarDate(year: 2026, month: 9, day: 21)!, returnItems: ["缺少\\证明"],
            updatedAt: Date(timeIntervalSince1970: 1_790_000_100))
        let events = [
            FilingEvent(filingId: 7, at: Date(timeIntervalSince1970: 1_790_000_000), round: 1, action: .submit, from: nil, to: .submitted),
            FilingEvent(
                filingId: 7, at: Date(timeIntervalSince1970: 1_790_000_050), round: 1, action: .return, from: .submitted, to: .returned,
                officialId: 1, officialName: "王", opinion: "请补正", items: ["a", "b"]),
        ]
        let attachments = [
            AttachmentMeta(
                id: 4, ownerId: 3, kind: .policeCertificate, filingId: 7, contentType: "image/png", byteCount: 10,
                width: 800, height: 600, digest: "ab", uploadedAt: Date(timeIntervalSince1970: 1_790_000_000))
        ]
        let view = FilingView(
            filing, events: full ? events : nil, attachments: full ? attachments : nil,
            deadline: full ? Deadline(due: CalendarDate(year: 2026, month: 9, day: 28)!, workingDaysLeft: -1) : nil)
        let written = try JSONSerialization.jsonObject(with: Data(view.response().body)) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: try HTTPResponse.json(view).body.withUnsafeBytes { Data($0) }) as? NSDictionary
        #expect(written == encoded)
        #expect(written != nil)
    }

    @Test("dates as JSONEncoder's .iso8601 writes them, before and after 1970")
    func dates() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let instants: [Double] = [
            0, -1, -86_400, -86_401,
            951_782_400,  // 2000-02-29
            1_790_000_000.9,
            4_102_444_799,  // 2099-12-31T23:59:59
            -5_364_662_400,  // 1800-01-01
            32_503_680_000,  // 3000-01-01
            1_709_164_800,  // 2024-02-29
        ]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2_000).map { _ in Double(Int64.random(in: -5_364_662_400...32_503_680_000, using: &generator)) }
        for seconds in instants + random {
            let date = Date(timeIntervalSince1970: seconds)
            let expected = String(decoding: try encoder.encode(date), as: UTF8.self)
            var writer = JSONWriter(capacity: 32)
            writer.date(date)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected, "\(seconds)")
        }
    }
}
