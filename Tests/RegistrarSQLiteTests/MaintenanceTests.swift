import Foundation
import RegistrarCore
import RegistrarTestSupport
import Synchronization
import Testing

@testable import RegistrarSQLite

@Suite("Maintenance")
struct MaintenanceTests {
    @Test("an online backup while others write is a consistent, sound copy")
    func backupWhileWriting() throws {
        try withStore { store, path throws in
            let directory = (path as NSString).deletingLastPathComponent
            try store.write { transaction in
                for n in 0..<50 { _ = try transaction.insertApplicant(Fixture.applicant(n)) }
            }
            let stop = Atomic<Bool>(false)
            let writes = Atomic<Int>(0)
            let backups = Mutex<[String]>([])
            onThreads(2) { index in
                if index == 0 {
                    var n = 1000
                    while !stop.load(ordering: .relaxed) {
                        _ = try? store.write { try $0.insertApplicant(Fixture.applicant(n)) }
                        n += 1
                        writes.add(1, ordering: .relaxed)
                    }
                } else {
                    for copy in 0..<3 {
                        let target = directory + "/backup-\(copy).sqlite"
                        if (try? store.backup(to: target)) != nil { backups.withLock { $0.append(target) } }
                    }
                    stop.store(true, ordering: .relaxed)
                }
            }
            let copies = backups.withLock { $0 }
            #expect(copies.count == 3)
            #expect(writes.load(ordering: .relaxed) > 0)
            for copy in copies {
                let restored = try SQLiteStore.migrated(path: copy, sealer: FakeSealer(), digests: FakeDigests())
                #expect(try restored.integrityCheck() == [])
                #expect(try restored.read { try $0.countApplicants() } >= 50)
                #expect(try restored.read { try $0.applicant(idNumber: Fixture.idNumber(7)) }?.name == "张三")
            }
        }
    }

    @Test("integrity check: sound database reports nothing, quick or full")
    func integrity() throws {
        try withStore { store throws in
            _ = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            #expect(try store.integrityCheck() == [])
            #expect(try store.integrityCheck(quick: true) == [])
            try store.optimize()
        }
    }

    @Test("integrity check names foreign key violations")
    func foreignKeys() throws {
        try withStore { store, path throws in
            let connection = try Connection(path: path)
            try connection.execute(
                """
                PRAGMA foreign_keys = OFF;
                INSERT INTO identity_checks (applicant_id, province_code, official_id, at, approved, original_seen, copy_received, note)
                VALUES (99, '11', 98, 0, 1, 1, 1, '');
                """)
            let problems = try store.integrityCheck()
            #expect(problems.count == 2)
            #expect(problems.allSatisfy { $0.contains("identity_checks") })
        }
    }
}
