import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@Suite("Keyset pagination")
struct PaginationTests {
    /// Follows pages until one comes back short; returns every id in the order served.
    func collect(limit: Int, _ fetch: (Page) throws -> [Int64]) throws -> [Int64] {
        var all: [Int64] = []
        var page = Page(limit: limit)
        while true {
            let ids = try fetch(page)
            all += ids
            guard ids.count == page.limit, let last = ids.last else { return all }
            page.after = last
        }
    }

    @Test("filing lists serve each row once, oldest first and newest first, with filters", arguments: StoreKind.allCases)
    func filings(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var ids: [Int64] = []
            var stages: [Int64: FilingStage] = [:]
            try store.write { transaction in
                for n in 0..<23 {
                    let name = n % 2 == 0 ? "王\(n)" : "李\(n)"
                    let applicantId = try transaction.insertApplicant(Fixture.applicant(n, name: name))
                    let stage: FilingStage = [.submitted, .accepted, .returned][n % 3]
                    let id = try transaction.insertFiling(
                        Fixture.filing(applicantId: applicantId, stage: stage, province: n == 22 ? "31" : "11"))
                    if n != 22 { ids.append(id) }
                    stages[id] = stage
                }
            }
            let oldest = try collect(limit: 5) { page in
                try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", page: page)) }.map(\.id)
            }
            #expect(oldest == ids)
            let newest = try collect(limit: 4) { page in
                try store.read { try $0.filings(matching: FilingQuery(provinceCode: "11", oldestFirst: false, page: page)) }
                    .map(\.id)
            }
            #expect(newest == ids.reversed())

            let queue = try collect(limit: 2) { page in
                try store.read {
                    try $0.filings(matching: FilingQuery(provinceCode: "11", stages: [.submitted, .returned], page: page))
                }.map(\.id)
            }
            #expect(queue == ids.filter { stages[$0] != .accepted })

            let summaries = try store.read {
                try $0.filings(matching: FilingQuery(provinceCode: "11", applicantName: "王", page: Page(limit: 500)))
            }.compactMap(\.summary)
            #expect(summaries.count == 11)
            #expect(summaries.allSatisfy { $0.applicantName.hasPrefix("王") })
            #expect(summaries.allSatisfy { $0.maskedIdNumber.contains("**********") })
            let first = try #require(summaries.first)
            let firstApplicant = try #require(try store.read { try $0.applicant(id: first.filing.applicantId) })
            #expect(first.maskedIdNumber == firstApplicant.idNumber.masked)

            let none = try store.read {
                try $0.filings(matching: FilingQuery(provinceCode: "11", kinds: [.cancellation], page: Page()))
            }
            #expect(none.isEmpty)
            let dated = try store.read {
                try $0.filings(
                    matching: FilingQuery(
                        provinceCode: "11", submittedFrom: Fixture.date("2024-03-01"), submittedTo: Fixture.date("2024-03-01"),
                        applicantId: first.filing.applicantId))
            }
            #expect(dated.map(\.id) == [first.filing.id])

            let counts = try store.read { try $0.filingCounts(provinceCode: "11") }
            #expect(counts.reduce(0) { $0 + $1.count } == 22)
            #expect(counts.contains(FilingCount(stage: .accepted, kind: .initial, count: 7)))
        }
    }

    @Test(
        "applicant lists: pending on-site checks of a province (by id) and a name prefix (by name), each row once",
        arguments: StoreKind.allCases)
    func applicants(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var pending: [Int64] = []
            var wang: [(name: String, id: Int64)] = []
            try store.write { transaction in
                for n in 0..<17 {
                    let name = n % 3 == 0 ? "王五" : (n % 3 == 1 ? "王\(n)" : "汪\(n)")
                    let verification: VerificationStatus = n % 2 == 0 ? .pendingOnSite : .verified
                    let id = try transaction.insertApplicant(Fixture.applicant(n, name: name, verification: verification, province: "11"))
                    if n % 2 == 0 { pending.append(id) }
                    if name.hasPrefix("王") { wang.append((name, id)) }
                }
            }
            #expect(
                try collect(limit: 3) { page in
                    try store.read { try $0.pendingOnSiteVerifications(provinceCode: "11", page: page) }.map(\.id)
                } == pending)
            #expect(
                try collect(limit: 4) { page in
                    try store.read { try $0.applicants(namePrefix: "王", page: page) }.map(\.id)
                } == wang.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.map(\.id))
            #expect(try store.read { try $0.applicants(namePrefix: "王五", page: Page()) }.count == 6)
            #expect(try store.read { try $0.applicants(namePrefix: "", page: Page()) }.isEmpty)
        }
    }
}
