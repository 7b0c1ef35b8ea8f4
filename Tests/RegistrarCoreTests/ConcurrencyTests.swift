import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Review workflow" (concurrent decisions: exactly one wins); registration numbers unique under concurrency.
@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("two officials approving the same filing: exactly one wins, the other gets a conflict", arguments: StoreKind.allCases)
    func approveRace(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let a = try h.applicant(1)
        try h.qualify(a.idNumber, name: a.name)
        let f = try h.file(a, .initial(h.employment(try h.enterprise())))
        var g = try h.registrar.review.decide(official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
        g = try h.registrar.review.decide(official: h.staff.reviewer, filingId: g.id, expectedVersion: g.version, .review(opinion: ""))
        let approvers = [h.staff.approver, try h.official("approver2")]
        let version = g.version
        let results = Results()
        let registrar = h.registrar
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                _ = try registrar.review.decide(official: approvers[i], filingId: f.id, expectedVersion: version, .approve(opinion: "同意"))
                results.add("ok")
            } catch let error as RegistrarError {
                results.add(error.code)
            } catch { results.add("\(error)") }
        }
        #expect(results.values.sorted() == ["filing.stale", "ok"])
        #expect(
            try h.registrar.filings.filingProgress(applicantId: a.id, filingId: f.id).events.filter { $0.action == .approve }.count == 1)
    }

    @Test("many certificates issued at once: no duplicate registration number, and the audit chain verifies", arguments: StoreKind.allCases)
    func issueStorm(kind: StoreKind) throws {
        let h = try Harness(kind: kind)
        let employer = try h.enterprise()
        var approved: [Filing] = []
        for n in 1...24 {
            let a = try h.applicant(n)
            try h.qualify(a.idNumber, name: a.name)
            let f = try h.file(a, .initial(h.employment(employer)))
            var g = try h.registrar.review.decide(
                official: h.staff.acceptor, filingId: f.id, expectedVersion: f.version, .accept(opinion: ""))
            g = try h.registrar.review.decide(official: h.staff.reviewer, filingId: g.id, expectedVersion: g.version, .review(opinion: ""))
            approved.append(
                try h.registrar.review.decide(official: h.staff.approver, filingId: g.id, expectedVersion: g.version, .approve(opinion: ""))
            )
        }
        let issuers = [h.staff.issuer, try h.official("issuer2"), try h.official("issuer3"), try h.official("issuer4")]
        let results = Results()
        let registrar = h.registrar
        let filings = approved
        DispatchQueue.concurrentPerform(iterations: filings.count) { i in
            do {
                _ = try registrar.review.decide(
                    official: issuers[i % issuers.count], filingId: filings[i].id, expectedVersion: filings[i].version, .issue)
                results.add("ok")
            } catch { results.add("\(error)") }
        }
        #expect(results.values == Array(repeating: "ok", count: approved.count))
        let numbers = try h.registrar.store.read { tx in
            try approved.map { try #require(try tx.registration(applicantId: $0.applicantId)).digits }
        }
        #expect(Set(numbers).count == approved.count)
        #expect(Set(numbers.map { String($0.suffix(5)) }) == Set((1...approved.count).map { String(format: "%05d", $0) }))
        guard case .intact(let count, _) = try h.registrar.administration.verifyAuditChain() else {
            Issue.record("chain broken")
            return
        }
        #expect(count > 100)
    }
}

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) {
        lock.lock()
        items.append(s)
        lock.unlock()
    }
    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
