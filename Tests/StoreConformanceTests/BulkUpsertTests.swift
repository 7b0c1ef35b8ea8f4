import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

/// The batch upserts behind imports (`upsertQualifications`, `upsertEnterprises`): one prepared upsert per
/// row on SQLite, `COPY` into a staging table and one merge on PostgreSQL — the same rows and the same
/// counts either way.
@Suite("Bulk upserts")
struct BulkUpsertTests {
    /// Names no CSV import lets through (the port takes any text), to prove that the COPY path needs no
    /// escaping: a tab, a newline, a backslash, quotes, a character beyond the BMP, COPY's end marker.
    static let awkwardNames = [
        "张\t三", "李\\四", "王\"五\"", "赵'六'", "钱\n七", "孙\r\n八", "𠀀𠀁周", "\\.", "吴\\N", "郑,十", "  冯  ",
    ]

    static func qualification(_ n: Int, name: String = "张三", kind: QualificationKind = .regular, specialty: String = "building")
        -> Qualification
    {
        Qualification(
            idNumber: Fixture.idNumber(n), name: name, kind: kind, specialtyKey: specialty, certificateNumber: "Z\(n)\\\"'",
            issuedOn: Fixture.date("2015-09-20"))
    }

    static func batch(_ range: Range<Int>) -> [Qualification] {
        range.flatMap { n in
            [
                qualification(n, name: awkwardNames[n % awkwardNames.count]),
                qualification(n, name: awkwardNames[n % awkwardNames.count], kind: .temporary, specialty: "municipal"),
            ]
        }
    }

    static func enterprises(_ range: Range<Int>) -> [Enterprise] {
        range.map { n in
            Enterprise(
                creditCode: Fixture.creditCode(n), name: "北京\(awkwardNames[n % awkwardNames.count])建设有限公司", provinceCode: "11",
                status: n % 3 == 0 ? .revoked : .active)
        }
    }

    /// Every qualification and enterprise row, with the bytes in hex, sorted (PostgreSQL inserts a batch's
    /// new rows in key order, SQLite in the batch's order: the ids differ, the rows do not).
    static func rows(_ made: TestStore) throws -> [String] {
        switch made.kind {
        case .sqlite:
            return try made.texts(
                """
                SELECT hex(id_lookup) || '|' || hex(id_sealed) || '|' || hex(name) || '|' || kind || '|' || specialty_key || '|'
                    || hex(certificate_no) || '|' || issued_on FROM qualifications ORDER BY id
                """)
                + made.texts(
                    "SELECT credit_code || '|' || hex(name) || '|' || province_code || '|' || status FROM enterprises ORDER BY id")
        case .postgresql:
            return try made.texts(
                """
                SELECT upper(encode(id_lookup, 'hex')) || '|' || upper(encode(id_sealed, 'hex')) || '|'
                    || upper(encode(convert_to(name, 'UTF8'), 'hex')) || '|' || kind || '|' || specialty_key || '|'
                    || upper(encode(convert_to(certificate_no, 'UTF8'), 'hex')) || '|' || issued_on FROM qualifications ORDER BY id
                """)
                + made.texts(
                    """
                    SELECT credit_code || '|' || upper(encode(convert_to(name, 'UTF8'), 'hex')) || '|' || province_code || '|' || status
                    FROM enterprises ORDER BY id
                    """)
        }
    }

    @Test("the same batches give the same stored rows, byte for byte, and the same counts on SQLite and PostgreSQL")
    func sameRowsOnBothStores() throws {
        var counts: [StoreKind: [Int]] = [:]
        var stored: [StoreKind: [String]] = [:]
        for kind in StoreKind.allCases {
            let made = try kind.make()
            var first = Self.batch(0..<40)
            first.append(Self.qualification(3, name: "新名字"))  // the key of an earlier row in the batch
            var second = Self.batch(20..<60)
            second[1].certificateNumber = "改\t过"
            counts[kind] = [
                try made.store.write { try $0.upsertQualifications(first) },
                try made.store.write { try $0.upsertQualifications(second) },
                try made.store.write { try $0.upsertEnterprises(Self.enterprises(0..<30)) },
                try made.store.write { try $0.upsertEnterprises(Self.enterprises(25..<35) + Self.enterprises(1..<2)) },
            ]
            stored[kind] = try Self.rows(made).sorted()
        }
        #expect(counts[.sqlite] == [81, 41, 30, 5])
        #expect(counts[.postgresql] == counts[.sqlite])
        #expect(stored[.sqlite]?.count == 120 + 35)
        #expect(stored[.postgresql] == stored[.sqlite])
    }

    @Test("names and certificate numbers with tabs, newlines, backslashes and quotes read back as written", arguments: StoreKind.allCases)
    func awkwardText(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let rows = Self.batch(0..<Self.awkwardNames.count)
            #expect(try store.write { try $0.upsertQualifications(rows) } == rows.count)
            for n in 0..<Self.awkwardNames.count {
                let read = try store.read { try $0.qualifications(idNumber: Fixture.idNumber(n)) }
                #expect(read == [rows[2 * n], rows[2 * n + 1]])
                #expect(read.first?.name == Self.awkwardNames[n])
            }
            let enterprises = Self.enterprises(0..<Self.awkwardNames.count)
            #expect(try store.write { try $0.upsertEnterprises(enterprises) } == enterprises.count)
            for enterprise in enterprises {
                #expect(try store.read { try $0.enterprise(code: enterprise.creditCode.value) } == enterprise)
            }
        }
    }

    @Test(
        "a second import of the same rows changes nothing; a third counts exactly the new and the different rows",
        arguments: StoreKind.allCases)
    func repeatedImports(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let rows = Self.batch(0..<100)
            #expect(try store.write { try $0.upsertQualifications(rows) } == 200)
            #expect(try store.write { try $0.upsertQualifications(rows) } == 0)
            var third = rows
            third[0].name = "改名"
            third[7].certificateNumber = "Z-new"
            third[9].issuedOn = Fixture.date("2016-01-02")
            third += Self.batch(100..<103)
            #expect(try store.write { try $0.upsertQualifications(third) } == 3 + 6)
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(0)) }.first == third[0])
            #expect(try store.write { try $0.upsertQualifications(third) } == 0)

            let enterprises = Self.enterprises(0..<50)
            #expect(try store.write { try $0.upsertEnterprises(enterprises) } == 50)
            #expect(try store.write { try $0.upsertEnterprises(enterprises) } == 0)
            var changed = enterprises
            changed[4].status = .bankrupt
            changed[5].name = "北京新名称建设有限公司"
            #expect(try store.write { try $0.upsertEnterprises(changed) } == 2)
        }
    }

    @Test(
        "a key repeated inside one batch: each row applies in order as if upserted alone — the last one wins, and each counts when it differs from the one before",
        arguments: StoreKind.allCases)
    func repeatedKeyInOneBatch(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let a1 = Self.qualification(1, name: "甲一")
            let b = Self.qualification(2, name: "乙")
            let a2 = Self.qualification(1, name: "甲二")
            let a3 = a2
            var a4 = a2
            a4.certificateNumber = "Z-4"
            let c = Self.qualification(3, name: "丙")
            // a1 new, b new, a2 differs, a3 the same as a2, a4 differs, c new.
            #expect(try store.write { try $0.upsertQualifications([a1, b, a2, a3, a4, c]) } == 5)
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(1)) } == [a4])
            // Again: a1 differs from a4, then a2, a3 (same), a4; b and c unchanged.
            #expect(try store.write { try $0.upsertQualifications([a1, b, a2, a3, a4, c]) } == 3)
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(1)) } == [a4])

            let e1 = Self.enterprises(1..<2)[0]
            var e2 = e1
            e2.status = .deregistered
            #expect(try store.write { try $0.upsertEnterprises([e1, e2, e2, e1]) } == 3)
            #expect(try store.read { try $0.enterprise(code: e1.creditCode.value) } == e1)
        }
    }

    @Test("two batches in one transaction count and store as they would one after the other", arguments: StoreKind.allCases)
    func twoBatchesInOneTransaction(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let counts = try store.write { tx in
                [try tx.upsertQualifications(Self.batch(0..<10)), try tx.upsertQualifications(Self.batch(5..<15))]
            }
            #expect(counts == [20, 10])
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(14)) }.count == 2)
        }
    }

    @Test(
        "a row the database refuses in the middle of a batch: the batch's transaction commits nothing, and the store goes on working",
        arguments: StoreKind.allCases)
    func refusedRowCommitsNothing(kind: StoreKind) throws {
        // One connection, so that the write after the failure runs on the connection that failed.
        try kind.withStore(poolSize: 1) { store, made throws in
            #expect(try store.write { try $0.upsertQualifications(Self.batch(0..<10)) } == 20)
            switch kind {
            case .sqlite:
                try made.execute(
                    """
                    CREATE TRIGGER test_refuse BEFORE INSERT ON qualifications WHEN NEW.certificate_no = 'REFUSED'
                    BEGIN SELECT RAISE(ABORT, 'refused'); END;
                    CREATE TRIGGER test_refuse_update BEFORE UPDATE ON qualifications WHEN NEW.certificate_no = 'REFUSED'
                    BEGIN SELECT RAISE(ABORT, 'refused'); END;
                    """)
            case .postgresql:
                try made.execute(
                    """
                    CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.certificate_no = 'REFUSED' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
                    CREATE TRIGGER test_refuse BEFORE INSERT OR UPDATE ON qualifications FOR EACH ROW EXECUTE FUNCTION test_refuse();
                    """)
            }
            let before = try made.fingerprint()
            var batch = Self.batch(0..<30)
            batch[0].name = "改过"  // an update before the refused row
            batch[41].certificateNumber = "REFUSED"
            #expect(throws: (any Error).self) { try store.write { try $0.upsertQualifications(batch) } }
            #expect(try made.fingerprint() == before)
            // A repeated key puts the refused row in the second round: the first round's rows go too.
            let repeated = Self.batch(30..<40) + [batch[41]]
            var refusedLater = repeated
            refusedLater[20] = Self.qualification(31, name: "再来")
            refusedLater[20].certificateNumber = "REFUSED"
            #expect(throws: (any Error).self) { try store.write { try $0.upsertQualifications(refusedLater) } }
            #expect(try made.fingerprint() == before)
            batch[41].certificateNumber = "Z-ok"
            #expect(try store.write { try $0.upsertQualifications(batch) } == 1 + 40)
        }
    }
}
