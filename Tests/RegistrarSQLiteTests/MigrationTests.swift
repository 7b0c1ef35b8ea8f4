import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@testable import RegistrarSQLite

@Suite("Migrations")
struct MigrationTests {
    @Test("a new database records every migration, and migrating again changes nothing")
    func recordedAndIdempotent() throws {
        try withStore { store, path throws in
            #expect(try store.schemaVersion == SQLiteStore.latestSchemaVersion)
            try store.migrate()
            try store.migrate()
            let connection = try Connection(path: path)
            let rows = try connection.all("SELECT version, name, applied_at FROM schema_migrations ORDER BY version") {
                ($0.int(0), $0.text(1), $0.int64(2))
            }
            #expect(rows.map(\.0) == Array(1...SQLiteStore.latestSchemaVersion))
            #expect(rows.first?.1 == "initial")
            #expect(rows.allSatisfy { $0.2 > 1_600_000_000_000_000 })
        }
    }

    @Test("reopening an existing database keeps its data and its version")
    func reopen() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            let first = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests())
            let id = try first.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let second = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests())
            #expect(try second.read { try $0.applicant(id: id)?.name } == "张三")
            #expect(try second.schemaVersion == SQLiteStore.latestSchemaVersion)
        }
    }

    @Test("a database written by a newer release is refused")
    func newerSchemaRefused() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            _ = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests())
            let connection = try Connection(path: path)
            try connection.run(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 0)",
                [SQLiteStore.latestSchemaVersion + 1])
            let error = registrarError { _ = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests()) }
            #expect(error?.code == "store.newer_schema")
            #expect(error?.category == .unavailable)
        }
    }

    @Test("nothing migrates on open: an older database is refused when the current schema is required, and left as it is")
    func olderSchemaRefused() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            let older = SQLiteStore.latestSchemaVersion - 1
            do {
                let connection = try Connection(path: path)
                #expect(try Migrator(Array(Schema.migrations.prefix(older))).migrate(connection) == older)
            }
            let error = registrarError {
                _ = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests(), schema: .requireCurrent)
            }
            #expect(error?.code == "store.older_schema")
            #expect(error?.category == .unavailable)
            #expect(error?.message.contains("registrarctl migrate") == true)
            let recorded = try Migrator.recorded(try Connection(path: path))
            #expect(recorded.last?.version == older)
        }
    }

    @Test("opened for migration, an older database keeps its version until migrate, then opens as current")
    func forMigrationThenMigrate() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            let older = SQLiteStore.latestSchemaVersion - 1
            do {
                let connection = try Connection(path: path)
                try Migrator(Array(Schema.migrations.prefix(older))).migrate(connection)
            }
            let store = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests(), schema: .forMigration)
            #expect(try store.schemaVersion == older)
            try store.migrate()
            #expect(try store.schemaVersion == SQLiteStore.latestSchemaVersion)
            let current = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests(), schema: .requireCurrent)
            #expect(try current.schemaVersion == SQLiteStore.latestSchemaVersion)
        }
    }

    @Test("a newer database is refused whatever the policy", arguments: [SQLiteStore.SchemaPolicy.requireCurrent, .forMigration])
    func newerRefusedUnderEitherPolicy(_ policy: SQLiteStore.SchemaPolicy) throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            _ = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests())
            try Connection(path: path).run(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 0)",
                [SQLiteStore.latestSchemaVersion + 1])
            let error = registrarError { _ = try SQLiteStore(path: path, sealer: FakeSealer(), digests: FakeDigests(), schema: policy) }
            #expect(error?.code == "store.newer_schema")
        }
    }

    @Test("a database whose recorded steps differ from the code's is refused")
    func mismatchRefused() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            _ = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests())
            let connection = try Connection(path: path)
            try connection.run("UPDATE schema_migrations SET name = 'something else' WHERE version = 1")
            let error = registrarError { _ = try SQLiteStore.migrated(path: path, sealer: FakeSealer(), digests: FakeDigests()) }
            #expect(error?.code == "store.schema_mismatch")
        }
    }

    @Test("migrations apply in order, each once, and record their names")
    func migratorAppliesInOrder() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try Connection(path: directory + "/m.sqlite")
            let one = Migrator([Migration(version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)")])
            #expect(try one.migrate(connection) == 1)
            let two = Migrator(one.migrations + [Migration(version: 2, name: "two", sql: "INSERT INTO a VALUES (1)")])
            #expect(try two.migrate(connection) == 2)
            #expect(try two.migrate(connection) == 2)
            #expect(try connection.first("SELECT count(*) FROM a") { $0.int(0) } == 1)
            #expect(try Migrator.recorded(connection).map(\.name) == ["one", "two"])
        }
    }

    @Test("migration 6 masks the codes of messages already sent, and gives unsent code messages their code's expiry")
    func messageLeases() throws {
        try withTemporaryDirectory { directory throws in
            let path = directory + "/db.sqlite"
            let connection = try Connection(path: path)
            #expect(try Migrator(Array(Schema.migrations.prefix(5))).migrate(connection) == 5)
            let created: Int64 = 1_700_000_000_000_000
            let expires: Int64 = created + 300_000_000
            try connection.run(
                "INSERT INTO sms_codes (phone, purpose, code_hash, created_at, expires_at, attempts) VALUES ('13900000002', 'registration', x'00', ?, ?, 0)",
                [created, expires])
            for (id, phone, text, sent) in [
                (1, "13900000001", "【建造师注册】您的验证码为123456，10分钟内有效，请勿告诉他人。", true),
                (2, "13900000002", "【建造师注册】您的验证码为654321，5分钟内有效，请勿告诉他人。", false),
                (3, "13900000003", "【建造师注册】您的申报已提交，申报编号7。", true),
            ] {
                try connection.run(
                    "INSERT INTO messages (id, phone, text, created_at, sent_at, attempts) VALUES (?, ?, ?, ?, ?, 1)",
                    [id, phone, text, created, sent ? created + 1 : nil])
            }
            #expect(try Schema.migrator.migrate(connection) == SQLiteStore.latestSchemaVersion)
            let rows = try connection.all("SELECT id, text, redacted, expires_at FROM messages ORDER BY id") {
                ($0.int(0), $0.text(1), $0.text(2), $0.isNull(3) ? nil : $0.int64(3))
            }
            #expect(
                rows.map(\.1) == [
                    "【建造师注册】您的验证码为******，10分钟内有效，请勿告诉他人。", "【建造师注册】您的验证码为654321，5分钟内有效，请勿告诉他人。",
                    "【建造师注册】您的申报已提交，申报编号7。",
                ])
            #expect(rows[1].2 == "【建造师注册】您的验证码为******，5分钟内有效，请勿告诉他人。")
            // The code's own expiry where its code is still there, ten minutes otherwise; none for a notice.
            #expect(rows.map(\.3) == [created + 600_000_000, expires, nil])
        }
    }

    @Test("migration 9 keeps every history entry, its index and triggers, and admits the system's two steps")
    func dutyNotices() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try Connection(path: directory + "/db.sqlite")
            #expect(try Migrator(Array(Schema.migrations.prefix(8))).migrate(connection) == 8)
            try connection.run("PRAGMA foreign_keys = OFF")
            for (id, action) in [(1, "submit"), (2, "return")] {
                try connection.run(
                    """
                    INSERT INTO filing_events (id, filing_id, at, round, action, from_stage, to_stage, official_id, official_name, opinion, items)
                    VALUES (?, 7, ?, 1, ?, NULL, 'submitted', NULL, NULL, '意见', '["照片"]')
                    """, [id, 1_700_000_000_000_000 + id, action])
            }
            let before = try connection.all("SELECT * FROM filing_events ORDER BY id") { row in (0..<11).map { row.text(Int32($0)) } }
            #expect(try Schema.migrator.migrate(connection) == SQLiteStore.latestSchemaVersion)
            let after = try connection.all("SELECT * FROM filing_events ORDER BY id") { row in (0..<11).map { row.text(Int32($0)) } }
            #expect(after == before)
            let objects = try connection.all(
                "SELECT type || ' ' || name FROM sqlite_schema WHERE tbl_name = 'filing_events' AND type IN ('index', 'trigger') ORDER BY 1"
            ) { $0.text(0) }
            #expect(
                objects == [
                    "index filing_events_filing", "trigger progress_event_change", "trigger progress_event_delete",
                    "trigger progress_event_insert",
                ])
            for action in ["deem-accept", "lapse"] {
                try connection.run(
                    "INSERT INTO filing_events (filing_id, at, round, action, to_stage, opinion, items) VALUES (7, 0, 1, ?, 'accepted', '', '[]')",
                    [action])
            }
            #expect(throws: (any Error).self) {
                try connection.run(
                    "INSERT INTO filing_events (filing_id, at, round, action, to_stage, opinion, items) VALUES (7, 0, 1, 'bogus', 'accepted', '', '[]')"
                )
            }
            #expect(try connection.first("SELECT count(*) FROM duty_notices") { $0.int(0) } == 0)
        }
    }

    @Test("the evidence step puts in force, for each verified applicant, the newest image of each kind uploaded by the verification")
    func evidenceBackfill() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try Connection(path: directory + "/db.sqlite")
            let step = try #require(Schema.migrations.firstIndex { $0.name == "evidence" })
            #expect(try Migrator(Array(Schema.migrations.prefix(step))).migrate(connection) == step)
            try connection.run("PRAGMA foreign_keys = OFF")
            for (id, verification, verifiedAt) in [(1, "verified", 1_000 as Int64?), (2, "pending-on-site", nil)] {
                try connection.run(
                    """
                    INSERT INTO applicants (id, id_lookup, id_sealed, id_masked, name, phone, password_hash, verification, verified_at,
                        failed_logins, created_at, version)
                    VALUES (?, ?, x'00', '1101**********0011', '张三', '13900000001', 'h', ?, ?, 0, 0, 1)
                    """, [id, [UInt8(id)], verification, verifiedAt])
            }
            // Applicant 1: two photos before the verification, one after; a proof of a filing. Applicant 2: one photo.
            for (id, owner, kind, filing, at) in [
                (1, 1, "photo", nil, 100), (2, 1, "photo", nil, 900), (3, 1, "photo", nil, 2_000), (4, 1, "signature", nil, 500),
                (5, 1, "police-certificate", 9 as Int?, 800), (6, 2, "photo", nil, 100),
            ] as [(Int, Int, String, Int?, Int)] {
                try connection.run(
                    """
                    INSERT INTO attachments (id, owner_id, kind, filing_id, content_type, byte_count, width, height, digest, uploaded_at)
                    VALUES (?, ?, ?, ?, 'image/jpeg', 1, 1, 1, ?, ?)
                    """, [id, owner, kind, filing, "d\(id)", at])
            }
            #expect(try Schema.migrator.migrate(connection) == SQLiteStore.latestSchemaVersion)
            let adopted = try connection.all("SELECT applicant_id, kind, attachment_id FROM account_images ORDER BY 1, 2") {
                "\($0.int(0)) \($0.text(1)) \($0.int(2))"
            }
            #expect(adopted == ["1 photo 2", "1 signature 4"])
            #expect(try connection.first("SELECT count(*) FROM filing_evidence") { $0.int(0) } == 0)
            #expect(throws: (any Error).self) { try connection.run("UPDATE attachments SET digest = 'other' WHERE id = 3") }
            try connection.run("UPDATE attachments SET filing_id = 9 WHERE id = 3")
        }
    }

    @Test("migration 10 keeps every registration and the certificates that refer to them, and allows one per qualification")
    func registrationsPerQualification() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try Connection(path: directory + "/db.sqlite")
            #expect(try Migrator(Array(Schema.migrations.prefix(9))).migrate(connection) == 9)
            try connection.execute(
                """
                INSERT INTO applicants (id, id_lookup, id_sealed, id_masked, name, phone, password_hash, verification, failed_logins,
                    created_at, version)
                VALUES (1, x'01', x'01', '1101**********002X', '张三', '13900000001', 'hash', 'verified', 0, 0, 1);
                INSERT INTO officials (id, username, name, province_code, roles, password_hash, must_change_password, disabled,
                    failed_logins, created_at, version)
                VALUES (1, 'issuer', '工作人员', '11', 'issue', 'hash', 0, 0, 0, 0, 1);
                INSERT INTO filings (id, applicant_id, qualification, kind, payload, stage, province_code, round, submitted_at,
                    submitted_on, issue_required, return_items, is_open, updated_at, version)
                VALUES (7, 1, 'temporary', 'initial', '{}', 'issued', '11', 1, 0, '2026-03-02', 1, '[]', 0, 0, 1);
                INSERT INTO registrations (id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code,
                    specialties, status, cancellation_reason_code, registered_on, version)
                VALUES (5, 1, 'temporary', '111252600001', '11', 0, '91110000000000001X', '[]', 'active', NULL, '2026-03-02', 1);
                INSERT INTO certificate_versions (registration_id, version, filing_id, registration_number, seal_check_code, holder_name,
                    sex, birth_date, employer_name, employer_code, province_code, specialties, issued_on, issued_at, issued_by)
                VALUES (5, 1, 7, '京111252600001', '00', '张三', 'male', '1949-12-31', '甲公司', '91110000000000001X', '11', '[]',
                    '2026-03-02', 0, 1);
                INSERT INTO certificate_documents (serial, registration_id, version, generated_at, valid_until, digest, generated_by_kind,
                    generated_by_id)
                VALUES ('00112233445566AA', 5, 1, 0, '2026-08-28', '\(String(repeating: "0", count: 64))', 'applicant', 1);
                """)
            let before = try connection.all("SELECT * FROM registrations") { row in (0..<12).map { row.text(Int32($0)) } }
            #expect(try Schema.migrator.migrate(connection) == SQLiteStore.latestSchemaVersion)
            #expect(try connection.all("SELECT * FROM registrations") { row in (0..<12).map { row.text(Int32($0)) } } == before)
            #expect(try connection.all("PRAGMA foreign_key_check") { $0.text(0) }.isEmpty)
            #expect(try connection.first("SELECT count(*) FROM certificate_documents WHERE registration_id = 5") { $0.int(0) } == 1)
            // The same person's regular registration, and a superseded temporary one, are now admitted.
            try connection.execute(
                """
                UPDATE registrations SET status = 'superseded' WHERE id = 5;
                INSERT INTO registrations (applicant_id, qualification, digits, province_code, seal_check_code, employer_code,
                    specialties, status, cancellation_reason_code, registered_on, version)
                VALUES (1, 'regular', '111262600002', '11', 0, '91110000000000001X', '[]', 'active', NULL, '2026-03-02', 1);
                """)
            #expect(throws: (any Error).self) {
                try connection.execute(
                    """
                    INSERT INTO registrations (applicant_id, qualification, digits, province_code, seal_check_code, employer_code,
                        specialties, status, cancellation_reason_code, registered_on, version)
                    VALUES (1, 'regular', '111262600003', '11', 0, '91110000000000001X', '[]', 'active', NULL, '2026-03-02', 1);
                    """)
            }
            // The certificates still refer to registrations that exist: a dangling one is refused.
            #expect(throws: (any Error).self) {
                try connection.execute(
                    """
                    INSERT INTO certificate_versions (registration_id, version, filing_id, registration_number, seal_check_code,
                        holder_name, sex, birth_date, employer_name, employer_code, province_code, specialties, issued_on, issued_at,
                        issued_by)
                    VALUES (99, 1, 7, '京111252600009', '00', '张三', 'male', '1949-12-31', '甲公司', '91110000000000001X', '11', '[]',
                        '2026-03-02', 0, 1);
                    """)
            }
        }
    }

    @Test("migration 12 rebuilds registrations with every row, under foreign keys, and admits the status revoked")
    func exOfficioActs() throws {
        try withTemporaryDirectory { directory throws in
            let connection = try Connection(path: directory + "/db.sqlite")
            #expect(try Migrator(Array(Schema.migrations.prefix(11))).migrate(connection) == 11)
            try connection.run("PRAGMA foreign_keys = OFF")
            for (id, status) in [(1, "active"), (2, "cancelled")] {
                // The registration's parent exists, as it always does under foreign keys.
                try connection.run(
                    """
                    INSERT INTO applicants (id, id_lookup, id_sealed, id_masked, name, phone, password_hash, verification, failed_logins,
                        created_at, version)
                    VALUES (?, ?, X'00', '1101**********1014', '张三', '13900000000', 'h', 'verified', 0, 0, 1)
                    """, [id, [UInt8(id)]])
                try connection.run(
                    """
                    INSERT INTO registrations (id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code,
                        specialties, status, cancellation_reason_code, registered_on, version)
                    VALUES (?, ?, 'regular', ?, '11', 0, '91110000000000000X', '[]', ?, NULL, '2026-03-02', 1)
                    """, [id, id, "11126260000\(id)", status])
                try connection.run(
                    """
                    INSERT INTO certificate_versions (registration_id, version, filing_id, registration_number, seal_check_code, holder_name,
                        sex, birth_date, employer_name, employer_code, province_code, specialties, issued_on, issued_at, issued_by)
                    VALUES (?, 1, 1, 'n', '00', '张三', 'male', '1980-01-01', 'e', 'c', '11', '[]', '2026-03-02', 0, 1)
                    """, [id])
            }
            try connection.run("PRAGMA foreign_keys = ON")
            let before = try connection.all("SELECT * FROM registrations ORDER BY id") { row in (0..<12).map { row.text(Int32($0)) } }
            #expect(try Schema.migrator.migrate(connection) == SQLiteStore.latestSchemaVersion)
            let after = try connection.all("SELECT * FROM registrations ORDER BY id") { row in (0..<12).map { row.text(Int32($0)) } }
            #expect(after == before)
            try connection.run("UPDATE registrations SET status = 'revoked' WHERE id = 1")
            #expect(throws: (any Error).self) { try connection.run("UPDATE registrations SET status = 'bogus' WHERE id = 1") }
            // The certificate versions still refer to their registration.
            #expect(throws: (any Error).self) { try connection.run("DELETE FROM registrations WHERE id = 2") }
            #expect(try connection.first("SELECT count(*) FROM ex_officio_proposals") { $0.int(0) } == 0)
        }
    }
}
