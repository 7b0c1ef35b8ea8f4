import Foundation
import RegistrarCore
import Synchronization
import Testing

@testable import RegistrarPostgres

/// Runs `body(thread)` on `count` threads of their own at once and waits for all of them.
func onFilingsThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

/// The registrations port on PostgreSQL: registrations, serials, certificate versions and documents, as
/// the SQLite store keeps them; serials and registration numbers unique under concurrent issuers.
@Suite("PostgreSQL registration records")
struct PostgresRegistrationStoreTests {
    func certificate(registrationId: Int64, filingId: Int64, officialId: Int64, version: Int = 1) -> CertificateVersion {
        CertificateVersion(
            registrationId: registrationId, version: version, filingId: filingId, registrationNumber: "京111102400001",
            sealCheckCode: "00", holderName: "张三", sex: .male, birthDate: FilingsFixture.date("1980-01-01"), employerName: "北京建工集团",
            employerCode: FilingsFixture.creditCode(1).value, provinceCode: "11",
            specialties: [CertificateVersion.Line(key: "building", name: "建筑工程", expiresOn: FilingsFixture.date("2027-02-28"))],
            issuedOn: FilingsFixture.date("2024-03-10"), issuedAt: FilingsFixture.instant(), issuedBy: officialId)
    }

    @Test("a registration with specialties reads back by id, applicant and digits; updated to the next version; stale and missing refused")
    func roundTrip() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicantId = try harness.applicant(1)
        var registration = FilingsFixture.registration(applicantId: applicantId, digits: "111102400001")
        registration.cancellationReasonCode = "04"
        registration.sealCheckCode = 2
        registration.id = try store.write { try $0.insertRegistration(registration) }
        #expect(try store.read { try $0.registration(id: registration.id) } == registration)
        #expect(try store.read { try $0.registration(applicantId: applicantId) } == registration)
        #expect(try store.read { try $0.registrations(applicantId: applicantId) } == [registration])
        #expect(try store.read { try $0.registration(digits: "111102400001") } == registration)
        #expect(try store.read { try $0.registration(digits: "111102400002") } == nil)

        registration.status = .revoked
        registration.cancellationReasonCode = "08"
        try store.write { try $0.updateRegistration(registration) }
        let stale = registrarError { try store.write { try $0.updateRegistration(registration) } }
        #expect(stale?.code == "registration.stale")
        #expect(stale?.message == "数据已被他人修改，请刷新后重试")
        registration.version = 2
        #expect(try store.read { try $0.registration(id: registration.id) } == registration)
        registration.id = 999_999
        #expect(registrarError { try store.write { try $0.updateRegistration(registration) } }?.code == "registration.not_found")
    }

    @Test(
        "taken digits are registration.number_taken; a second registration of one qualification registration.exists, of the other allowed")
    func uniques() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let first = try harness.applicant(1)
        let second = try harness.applicant(2)
        var temporary = FilingsFixture.registration(applicantId: first, digits: "111252600001", qualification: .temporary)
        temporary.id = try store.write { try $0.insertRegistration(temporary) }
        let taken = registrarError {
            _ = try store.write { try $0.insertRegistration(FilingsFixture.registration(applicantId: second, digits: "111252600001")) }
        }
        #expect(taken?.code == "registration.number_taken")
        #expect(taken?.message == "注册编号重复")
        let regular = try store.write { try $0.insertRegistration(FilingsFixture.registration(applicantId: first, digits: "111262600002")) }
        let exists = registrarError {
            _ = try store.write {
                try $0.insertRegistration(
                    FilingsFixture.registration(applicantId: first, digits: "111262600003", qualification: .temporary))
            }
        }
        #expect(exists?.code == "registration.exists")
        #expect(try store.read { try $0.registrations(applicantId: first) }.map(\.id) == [temporary.id, regular])
        // An update onto taken digits is refused the same way.
        var moved = try #require(try store.read { try $0.registration(id: regular) })
        moved.digits = "111252600001"
        #expect(registrarError { try store.write { try $0.updateRegistration(moved) } }?.code == "registration.number_taken")
        #expect(try harness.count("SELECT count(*) FROM registrations") == 2)
    }

    @Test(
        "certificate versions: inserted, listed by version, voided; a second of one version certificate.exists; any other change certificate.frozen"
    )
    func certificateVersions() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicantId = try harness.applicant(1)
        let officialId = try harness.official("issuer")
        let filingId = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: applicantId, stage: .issued)) }
        let registrationId = try store.write {
            try $0.insertRegistration(FilingsFixture.registration(applicantId: applicantId, digits: "111102400001"))
        }
        var first = certificate(registrationId: registrationId, filingId: filingId, officialId: officialId)
        var second = certificate(registrationId: registrationId, filingId: filingId, officialId: officialId, version: 2)
        second.sealCheckCode = "01"
        try store.write { try $0.insertCertificateVersion(second) }
        try store.write { try $0.insertCertificateVersion(first) }
        #expect(try store.read { try $0.certificateVersions(registrationId: registrationId) } == [first, second])
        let exists = registrarError { try store.write { try $0.insertCertificateVersion(first) } }
        #expect(exists?.code == "certificate.exists")

        first.voidedAt = FilingsFixture.instant(1_700_000_999_000_000)
        try store.write { try $0.updateCertificateVersion(first) }
        #expect(try store.read { try $0.certificateVersions(registrationId: registrationId) }.first == first)
        first.voidedAt = nil
        try store.write { try $0.updateCertificateVersion(first) }
        #expect(try store.read { try $0.certificateVersions(registrationId: registrationId) }.first == first)

        var reprinted = first
        reprinted.holderName = "李四"
        let frozen = registrarError { try store.write { try $0.updateCertificateVersion(reprinted) } }
        #expect(frozen?.code == "certificate.frozen")
        reprinted = first
        reprinted.specialties = []
        #expect(registrarError { try store.write { try $0.updateCertificateVersion(reprinted) } }?.code == "certificate.frozen")
        #expect(try store.read { try $0.certificateVersions(registrationId: registrationId) }.first == first)
        var missing = first
        missing.version = 9
        #expect(registrarError { try store.write { try $0.updateCertificateVersion(missing) } }?.code == "certificate.not_found")
    }

    @Test(
        "certificate documents: by serial and by registration in order of generation; a taken serial certificate.serial_taken; never changed"
    )
    func certificateDocuments() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        let applicantId = try harness.applicant(1)
        let officialId = try harness.official("issuer")
        let filingId = try store.write { try $0.insertFiling(FilingsFixture.filing(applicantId: applicantId, stage: .issued)) }
        let registrationId = try store.write {
            try $0.insertRegistration(FilingsFixture.registration(applicantId: applicantId, digits: "111102400001"))
        }
        try store.write {
            try $0.insertCertificateVersion(certificate(registrationId: registrationId, filingId: filingId, officialId: officialId))
        }
        let later = CertificateDocumentRecord(
            serial: "A000000000000002", registrationId: registrationId, version: 1,
            generatedAt: FilingsFixture.instant(1_700_000_500_000_000),
            validUntil: FilingsFixture.date("2024-06-30"), digest: String(repeating: "b", count: 64), generatedBy: .official(officialId))
        let earlier = CertificateDocumentRecord(
            serial: "B000000000000001", registrationId: registrationId, version: 1, generatedAt: FilingsFixture.instant(),
            validUntil: FilingsFixture.date("2024-05-31"), digest: String(repeating: "a", count: 64), generatedBy: .applicant(applicantId),
            photoDigest: String(repeating: "c", count: 64))
        try store.write { try $0.insertCertificateDocument(later) }
        try store.write { try $0.insertCertificateDocument(earlier) }
        #expect(try store.read { try $0.certificateDocument(serial: earlier.serial) } == earlier)
        #expect(try store.read { try $0.certificateDocument(serial: "C000000000000000") } == nil)
        #expect(try store.read { try $0.certificateDocuments(registrationId: registrationId) } == [earlier, later])
        var again = earlier
        again.generatedAt = FilingsFixture.instant(1_700_000_900_000_000)
        let taken = registrarError { try store.write { try $0.insertCertificateDocument(again) } }
        #expect(taken?.code == "certificate.serial_taken")
        #expect(throws: PostgresError.self) { try harness.admin.execute("UPDATE certificate_documents SET digest = digest") }
    }

    @Test("registration serials count from 1 per province and year, and stop at 99999 with registration.serial_exhausted")
    func serials() throws {
        let harness = try FilingsHarness()
        let store = harness.store
        func next(_ province: ProvinceCode, _ year: Int) throws -> Int {
            try store.write { try $0.nextRegistrationSerial(provinceCode: province, year: year) }
        }
        #expect(try next("11", 2024) == 1)
        #expect(try next("11", 2024) == 2)
        #expect(try next("11", 2025) == 1)
        #expect(try next("31", 2024) == 1)
        #expect(try next("11", 2024) == 3)
        try harness.admin.execute("INSERT INTO registration_serials (province_code, year, last) VALUES ('44', 2024, 99999)")
        let error = registrarError { _ = try next("44", 2024) }
        #expect(error?.code == "registration.serial_exhausted")
        #expect(try harness.admin.first("SELECT last FROM registration_serials WHERE province_code = '44'") { $0.int(0) } == 99999)
    }

    @Test("8 threads × 50 serials on one store: no duplicate, no gap")
    func serialsFromManyThreads() throws {
        let harness = try FilingsHarness(poolSize: 8)
        let store = harness.store
        let serials = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        onFilingsThreads(8) { _ in
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

    @Test("two stores (two nodes' pools) issuing registrations at once: every serial and every registration number once")
    func registrationsFromTwoStores() throws {
        let harness = try FilingsHarness()
        let stores = [harness.store, try harness.makeStore()]
        var applicants: [Int64] = []
        for n in 0..<40 { applicants.append(try harness.applicant(n)) }
        let issued = Mutex<[String]>([])
        let failures = Mutex<[String]>([])
        let people = applicants
        onFilingsThreads(4) { thread in
            let store = stores[thread % 2]
            for index in stride(from: thread, to: people.count, by: 4) {
                do {
                    let digits = try store.write { tx in
                        let serial = try tx.nextRegistrationSerial(provinceCode: "11", year: 2024)
                        let digits = "111" + "2024" + String(format: "%05d", serial)
                        _ = try tx.insertRegistration(FilingsFixture.registration(applicantId: people[index], digits: digits))
                        return digits
                    }
                    issued.withLock { $0.append(digits) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(issued.withLock { $0.sorted() } == (1...40).map { "1112024" + String(format: "%05d", $0) })
        #expect(try harness.count("SELECT count(DISTINCT digits) FROM registrations") == 40)
    }

    @Test("the upsert alone keeps serials unique: 6 connections in READ COMMITTED without the store's writer lock")
    func serialsWithoutTheWriterLock() throws {
        let harness = try FilingsHarness()
        let serials = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        let connectionString = harness.database.connectionString
        onFilingsThreads(6) { _ in
            do {
                let connection = try PGConnection(connectionString)
                for _ in 0..<40 {
                    let serial = try connection.transaction(.readCommitted) {
                        let tx = PostgresTransaction(
                            connection: connection, sealer: FakeSealer(), digests: FakeDigests(), unreadable: { _ in })
                        defer { tx.close() }
                        let serial = try tx.nextRegistrationSerial(provinceCode: "11", year: 2026)
                        // Hold the row lock a moment, so that the others queue behind it.
                        try connection.execute("SELECT pg_sleep(0.001)")
                        return serial
                    }
                    serials.withLock { $0.append(serial) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(serials.withLock { $0.sorted() } == Array(1...240))
    }
}
