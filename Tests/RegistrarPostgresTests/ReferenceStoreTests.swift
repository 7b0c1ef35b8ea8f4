import Foundation
import RegistrarCore
import Testing

@testable import RegistrarPostgres

@Suite("PostgreSQL store: reference data")
struct ReferenceStoreTests {
    @Test("qualifications: upserts report a change, rows come back ordered, sealed at rest, re-keyed with their conflict")
    func qualifications() throws {
        try withMaintStore { store, database throws in
            let q = Qualification(
                idNumber: MaintFixture.idNumber(1), name: "张三", kind: .regular, specialtyKey: "building", certificateNumber: "0012345",
                issuedOn: MaintFixture.date("2015-09-20"))
            var q2 = q
            q2.specialtyKey = "municipal"
            var temporary = q
            temporary.kind = .temporary
            #expect(try store.write { try $0.upsertQualification(q2) } == true)
            #expect(try store.write { try $0.upsertQualification(temporary) } == true)
            #expect(try store.write { try $0.upsertQualification(q) } == true)
            #expect(try store.write { try $0.upsertQualification(q) } == false)
            var changed = q
            changed.certificateNumber = "0099999"
            #expect(try store.write { try $0.upsertQualification(changed) } == true)
            var renamed = changed
            renamed.name = "张叁"
            #expect(try store.write { try $0.upsertQualification(renamed) } == true)
            var reissued = renamed
            reissued.issuedOn = MaintFixture.date("2016-01-02")
            #expect(try store.write { try $0.upsertQualification(reissued) } == true)
            #expect(
                try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(1)) }.map(\.specialtyKey) == [
                    "building", "municipal", "building",
                ])
            #expect(try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(1)) }.first == reissued)
            #expect(try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(2)) }.isEmpty)

            // The ID number is sealed at rest: the clear number is nowhere in the row.
            let stored = try database.connect().all("SELECT id_sealed FROM qualifications") { $0.bytes(0) }
            #expect(stored.count == 3)
            for sealed in stored {
                #expect(sealed.starts(with: FakeSealer.marker))
                #expect(try FakeSealer().open(sealed) == MaintFixture.idNumber(1).value)
            }

            // A personal-info change moves the rows to the new number, under the new name.
            try store.write { try $0.rekeyQualifications(from: MaintFixture.idNumber(1), to: MaintFixture.idNumber(3), name: "张三丰") }
            #expect(try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(1)) }.isEmpty)
            let moved = try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(3)) }
            #expect(moved.map(\.name) == ["张三丰", "张三丰", "张三丰"])
            #expect(moved.allSatisfy { $0.idNumber == MaintFixture.idNumber(3) })
            let resealed = try database.connect().all("SELECT id_sealed FROM qualifications") { $0.bytes(0) }
            #expect(try resealed.map { try FakeSealer().open($0) } == Array(repeating: MaintFixture.idNumber(3).value, count: 3))

            // Moving onto a number that already holds the same (kind, specialty) is qualification.exists,
            // and changes nothing.
            _ = try store.write { try $0.upsertQualification(q) }
            let clash = maintRegistrarError {
                try store.write { try $0.rekeyQualifications(from: MaintFixture.idNumber(1), to: MaintFixture.idNumber(3), name: "张三") }
            }
            #expect(clash?.code == "qualification.exists")
            #expect(clash?.category == .conflict)
            #expect(try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(1)) } == [q])
            #expect(try store.read { try $0.qualifications(idNumber: MaintFixture.idNumber(3)) }.count == 3)
        }
    }

    @Test("enterprises and holidays: upserts report a change, rows round-trip")
    func enterprisesAndHolidays() throws {
        try withMaintStore { store, _ throws in
            var enterprise = Enterprise(
                creditCode: MaintFixture.creditCode(1), name: "北京建工集团有限责任公司", provinceCode: "11", status: .active)
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == true)
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == false)
            enterprise.status = .bankrupt
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == true)
            enterprise.provinceCode = "31"
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == true)
            enterprise.name = "北京建工（集团）有限责任公司"
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == true)
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == false)
            #expect(try store.read { try $0.enterprise(code: MaintFixture.creditCode(1).value) } == enterprise)
            #expect(try store.read { try $0.enterprise(code: MaintFixture.creditCode(2).value) } == nil)

            let holiday = HolidayEntry(date: MaintFixture.date("2024-10-01"), kind: .holiday)
            var workday = HolidayEntry(date: MaintFixture.date("2024-10-12"), kind: .workday)
            #expect(try store.write { try $0.upsertHoliday(holiday) } == true)
            #expect(try store.write { try $0.upsertHoliday(workday) } == true)
            #expect(try store.write { try $0.upsertHoliday(holiday) } == false)
            let october = { try store.read { try $0.holidays(from: MaintFixture.date("2024-10-01"), to: MaintFixture.date("2024-10-31")) } }
            #expect(try october() == [holiday, workday])
            #expect(
                try store.read { try $0.holidays(from: MaintFixture.date("2024-10-01"), to: MaintFixture.date("2024-10-07")) } == [holiday])
            #expect(
                try store.read { try $0.holidays(from: MaintFixture.date("2024-10-12"), to: MaintFixture.date("2024-10-12")) } == [workday])
            workday.kind = .holiday
            #expect(try store.write { try $0.upsertHoliday(workday) } == true)
            #expect(try october() == [holiday, workday])
        }
    }

    static let names = [
        "北京城建集团有限责任公司", "北京建工集团有限责任公司", "中国建筑第八工程局有限公司", "上海建工集团股份有限公司",
        "中建三局集团有限公司", "浙江建_工100%有限公司", "Beijing Urban Construction Co", "江苏南通二建集团有限公司",
    ]

    func seeded(_ store: PostgresStore) throws {
        try store.write { transaction in
            for (index, name) in Self.names.enumerated() {
                let province: ProvinceCode = name.hasPrefix("上海") ? "31" : "11"
                _ = try transaction.upsertEnterprise(
                    Enterprise(creditCode: MaintFixture.creditCode(index + 1), name: name, provinceCode: province, status: .active))
            }
        }
    }

    func search(_ store: PostgresStore, _ keyword: String, province: ProvinceCode? = nil, limit: Int = 20) throws -> [String] {
        try store.read { try $0.searchEnterprises(keyword: keyword, provinceCode: province, limit: limit) }.map(\.name)
    }

    @Test("search, three characters or more: any substring, case-insensitive, ordered by name")
    func longKeywords() throws {
        try withMaintStore { store, _ throws in
            try seeded(store)
            #expect(try search(store, "建工集团") == ["上海建工集团股份有限公司", "北京建工集团有限责任公司"].sorted())
            #expect(try search(store, "第八工程") == ["中国建筑第八工程局有限公司"])
            #expect(try search(store, "三局集") == ["中建三局集团有限公司"])
            #expect(try search(store, "集团有限", province: "11").count == 4)
            #expect(try search(store, "集团有限", province: "31").isEmpty)
            #expect(try search(store, "urban") == ["Beijing Urban Construction Co"])
            #expect(try search(store, "URBAN CON") == ["Beijing Urban Construction Co"])
            #expect(try search(store, "不存在的公司").isEmpty)
            #expect(try search(store, "\"建工\" OR 城建").isEmpty)
            #expect(try search(store, "建_工1") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "建x工").isEmpty)
            #expect(try search(store, "100%有") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "  集团有限  ", limit: 2) == ["中建三局集团有限公司", "北京城建集团有限责任公司"])
            #expect(try search(store, "建工集团", limit: 0).isEmpty)
        }
    }

    @Test("search, one or two characters: a scan with wildcards matched literally")
    func shortKeywords() throws {
        try withMaintStore { store, _ throws in
            try seeded(store)
            #expect(try search(store, "中建") == ["中建三局集团有限公司"])
            #expect(try search(store, "建").count == 7)
            #expect(try search(store, "南通") == ["江苏南通二建集团有限公司"])
            #expect(try search(store, "_") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "%") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "0%") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "\\").isEmpty)
            #expect(try search(store, "co") == ["Beijing Urban Construction Co"])
            #expect(try search(store, "  ").isEmpty)
            #expect(try search(store, "建", province: "31") == ["上海建工集团股份有限公司"])
        }
    }

    @Test("search follows renames")
    func renamed() throws {
        try withMaintStore { store, _ throws in
            try seeded(store)
            var enterprise = try #require(try store.read { try $0.enterprise(code: MaintFixture.creditCode(1).value) })
            enterprise.name = "北京市政路桥集团"
            _ = try store.write { try $0.upsertEnterprise(enterprise) }
            #expect(try search(store, "城建集团").isEmpty)
            #expect(try search(store, "市政路桥") == ["北京市政路桥集团"])
        }
    }

    @Test("on some thousands of enterprises a three-character query is answered from the trigram index, a short one by a scan")
    func trigramIndex() throws {
        try withMaintStore { store, database throws in
            let provinces = ["北京", "上海", "江苏", "浙江", "广东", "四川"]
            let trades = ["建设工程", "市政路桥", "建筑装饰", "机电安装", "水利水电"]
            let names = (1...3000).map { "\(provinces[$0 % provinces.count])第\($0)\(trades[$0 % trades.count])有限公司" }
            try store.write { transaction in
                for (index, name) in names.enumerated() {
                    _ = try transaction.upsertEnterprise(
                        Enterprise(creditCode: MaintFixture.creditCode(index + 1), name: name, provinceCode: "11", status: .active))
                }
            }
            // Statistics and the GIN pending list as autovacuum would leave them.
            try database.connect().execute("VACUUM ANALYZE enterprises")

            func plan(_ keyword: String) throws -> String {
                let statement = try #require(PostgresTransaction.enterpriseSearch(keyword: keyword, provinceCode: nil, limit: 20))
                return try store.withConnection { connection in
                    try connection.all("EXPLAIN " + PostgresTransaction.numbered(statement.sql), statement.arguments.map(\.pgValue)) {
                        $0.text(0)
                    }
                }.joined(separator: "\n")
            }
            for keyword in ["第1234水利", "第123机电安装", "第2999"] {
                let explained = try plan(keyword)
                #expect(explained.contains("enterprises_name_trgm"), "\(keyword): \(explained)")
                let expected = Array(names.filter { $0.contains(keyword) }.sorted().prefix(20))
                #expect(!expected.isEmpty)
                #expect(try search(store, keyword) == expected)
            }
            // One or two characters: no trigram to look up, so the names are scanned.
            for keyword in ["第1", "装饰"] {
                #expect(!(try plan(keyword)).contains("enterprises_name_trgm"))
                #expect(try search(store, keyword, limit: 500) == Array(names.filter { $0.contains(keyword) }.sorted().prefix(500)))
            }
            #expect(try search(store, "第29", limit: 500).count == 111)
        }
    }
}
