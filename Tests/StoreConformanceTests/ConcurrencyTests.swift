import Foundation
import RegistrarCore
import RegistrarTestSupport
import Synchronization
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("registration serials count from 1 per province and year", arguments: StoreKind.allCases)
    func serialsPerProvinceAndYear(kind: StoreKind) throws {
        try kind.withStore { store throws in
            func next(_ province: ProvinceCode, _ year: Int) throws -> Int {
                try store.write { try $0.nextRegistrationSerial(provinceCode: province, year: year) }
            }
            #expect(try next("11", 2024) == 1)
            #expect(try next("11", 2024) == 2)
            #expect(try next("11", 2025) == 1)
            #expect(try next("31", 2024) == 1)
            #expect(try next("11", 2024) == 3)
        }
    }

    @Test("serials past 99999 are refused, not wrapped", arguments: StoreKind.allCases)
    func serialsExhausted(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            try made.execute("INSERT INTO registration_serials (province_code, year, last) VALUES ('11', 2024, 99999)")
            let error = registrarError { _ = try store.write { try $0.nextRegistrationSerial(provinceCode: "11", year: 2024) } }
            #expect(error?.code == "registration.serial_exhausted")
        }
    }

    @Test("8 threads × 50 serials: no duplicate, no gap", arguments: StoreKind.allCases)
    func serialsFromManyThreads(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let serials = Mutex<[Int]>([])
            let failures = Mutex<[String]>([])
            onThreads(8) { _ in
                for _ in 0..<50 {
                    do {
                        let serial = try store.write { try $0.nextRegistrationSerial(provinceCode: "11", year: 2024) }
                        serials.withLock { $0.append(serial) }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(serials.withLock { $0.sorted() } == Array(1...400))
        }
    }

    @Test("two processes' worth of writers: a second store on the same database, serials still unique", arguments: StoreKind.allCases)
    func twoStoresOneDatabase(kind: StoreKind) throws {
        try kind.withStore { store, made throws in
            let other = try made.open()
            let serials = Mutex<[Int]>([])
            let failures = Mutex<[String]>([])
            onThreads(4) { index in
                let target = index % 2 == 0 ? store : other
                for _ in 0..<50 {
                    do {
                        let serial = try target.write { try $0.nextRegistrationSerial(provinceCode: "44", year: 2025) }
                        serials.withLock { $0.append(serial) }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(serials.withLock { $0.sorted() } == Array(1...200))
        }
    }

    @Test("readers and writers on many threads: every read sees a consistent snapshot", arguments: StoreKind.allCases)
    func poolFromManyThreads(kind: StoreKind) throws {
        try kind.withStore(poolSize: 3) { store, _ throws in
            let failures = Mutex<[String]>([])
            onThreads(12) { index in
                do {
                    if index % 3 == 0 {
                        // Writers add an applicant and a filing together.
                        for n in 0..<20 {
                            try store.write { transaction in
                                let id = try transaction.insertApplicant(Fixture.applicant(index * 100 + n))
                                _ = try transaction.insertFiling(Fixture.filing(applicantId: id))
                            }
                        }
                    } else {
                        // Readers never see an applicant without its filing.
                        for _ in 0..<50 {
                            try store.read { transaction in
                                let applicants = try transaction.countApplicants()
                                let filings = try transaction.filingCounts(provinceCode: "11").reduce(0) { $0 + $1.count }
                                if applicants != filings { failures.withLock { $0.append("\(applicants) ≠ \(filings)") } }
                            }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            #expect(try store.read { try $0.countApplicants() } == 80)
        }
    }

    @Test("a writer held by another connection past the busy timeout is store.busy", arguments: StoreKind.allCases)
    func busy(kind: StoreKind) throws {
        try kind.withStore(busyTimeoutMilliseconds: 100) { store, made throws in
            let blocker = try made.holdWriterLock()
            defer { blocker.release() }
            let error = registrarError { _ = try store.write { try $0.nextRegistrationSerial(provinceCode: "11", year: 2024) } }
            #expect(error == .storeBusy)
            #expect(error?.message == "系统繁忙，请稍后重试")
        }
    }

    @Test("a transaction used after its closure stops the program rather than touch a lent connection", arguments: StoreKind.allCases)
    func escapedTransaction(kind: StoreKind) async throws {
        await #expect(processExitsWith: .failure) { [kind] in
            try kind.withStore { store throws in
                let escaped = try store.read { $0 }
                _ = try escaped.countApplicants()
            }
        }
    }

    @Test(
        "senders on two connections to one database claiming at once: every message claimed by exactly one", arguments: StoreKind.allCases)
    func outboxClaimsExclusive(kind: StoreKind) throws {
        try kind.withStore { first, made throws in
            let second = try made.open()
            let now = Fixture.instant()
            try first.write { tx in
                for n in 0..<400 {
                    _ = try tx.insertMessage(OutgoingMessage(phone: "139\(String(format: "%08d", n))", text: "通知\(n)", createdAt: now))
                }
            }
            let claimed = Mutex<[Int64]>([])
            onThreads(8) { thread in
                let store = thread % 2 == 0 ? first : second
                while true {
                    guard
                        let batch = try? store.write({ tx in
                            try tx.claimMessages(owner: "sender\(thread)", now: now, leaseUntil: now.addingTimeInterval(120), limit: 7)
                        })
                    else { continue }
                    if batch.isEmpty { return }
                    claimed.withLock { $0 += batch.map(\.id) }
                }
            }
            let ids = claimed.withLock { $0 }
            #expect(ids.count == 400)
            #expect(Set(ids).count == 400)
        }
    }
}
