import Foundation
import RegistrarCrypto
import RegistrarDocuments
import RegistrarHTTP
import RegistrarRuntime
import RegistrarServer
import RegistrarTestSupport
import Testing

@testable import RegistrarAPI
@testable import RegistrarCore

/// The progress query keeps what it rendered and gives it again only while the database's stamps
/// of what it shows, and the day, are unchanged — whoever changed the data, through whichever
/// connection or process.
@Suite("Progress cache", .serialized)
struct ProgressCacheTests {
    /// An applicant with one submitted filing; returns the token and the filing's id.
    func filed(_ s: LiveService, journey: JourneyAPITests) throws -> (token: String, applicantId: Int64, filingId: Int64, staff: [Official])
    {
        let (checker, staff, enterprise) = try journey.setUp(s)
        let (token, id) = s.register(1)
        s.completeAndVerify(token, applicantId: id, official: checker)
        try journey.qualify(s, 1, ["building"])
        let agreements = s.send("GET", "/api/v1/agreements").json
        let (start, end) = journey.contract(s)
        let filed = s.send(
            "POST", "/api/v1/me/filings",
            json: s.json([
                "qualification": "regular", "kind": "initial", "enterpriseCode": enterprise.creditCode.value, "contractStart": start,
                "contractEnd": end, "specialties": ["building"],
                "agreedNoticeVersion": (agreements["notice"] as? [String: Any])?["version"] as? String ?? "",
                "agreedCommitmentVersion": (agreements["commitment"] as? [String: Any])?["version"] as? String ?? "",
                "smsCode": s.filingCode(token, phone: LiveService.phone(1)),
            ]), token: token)
        #expect(filed.status == 201, "\(filed.text)")
        return (token, id, (filed.json["id"] as? NSNumber)?.int64Value ?? 0, staff)
    }

    func items(_ reply: Reply) -> [[String: Any]] { reply.json["items"] as? [[String: Any]] ?? [] }

    func deadline(_ reply: Reply) -> [String: Any]? { items(reply).first?["deadline"] as? [String: Any] }

    @Test("a decision taken through another connection to the database shows at once")
    func otherConnection() throws {
        let s = try LiveService()
        let (token, _, filingId, staff) = try filed(s, journey: JourneyAPITests())
        let first = s.send("GET", "/api/v1/me/filings", token: token)
        #expect(items(first).first?["stage"] as? String == "submitted")
        #expect(s.send("GET", "/api/v1/me/filings", token: token).body == first.body)
        #expect(s.service.api.progressCache.count == 1)

        // The console's part, played by a second runtime on the same data directory: its own
        // connections, its own Registrar, nothing shared with the service but the database file.
        let console = try Runtime(
            RuntimeOptions(configPath: Repository.root + "/Config/registrar.conf", dataDirectory: s.directory), create: false)
        let registrar = console.makeRegistrar(
            identity: OnSiteOnlyIdentityProvider(), images: ImageNormalizer(),
            clock: s.clock)
        let filing = try #require(try registrar.store.read { try $0.filing(id: filingId) })
        _ = try registrar.review.decide(official: staff[0], filingId: filingId, expectedVersion: filing.version, .accept(opinion: "材料齐全"))

        let second = s.send("GET", "/api/v1/me/filings", token: token)
        #expect(items(second).first?["stage"] as? String == "accepted")
        #expect((items(second).first?["history"] as? [[String: Any]])?.map { $0["action"] as? String ?? "" } == ["submit", "accept"])
    }

    @Test("deadlines move with the day and with the holiday calendar")
    func dayAndCalendar() throws {
        let s = try LiveService()
        let (_, applicantId, _, _) = try filed(s, journey: JourneyAPITests())
        var token = s.login(1).json["token"] as? String ?? ""
        let before = try #require(deadline(s.send("GET", "/api/v1/me/filings", token: token)))

        // A week later (a new session: the old one idled out).
        s.clock.advance(seconds: 7 * 86_400)
        token = s.login(1).json["token"] as? String ?? ""
        let later = try #require(deadline(s.send("GET", "/api/v1/me/filings", token: token)))
        let fresh = try #require(try s.registrar.filings.progress(applicantId: applicantId).first?.deadline)
        #expect(later["workingDaysLeft"] as? Int == fresh.workingDaysLeft)
        #expect(later["workingDaysLeft"] as? Int != before["workingDaysLeft"] as? Int)

        // A holiday declared on the due date pushes it back by a working day.
        let due = try #require(CalendarDate(later["due"] as? String ?? ""))
        _ = try s.registrar.administration.importBatch(
            administrator: "t", .holidays([HolidayEntry(date: due, kind: .holiday)]), source: "t")
        let moved = try #require(deadline(s.send("GET", "/api/v1/me/filings", token: token)))
        let recomputed = try #require(try s.registrar.filings.progress(applicantId: applicantId).first?.deadline)
        #expect(moved["due"] as? String == recomputed.due.description)
        #expect(moved["due"] as? String != due.description)
    }

    @Test("with the cache off the progress query answers the same and keeps nothing")
    func off() throws {
        let s = try LiveService { $0.progressCacheEntries = 0 }
        let (token, _, _, _) = try filed(s, journey: JourneyAPITests())
        let reply = s.send("GET", "/api/v1/me/filings?qualification=regular", token: token)
        #expect(reply.status == 200)
        #expect(items(reply).count == 1)
        #expect(s.service.api.progressCache.count == 0)
        #expect(s.send("GET", "/api/v1/me/filings?qualification=x", token: token).status == 400)
        #expect(s.send("GET", "/api/v1/me/filings?qualification=x").status == 401)
    }

    @Test("an official's session is not an applicant's: 401; a bad filter after a good token: 400")
    func principals() throws {
        let s = try LiveService()
        let (official, password) = try s.registrar.administration.createOfficial(
            administrator: "t", username: "reviewer", name: "审查员", provinceCode: "11", roles: [.review])
        // The shipped configuration asks officials for a second factor: the password, then the enrolment's code.
        guard case .enrolment(let challenge) = try s.registrar.sessions.beginOfficialLogin(username: official.username, password: password)
        else {
            Issue.record("no enrolment at the first login")
            return
        }
        let secret = try #require(challenge.enrolmentSecret)
        let code = try #require(OathTOTP.code(secret: secret, at: s.registrar.clock.now()))
        let login = try s.registrar.sessions.completeOfficialLogin(challenge, code: code)
        #expect(s.send("GET", "/api/v1/me/filings", token: login.token).status == 401)
        #expect(s.send("GET", "/api/v1/me/filings?qualification=x").status == 401)
        let (token, _) = s.register(2)
        #expect(s.send("GET", "/api/v1/me/filings?qualification=x", token: token).status == 400)
        #expect(s.send("GET", "/api/v1/me/filings", token: token).json["items"] as? [Any] != nil)
    }

    @Test("bounded: at most its capacity, the entries asked for lately kept, a changed version never served")
    func bounds() {
        let cache = ProgressCache(capacity: 4)
        let day = CalendarDate(year: 2026, month: 11, day: 25)!
        func version(_ n: Int64) -> ProgressVersion { ProgressVersion(stamps: ProgressStamps(filings: n, calendar: 1), day: day) }
        func key(_ n: Int64) -> ProgressCache.Key { ProgressCache.Key(applicantId: n, qualification: nil) }
        for n in Int64(1)...10 {
            cache.store([UInt8(n)], for: key(n), at: version(n))
            // Applicant 1 asks again after every other arrival: it is never the one dropped.
            #expect(cache.body(for: key(1), at: version(1)) == [1])
            #expect(cache.count <= 4)
        }
        #expect(cache.body(for: key(10), at: version(10)) == [10])
        #expect(cache.body(for: key(2), at: version(2)) == nil)
        #expect(cache.body(for: key(10), at: version(11)) == nil)
        let tomorrow = ProgressVersion(stamps: ProgressStamps(filings: 10, calendar: 1), day: day.adding(days: 1))
        #expect(cache.body(for: key(10), at: tomorrow) == nil)
        cache.store([9, 9], for: key(10), at: version(12))
        #expect(cache.body(for: key(10), at: version(12)) == [9, 9])
        #expect(ProgressCache(capacity: 0).body(for: key(1), at: version(1)) == nil)
    }
}
