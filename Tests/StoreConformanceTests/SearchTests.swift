import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

@Suite("Enterprise search")
struct SearchTests {
    static let names = [
        "北京城建集团有限责任公司", "北京建工集团有限责任公司", "中国建筑第八工程局有限公司", "上海建工集团股份有限公司",
        "中建三局集团有限公司", "浙江建_工100%有限公司", "Beijing Urban Construction Co", "江苏南通二建集团有限公司",
    ]

    func seeded(_ store: any Store) throws {
        try store.write { transaction in
            for (index, name) in Self.names.enumerated() {
                let province: ProvinceCode = name.hasPrefix("上海") ? "31" : "11"
                _ = try transaction.upsertEnterprise(
                    Enterprise(creditCode: Fixture.creditCode(index + 1), name: name, provinceCode: province, status: .active))
            }
        }
    }

    func search(_ store: any Store, _ keyword: String, province: ProvinceCode? = nil, limit: Int = 20) throws -> [String] {
        try store.read { try $0.searchEnterprises(keyword: keyword, provinceCode: province, limit: limit) }.map(\.name)
    }

    @Test("three or more characters: any substring, through the trigram index, ordered by name", arguments: StoreKind.allCases)
    func trigram(kind: StoreKind) throws {
        try kind.withStore { store throws in
            try seeded(store)
            #expect(try search(store, "建工集团") == ["上海建工集团股份有限公司", "北京建工集团有限责任公司"].sorted())
            #expect(try search(store, "第八工程") == ["中国建筑第八工程局有限公司"])
            #expect(try search(store, "集团有限", province: "11").count == 4)
            #expect(try search(store, "集团有限", province: "31").isEmpty)
            #expect(try search(store, "urban") == ["Beijing Urban Construction Co"])
            #expect(try search(store, "不存在的公司").isEmpty)
            // Query syntax in a keyword is just text.
            #expect(try search(store, "\"建工\" OR 城建").isEmpty)
            #expect(try search(store, "建工集团", limit: 1).count == 1)
        }
    }

    @Test("one or two characters: a LIKE scan, with wildcards matched literally", arguments: StoreKind.allCases)
    func shortKeywords(kind: StoreKind) throws {
        try kind.withStore { store throws in
            try seeded(store)
            #expect(try search(store, "中建") == ["中建三局集团有限公司"])
            #expect(try search(store, "建").count == 7)
            #expect(try search(store, "南通") == ["江苏南通二建集团有限公司"])
            #expect(try search(store, "_") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "%") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "0%") == ["浙江建_工100%有限公司"])
            #expect(try search(store, "  ").isEmpty)
            #expect(try search(store, "建", province: "31") == ["上海建工集团股份有限公司"])
        }
    }

    @Test("the index follows renames", arguments: StoreKind.allCases)
    func renamed(kind: StoreKind) throws {
        try kind.withStore { store throws in
            try seeded(store)
            var enterprise = try #require(try store.read { try $0.enterprise(code: Fixture.creditCode(1).value) })
            enterprise.name = "北京市政路桥集团"
            _ = try store.write { try $0.upsertEnterprise(enterprise) }
            #expect(try search(store, "城建集团").isEmpty)
            #expect(try search(store, "市政路桥") == ["北京市政路桥集团"])
        }
    }
}
