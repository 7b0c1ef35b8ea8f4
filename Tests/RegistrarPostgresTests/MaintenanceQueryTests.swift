import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: the administrator's queries")
struct MaintenanceQueryTests {
    @Test("filing ids by stage across provinces, keyset-paged in id order; statistics by province, kind and stage")
    func filings() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            let applicant = try seed.applicant(1, name: "张三")
            let a = try seed.filing(applicant: applicant, kind: "initial", stage: "submitted")
            let b = try seed.filing(applicant: applicant, kind: "change", stage: "accepted", province: "31", acceptedOn: "2026-11-03")
            try seed.filing(applicant: applicant, kind: "initial", stage: "approved")
            let d = try seed.filing(applicant: applicant, kind: "initial", stage: "submitted", province: "44")
            let e = try seed.filing(applicant: applicant, kind: "initial", stage: "reviewed", acceptedOn: "2026-11-03")

            func ids(_ stages: [FilingStage], after: Int64 = 0, limit: Int = 10) throws -> [Int64] {
                try store.read { try $0.filingIds(stages: stages, after: after, limit: limit) }
            }
            #expect(try ids([.submitted, .accepted, .reviewed]) == [a, b, d, e])
            #expect(try ids([.submitted, .accepted, .reviewed], limit: 2) == [a, b])
            #expect(try ids([.submitted, .accepted, .reviewed], after: b, limit: 2) == [d, e])
            #expect(try ids([.submitted, .accepted, .reviewed], after: e).isEmpty)
            #expect(try ids([.submitted]) == [a, d])
            #expect(try ids([]).isEmpty)
            #expect(try ids([.submitted], limit: 0).isEmpty)

            #expect(
                try store.read { try $0.filingStatistics() } == [
                    FilingStatistic(provinceCode: "11", kind: .initial, stage: .approved, count: 1),
                    FilingStatistic(provinceCode: "11", kind: .initial, stage: .reviewed, count: 1),
                    FilingStatistic(provinceCode: "11", kind: .initial, stage: .submitted, count: 1),
                    FilingStatistic(provinceCode: "31", kind: .change, stage: .accepted, count: 1),
                    FilingStatistic(provinceCode: "44", kind: .initial, stage: .submitted, count: 1),
                ])
        }
    }

    @Test("duplicate registration digits: none while the unique key stands, found when it was dropped")
    func duplicateDigits() throws {
        try withMaintStore { store, database throws in
            let seed = try MaintSeed(database)
            try seed.registration(applicant: try seed.applicant(1, name: "张三"), digits: "110000000001")
            try seed.registration(applicant: try seed.applicant(2, name: "李四"), digits: "110000000002")
            #expect(try store.read { try $0.duplicateRegistrationDigits() }.isEmpty)
            try seed.connection.execute("ALTER TABLE registrations DROP CONSTRAINT registrations_digits_key")
            try seed.registration(applicant: try seed.applicant(3, name: "王五"), digits: "110000000002")
            try seed.registration(applicant: try seed.applicant(4, name: "赵六"), digits: "110000000002")
            try seed.registration(applicant: try seed.applicant(5, name: "钱七"), digits: "110000000001")
            #expect(try store.read { try $0.duplicateRegistrationDigits() } == ["110000000001", "110000000002"])
        }
    }

    @Test("counts of the main tables, and the monitoring figures of the outbox and the certificates")
    func countsAndFigures() throws {
        try withMaintStore { store, database throws in
            let empty = try store.read { try $0.maintenanceCounts() }
            #expect(
                empty
                    == MaintenanceCounts(
                        applicants: 0, officials: 0, filings: 0, openFilings: 0, registrations: 0, enterprises: 0, qualifications: 0,
                        holidays: 0, pendingMessages: 0, auditEvents: 0))
            #expect(
                try store.read { try $0.monitoringFigures() }
                    == MonitoringFigures(pendingMessages: 0, failedMessages: 0, oldestPendingAt: nil, certificatesSigned: 0))

            let seed = try MaintSeed(database)
            let official = try seed.official("wangwu")
            let zhang = try seed.applicant(1, name: "张三")
            let li = try seed.applicant(2, name: "李四")
            let filing = try seed.filing(applicant: zhang, stage: "issued")
            try seed.filing(applicant: zhang, stage: "submitted", isOpen: true)
            try seed.filing(applicant: li, stage: "accepted", acceptedOn: "2026-11-03", isOpen: true)
            let registration = try seed.registration(applicant: zhang, digits: "110000000001")
            _ = try store.write {
                try $0.upsertEnterprise(
                    Enterprise(creditCode: MaintFixture.creditCode(1), name: "北京城建集团有限责任公司", provinceCode: "11", status: .active))
            }
            _ = try store.write { try $0.upsertHoliday(HolidayEntry(date: MaintFixture.date("2026-10-01"), kind: .holiday)) }
            _ = try store.write { try $0.upsertHoliday(HolidayEntry(date: MaintFixture.date("2026-10-02"), kind: .holiday)) }
            for sequence in 1...3 { try seed.auditEvent(objectId: String(sequence)) }

            // The outbox: two pending (one of them failed once and given back), one sent, one expired.
            let message = """
                INSERT INTO messages (phone, text, redacted, created_at, sent_at, attempts, expires_at, expired_at, claimed_by, lease_until)
                VALUES ('13900000001', '您的申报已受理', '您的申报已受理', $1, $2, $3, NULL, $4, NULL, $5)
                """
            try seed.connection.query(message, [.int(2_000), .null, .int(0), .null, .null])
            try seed.connection.query(message, [.int(1_000), .null, .int(1), .null, .int(9_000)])
            try seed.connection.query(message, [.int(500), .int(600), .int(1), .null, .null])
            try seed.connection.query(message, [.int(100), .null, .int(0), .int(700), .null])

            try seed.connection.query(
                """
                INSERT INTO certificate_versions (registration_id, version, filing_id, registration_number, seal_check_code, holder_name,
                    sex, birth_date, employer_name, employer_code, province_code, specialties, issued_on, issued_at, issued_by)
                VALUES ($1, 1, $2, '京111000000001', '07', '张三', 'male', '1980-01-01', '北京城建集团有限责任公司', $3, '11',
                    '["building"]', '2026-11-20', 0, $4)
                """, [.int(Int(registration)), .int(Int(filing)), .text(MaintFixture.creditCode(1).value), .int(Int(official))])
            for serial in ["0000000000000001", "0000000000000002"] {
                try seed.connection.query(
                    """
                    INSERT INTO certificate_documents (serial, registration_id, version, generated_at, valid_until, digest,
                        generated_by_kind, generated_by_id)
                    VALUES ($1, $2, 1, 0, '2029-11-19', repeat('a', 64), 'applicant', $3)
                    """, [.text(serial), .int(Int(registration)), .int(Int(zhang))])
            }

            #expect(
                try store.read { try $0.maintenanceCounts() }
                    == MaintenanceCounts(
                        applicants: 2, officials: 1, filings: 3, openFilings: 2, registrations: 1, enterprises: 1, qualifications: 0,
                        holidays: 2, pendingMessages: 2, auditEvents: 3))
            #expect(
                try store.read { try $0.monitoringFigures() }
                    == MonitoringFigures(
                        pendingMessages: 2, failedMessages: 1, oldestPendingAt: AuditEvent.date(micros: 1_000), certificatesSigned: 2))
        }
    }
}
