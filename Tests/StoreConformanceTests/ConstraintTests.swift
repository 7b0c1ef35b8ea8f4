import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

/// Given an invariant, when a write would break it, then the database refuses and the caller gets
/// the domain's conflict.
@Suite("Constraints")
struct ConstraintTests {
    @Test("a taken ID number is applicant.exists, on insert and on update", arguments: StoreKind.allCases)
    func applicantExists(kind: StoreKind) throws {
        try kind.withStore { store throws in
            _ = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let error = registrarError { _ = try store.write { try $0.insertApplicant(Fixture.applicant(1, name: "别人")) } }
            #expect(error?.code == "applicant.exists")
            #expect(error?.message == "该证件号码已注册")
            #expect(error?.category == .conflict)

            var other = Fixture.applicant(2)
            other.id = try store.write { try $0.insertApplicant(other) }
            other.idNumber = Fixture.idNumber(1)
            #expect(registrarError { try store.write { try $0.updateApplicant(other) } }?.code == "applicant.exists")
        }
    }

    @Test("a second open filing for one qualification is filing.open_exists; a closed one frees the slot", arguments: StoreKind.allCases)
    func oneOpenFiling(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            var open = Fixture.filing(applicantId: applicantId)
            open.id = try store.write { try $0.insertFiling(open) }
            let error = registrarError { _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId)) } }
            #expect(error?.code == "filing.open_exists")
            #expect(error?.message == "该申请人已有在办的申报")
            // The other qualification is not blocked.
            _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId, qualification: .temporary)) }

            open.stage = .withdrawn
            try store.write { try $0.updateFiling(open) }
            _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId)) }
        }
    }

    @Test("an approved filing still to be issued stays open", arguments: StoreKind.allCases)
    func approvedAwaitingIssueIsOpen(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            var approved = Fixture.filing(applicantId: applicantId, stage: .approved)
            approved.issueRequired = true
            _ = try store.write { try $0.insertFiling(approved) }
            let error = registrarError { _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId)) } }
            #expect(error?.code == "filing.open_exists")
        }
    }

    @Test("a reused idempotency key is filing.idempotency_reused; other applicants may use the same key", arguments: StoreKind.allCases)
    func idempotencyKey(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let first = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let second = try store.write { try $0.insertApplicant(Fixture.applicant(2)) }
            _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: first, stage: .withdrawn, idempotencyKey: "k1")) }
            let error = registrarError {
                _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: first, idempotencyKey: "k1")) }
            }
            #expect(error?.code == "filing.idempotency_reused")
            _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: second, idempotencyKey: "k1")) }
            // Without a key there is nothing to collide.
            _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: first, stage: .refused)) }
            _ = try store.write { try $0.insertFiling(Fixture.filing(applicantId: first, stage: .refused)) }
        }
    }

    @Test(
        "duplicate registration digits are registration.number_taken; a second registration is registration.exists",
        arguments: StoreKind.allCases)
    func registrationUniques(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let first = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let second = try store.write { try $0.insertApplicant(Fixture.applicant(2)) }
            _ = try store.write { try $0.insertRegistration(Fixture.registration(applicantId: first, digits: "111102400001")) }
            let taken = registrarError {
                _ = try store.write { try $0.insertRegistration(Fixture.registration(applicantId: second, digits: "111102400001")) }
            }
            #expect(taken?.code == "registration.number_taken")
            #expect(taken?.message == "注册编号重复")
            let exists = registrarError {
                _ = try store.write { try $0.insertRegistration(Fixture.registration(applicantId: first, digits: "111102400002")) }
            }
            #expect(exists?.code == "registration.exists")
        }
    }

    @Test(
        "one registration per person and qualification: the other qualification is a second registration, the same one is registration.exists",
        arguments: StoreKind.allCases)
    func registrationPerQualification(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let person = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            var temporary = Fixture.registration(applicantId: person, digits: "111252600001")
            temporary.qualification = .temporary
            temporary.id = try store.write { try $0.insertRegistration(temporary) }
            let regular = try store.write { try $0.insertRegistration(Fixture.registration(applicantId: person, digits: "111262600002")) }
            let both = try store.read { try $0.registrations(applicantId: person) }
            #expect(both.map(\.qualification) == [.temporary, .regular])
            #expect(both.map(\.id) == [temporary.id, regular])
            #expect(try store.read { try $0.registration(applicantId: person, qualification: .temporary) }?.digits == "111252600001")
            #expect(try store.read { try $0.registration(applicantId: person) }?.qualification == .regular)
            let again = registrarError {
                var second = Fixture.registration(applicantId: person, digits: "111262600003")
                second.qualification = .temporary
                _ = try store.write { try $0.insertRegistration(second) }
            }
            #expect(again?.code == "registration.exists")
            temporary.status = .superseded
            try store.write { try $0.updateRegistration(temporary) }
            #expect(try store.read { try $0.registration(applicantId: person, qualification: .temporary) }?.status == .superseded)
        }
    }

    @Test("a taken user name is official.exists", arguments: StoreKind.allCases)
    func officialExists(kind: StoreKind) throws {
        try kind.withStore { store throws in
            _ = try store.write { try $0.insertOfficial(Fixture.official("wang")) }
            let error = registrarError { _ = try store.write { try $0.insertOfficial(Fixture.official("wang", province: "31")) } }
            #expect(error?.code == "official.exists")
            #expect(error?.field == "username")
        }
    }

    @Test("a second certificate with the same version is certificate.exists", arguments: StoreKind.allCases)
    func certificateExists(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let officialId = try store.write { try $0.insertOfficial(Fixture.official("issuer")) }
            let filingId = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId, stage: .issued)) }
            let registrationId = try store.write {
                try $0.insertRegistration(Fixture.registration(applicantId: applicantId, digits: "111102400001"))
            }
            let certificate = CertificateVersion(
                registrationId: registrationId, version: 1, filingId: filingId, registrationNumber: "京111102400001",
                sealCheckCode: "00", holderName: "张三", sex: .male, birthDate: Fixture.date("1980-01-01"), employerName: "某公司",
                employerCode: Fixture.creditCode(1).value, provinceCode: "11", specialties: [], issuedOn: Fixture.date("2024-03-10"),
                issuedAt: Fixture.instant(), issuedBy: officialId)
            try store.write { try $0.insertCertificateVersion(certificate) }
            #expect(registrarError { try store.write { try $0.insertCertificateVersion(certificate) } }?.code == "certificate.exists")
        }
    }

    @Test("an update from a stale version is refused with the entity's stale conflict", arguments: StoreKind.allCases)
    func optimisticVersions(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var applicant = Fixture.applicant(1)
            applicant.id = try store.write { try $0.insertApplicant(applicant) }
            var filing = Fixture.filing(applicantId: applicant.id)
            filing.id = try store.write { try $0.insertFiling(filing) }
            var official = Fixture.official("wang")
            official.id = try store.write { try $0.insertOfficial(official) }
            var registration = Fixture.registration(applicantId: applicant.id, digits: "111102400001")
            registration.id = try store.write { try $0.insertRegistration(registration) }

            // Two officials read version 1; the first one's change wins.
            var accepted = filing
            accepted.stage = .accepted
            var returned = filing
            returned.stage = .returned
            try store.write { try $0.updateFiling(accepted) }
            #expect(registrarError { try store.write { try $0.updateFiling(returned) } } == .staleFiling)
            #expect(try store.read { try $0.filing(id: filing.id) }?.stage == .accepted)
            #expect(try store.read { try $0.filing(id: filing.id) }?.version == 2)
            // From the version it now holds, the next change goes through.
            returned.version = 2
            try store.write { try $0.updateFiling(returned) }

            applicant.name = "甲"
            try store.write { try $0.updateApplicant(applicant) }
            let staleApplicant = registrarError { try store.write { try $0.updateApplicant(applicant) } }
            #expect(staleApplicant?.code == "applicant.stale")
            #expect(staleApplicant?.message == "数据已被他人修改，请刷新后重试")

            official.name = "乙"
            try store.write { try $0.updateOfficial(official) }
            #expect(registrarError { try store.write { try $0.updateOfficial(official) } }?.code == "official.stale")

            registration.sealCheckCode = 1
            try store.write { try $0.updateRegistration(registration) }
            #expect(registrarError { try store.write { try $0.updateRegistration(registration) } }?.code == "registration.stale")

            // A row that is not there is not found, not stale.
            filing.id = 999
            #expect(registrarError { try store.write { try $0.updateFiling(filing) } } == .filingNotFound)
        }
    }

    @Test("a transaction that throws midway leaves nothing behind", arguments: StoreKind.allCases)
    func rollback(kind: StoreKind) throws {
        struct Midway: Error {}
        try kind.withStore { store throws in
            #expect(throws: Midway.self) {
                try store.write { transaction in
                    let id = try transaction.insertApplicant(Fixture.applicant(1))
                    _ = try transaction.insertFiling(Fixture.filing(applicantId: id))
                    _ = try transaction.nextRegistrationSerial(provinceCode: "11", year: 2024)
                    for event in AuditTests.chain(count: 1) { try transaction.insertAuditEvent(event) }
                    throw Midway()
                }
            }
            #expect(try store.read { try $0.countApplicants() } == 0)
            #expect(try store.read { try $0.auditHead() } == nil)
            #expect(try store.write { try $0.nextRegistrationSerial(provinceCode: "11", year: 2024) } == 1)

            // A conflict midway rolls back what came before it too.
            _ = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let error = registrarError {
                try store.write { transaction in
                    _ = try transaction.insertApplicant(Fixture.applicant(2))
                    _ = try transaction.insertApplicant(Fixture.applicant(1))
                }
            }
            #expect(error?.code == "applicant.exists")
            #expect(try store.read { try $0.countApplicants() } == 1)
        }
    }

    @Test("a read transaction cannot write", arguments: StoreKind.allCases)
    func readsAreReadOnly(kind: StoreKind) throws {
        try kind.withStore { store throws in
            #expect(throws: (any Error).self) { try store.read { _ = try $0.insertApplicant(Fixture.applicant(1)) } }
            #expect(try store.read { try $0.countApplicants() } == 0)
        }
    }
}
