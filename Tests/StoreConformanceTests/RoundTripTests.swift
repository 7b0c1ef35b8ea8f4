import Foundation
import RegistrarCore
import RegistrarTestSupport
import Testing

/// Given an entity, when it is written and read back, then it is the same value.
@Suite("Round trips")
struct RoundTripTests {
    @Test("applicant with profile, by id and by ID number", arguments: StoreKind.allCases)
    func applicant(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var applicant = Fixture.applicant(7, name: "王小明", verification: .pendingOnSite, province: "11")
            applicant.profile = ApplicantProfile(
                ethnicityCode: "01", email: "wang@example.cn", educationCode: "20", degreeCode: "2", school: "清华大学", major: "土木工程")
            applicant.verifiedAt = Fixture.instant(1_700_000_100_000_001)
            applicant.failedLogins = 3
            applicant.lockedUntil = Fixture.instant(1_700_000_200_000_000)
            let id = try store.write { try $0.insertApplicant(applicant) }
            applicant.id = id
            #expect(try store.read { try $0.applicant(id: id) } == applicant)
            #expect(try store.read { try $0.applicant(idNumber: Fixture.idNumber(7)) } == applicant)
            #expect(try store.read { try $0.applicant(idNumber: Fixture.idNumber(8)) } == nil)
            #expect(try store.read { try $0.applicant(id: id + 1) } == nil)
            #expect(try store.read { try $0.countApplicants() } == 1)

            let summaries = try store.read { try $0.pendingOnSiteVerifications(provinceCode: "11", page: Page()) }
            #expect(
                summaries == [
                    ApplicantSummary(
                        id: id, name: "王小明", maskedIdNumber: Fixture.idNumber(7).masked, verification: .pendingOnSite,
                        verificationProvinceCode: "11", createdAt: applicant.createdAt)
                ])
            #expect(try store.read { try $0.pendingOnSiteVerifications(provinceCode: "31", page: Page()) }.isEmpty)
        }
    }

    @Test("updating an applicant stores the next version, a changed ID number included", arguments: StoreKind.allCases)
    func applicantUpdate(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var applicant = Fixture.applicant(1)
            applicant.id = try store.write { try $0.insertApplicant(applicant) }
            applicant.idNumber = Fixture.idNumber(2)
            applicant.name = "张三丰"
            try store.write { try $0.updateApplicant(applicant) }
            let stored = try store.read { try $0.applicant(idNumber: Fixture.idNumber(2)) }
            #expect(stored?.name == "张三丰")
            #expect(stored?.version == 2)
            #expect(try store.read { try $0.applicant(idNumber: Fixture.idNumber(1)) } == nil)
        }
    }

    @Test("a filing of every payload kind, with its events", arguments: StoreKind.allCases)
    func filings(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let officialId = try store.write { try $0.insertOfficial(Fixture.official("reviewer")) }
            let employment = Employment(enterpriseCode: Fixture.creditCode(3).value, contract: Fixture.contract, specialties: ["building"])
            let payloads: [FilingPayload] = [
                .initial(employment),
                .change(Employment(enterpriseCode: Fixture.creditCode(4).value, contract: Fixture.contract, specialties: [])),
                .additional(contract: Fixture.contract, specialties: ["municipal", "water"]),
                .continuation(contract: Fixture.contract, specialties: ["building"]),
                .cancellation(reasonCode: "04"),
                .reRegistration(employment),
                .replacement(reasonCode: "lost"),
                .personalInfo(newName: "张三丰", newIdNumber: nil),
                .personalInfo(newName: nil, newIdNumber: Fixture.idNumber(9).value),
            ]
            #expect(Set(payloads.map(\.kind)) == Set(FilingKind.allCases))
            var written: [Filing] = []
            for (index, payload) in payloads.enumerated() {
                // Closed filings, so that one applicant may hold them all.
                var filing = Fixture.filing(applicantId: applicantId, payload: payload, stage: .issued, idempotencyKey: "key-\(index)")
                filing.acceptedOn = Fixture.date("2024-03-04")
                filing.acceptedBy = officialId
                filing.reviewedBy = officialId
                filing.issueRequired = true
                filing.noticeVersion = "2024.1"
                filing.commitmentVersion = "2024.2"
                if index % 2 == 0 {
                    filing.educationCommitment = EducationCommitment(version: "2021.1", at: Fixture.instant(1_700_000_100_000_001))
                }
                filing.returnItems = ["照片不清晰", "合同日期有误"]
                filing.round = 2
                filing.id = try store.write { try $0.insertFiling(filing) }
                written.append(filing)
            }
            for filing in written {
                #expect(try store.read { try $0.filing(id: filing.id) } == filing)
            }
            #expect(try store.read { try $0.filings(applicantId: applicantId) } == written)
            #expect(try store.read { try $0.filing(applicantId: applicantId, idempotencyKey: "key-2") } == written[2])
            #expect(try store.read { try $0.filing(applicantId: applicantId, idempotencyKey: "nope") } == nil)

            let events = [
                FilingEvent(filingId: written[0].id, at: Fixture.instant(), round: 1, action: .submit, from: nil, to: .submitted),
                FilingEvent(
                    filingId: written[0].id, at: Fixture.instant(1_700_000_300_000_000), round: 1, action: .return, from: .submitted,
                    to: .returned, officialId: officialId, officialName: "李四", opinion: "请补正", items: ["照片", "合同"]),
            ]
            try store.write { transaction in
                for event in events { try transaction.appendFilingEvent(event) }
            }
            #expect(try store.read { try $0.filingEvents(filingId: written[0].id) } == events)
        }
    }

    @Test("registration with specialties, its serials and certificate versions", arguments: StoreKind.allCases)
    func registration(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let officialId = try store.write { try $0.insertOfficial(Fixture.official("issuer", roles: [.issue])) }
            let filingId = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId, stage: .issued)) }
            var registration = Fixture.registration(applicantId: applicantId, digits: "111102400001")
            registration.cancellationReasonCode = "04"
            registration.sealCheckCode = 2
            registration.id = try store.write { try $0.insertRegistration(registration) }
            #expect(try store.read { try $0.registration(id: registration.id) } == registration)
            #expect(try store.read { try $0.registration(applicantId: applicantId) } == registration)
            #expect(try store.read { try $0.registration(digits: "111102400001") } == registration)
            #expect(try store.read { try $0.registration(digits: "111102400002") } == nil)

            registration.status = .cancelled
            try store.write { try $0.updateRegistration(registration) }
            #expect(try store.read { try $0.registration(id: registration.id) }?.status == .cancelled)
            #expect(try store.read { try $0.registration(id: registration.id) }?.version == 2)

            var certificate = CertificateVersion(
                registrationId: registration.id, version: 1, filingId: filingId, registrationNumber: "京111102400001",
                sealCheckCode: "00", holderName: "张三", sex: .male, birthDate: Fixture.date("1980-01-01"), employerName: "北京建工集团",
                employerCode: Fixture.creditCode(1).value, provinceCode: "11",
                specialties: [CertificateVersion.Line(key: "building", name: "建筑工程", expiresOn: Fixture.date("2027-02-28"))],
                issuedOn: Fixture.date("2024-03-10"), issuedAt: Fixture.instant(), issuedBy: officialId)
            try store.write { try $0.insertCertificateVersion(certificate) }
            var second = certificate
            second.version = 2
            second.sealCheckCode = "01"
            try store.write { try $0.insertCertificateVersion(second) }
            #expect(try store.read { try $0.certificateVersions(registrationId: registration.id) } == [certificate, second])

            certificate.voidedAt = Fixture.instant(1_700_000_999_000_000)
            try store.write { try $0.updateCertificateVersion(certificate) }
            #expect(try store.read { try $0.certificateVersions(registrationId: registration.id) }.first == certificate)

            // What is printed is frozen.
            var reprinted = certificate
            reprinted.holderName = "李四"
            let error = registrarError { try store.write { try $0.updateCertificateVersion(reprinted) } }
            #expect(error?.code == "certificate.frozen")
            #expect(try store.read { try $0.certificateVersions(registrationId: registration.id) }.first == certificate)
        }
    }

    @Test("official with roles, by id and user name, updated and listed", arguments: StoreKind.allCases)
    func official(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var official = Fixture.official("zhangwei", roles: [.accept, .identityCheck, .issue])
            official.lockedUntil = Fixture.instant(1_700_000_500_000_000)
            official.failedLogins = 2
            official.mustChangePassword = false
            official.id = try store.write { try $0.insertOfficial(official) }
            #expect(try store.read { try $0.official(id: official.id) } == official)
            #expect(try store.read { try $0.official(username: "zhangwei") } == official)
            #expect(try store.read { try $0.official(username: "ZHANGWEI") } == nil)

            official.roles = []
            official.disabled = true
            try store.write { try $0.updateOfficial(official) }
            official.version += 1
            #expect(try store.read { try $0.officials() } == [official])
        }
    }

    @Test("sessions: insert, touch, delete, delete by subject, purge", arguments: StoreKind.allCases)
    func sessions(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let now = Fixture.instant()
            func session(_ byte: UInt8, _ subject: Session.Subject, lastSeen: Date, expires: Date) -> Session {
                Session(
                    tokenHash: [UInt8](repeating: byte, count: 32), subject: subject, createdAt: now, lastSeenAt: lastSeen,
                    expiresAt: expires)
            }
            let a = session(1, .applicant(5), lastSeen: now, expires: now + 3600)
            let b = session(2, .official(5), lastSeen: now, expires: now + 3600)
            let c = session(3, .applicant(5), lastSeen: now - 7200, expires: now + 3600)
            let d = session(4, .applicant(6), lastSeen: now, expires: now - 1)
            try store.write { transaction in
                for s in [a, b, c, d] { try transaction.insertSession(s) }
            }
            #expect(try store.read { try $0.session(tokenHash: a.tokenHash) } == a)
            #expect(try store.read { try $0.session(tokenHash: b.tokenHash) } == b)

            let later = Fixture.instant(1_700_000_060_000_000)
            try store.write { try $0.touchSession(tokenHash: a.tokenHash, at: later) }
            #expect(try store.read { try $0.session(tokenHash: a.tokenHash) }?.lastSeenAt == later)

            #expect(try store.write { try $0.purgeSessions(expiredBefore: now, idleBefore: now - 1800) } == 2)  // c idle, d expired
            try store.write { try $0.deleteSessions(subject: .applicant(5)) }
            #expect(try store.read { try $0.session(tokenHash: a.tokenHash) } == nil)
            #expect(try store.read { try $0.session(tokenHash: b.tokenHash) } == b)
            try store.write { try $0.deleteSession(tokenHash: b.tokenHash) }
            #expect(try store.read { try $0.session(tokenHash: b.tokenHash) } == nil)
        }
    }

    @Test("SMS codes: latest per phone and purpose, update, count, purge", arguments: StoreKind.allCases)
    func smsCodes(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let t0 = Fixture.instant()
            var first = SMSCode(phone: "13900000001", purpose: .registration, codeHash: [1, 2, 3], createdAt: t0, expiresAt: t0 + 600)
            var second = SMSCode(
                phone: "13900000001", purpose: .registration, codeHash: [4, 5, 6], createdAt: t0 + 60, expiresAt: t0 + 660)
            var other = SMSCode(phone: "13900000001", purpose: .filing, codeHash: [7], createdAt: t0 + 120, expiresAt: t0 + 720)
            first.id = try store.write { try $0.insertSMSCode(first) }
            second.id = try store.write { try $0.insertSMSCode(second) }
            other.id = try store.write { try $0.insertSMSCode(other) }
            #expect(try store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .registration) } == second)
            #expect(try store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .phoneChange) } == nil)

            second.attempts = 2
            second.consumedAt = t0 + 90
            try store.write { try $0.updateSMSCode(second) }
            #expect(try store.read { try $0.latestSMSCode(phone: "13900000001", purpose: .registration) } == second)

            #expect(try store.read { try $0.countSMSCodes(phone: "13900000001", since: t0 + 60) } == 2)
            #expect(try store.write { try $0.purgeSMSCodes(before: t0 + 60) } == 1)
            #expect(try store.read { try $0.countSMSCodes(phone: "13900000001", since: t0) } == 2)
            _ = first
        }
    }

    @Test("outbox messages: pending oldest first, sent ones leave the queue with only their redacted text", arguments: StoreKind.allCases)
    func messages(kind: StoreKind) throws {
        try kind.withStore { store throws in
            var messages: [OutgoingMessage] = []
            for n in 0..<3 {
                var message = OutgoingMessage(
                    phone: "1390000000\(n)", text: "您的验证码为12345\(n)", redacted: "您的验证码为******", createdAt: Fixture.instant())
                message.id = try store.write { try $0.insertMessage(message) }
                messages.append(message)
            }
            #expect(try store.read { try $0.pendingMessages(limit: 10) } == messages)
            #expect(try store.read { try $0.pendingMessages(limit: 2) } == Array(messages.prefix(2)))
            #expect(try store.write { try $0.markMessageSent(id: messages[0].id, at: Fixture.instant(1_700_000_001_000_000)) })
            #expect(try !store.write { try $0.markMessageSent(id: messages[0].id, at: Fixture.instant(1_700_000_002_000_000)) })
            #expect(try store.read { try $0.pendingMessages(limit: 10) } == Array(messages.dropFirst()))
            let sent = try #require(try store.read { try $0.outboxMessages(limit: 10) }.last)
            #expect(sent.id == messages[0].id && sent.text == "您的验证码为******" && sent.sentAt == Fixture.instant(1_700_000_001_000_000))
            #expect(sent.state(at: Fixture.instant()) == .sent)
        }
    }

    @Test(
        "outbox claims: one holder at a time, taken back when the lease lapses, retried not before the time given, codes expire unsent",
        arguments: StoreKind.allCases)
    func messageClaims(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let t0 = Fixture.instant()
            func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
            var ids: [Int64] = []
            for n in 0..<3 {
                ids.append(
                    try store.write { try $0.insertMessage(OutgoingMessage(phone: "1390000000\(n)", text: "通知\(n)", createdAt: t0)) })
            }
            let code = try store.write {
                try $0.insertMessage(
                    OutgoingMessage(phone: "13900000009", text: "验证码为654321", redacted: "验证码为******", createdAt: t0, expiresAt: at(600)))
            }
            func claim(_ owner: String, _ now: Double, limit: Int = 10) throws -> [OutgoingMessage] {
                try store.write { try $0.claimMessages(owner: owner, now: at(now), leaseUntil: at(now + 120), limit: limit) }
            }
            let first = try claim("a", 0, limit: 2)
            #expect(first.map(\.id) == Array(ids.prefix(2)))
            #expect(first.allSatisfy { $0.claimedBy == "a" && $0.attempts == 1 && $0.leaseUntil == at(120) })
            #expect(try claim("b", 1).map(\.id) == [ids[2], code])
            #expect(try claim("c", 2).isEmpty)
            // A holder gives one back to be retried later; only the holder can.
            #expect(try !store.write { try $0.releaseMessage(id: ids[0], owner: "b", retryAt: nil) })
            #expect(try store.write { try $0.releaseMessage(id: ids[0], owner: "a", retryAt: at(60)) })
            #expect(try claim("c", 30).isEmpty)
            #expect(try claim("c", 60).map(\.id) == [ids[0]])
            // "a" stopped without recording ids[1]: once its lease lapses, another sender takes it, same id.
            #expect(try claim("d", 119).isEmpty)
            let retaken = try claim("d", 121)
            #expect(retaken.map(\.id) == [ids[1], ids[2], code])
            #expect(retaken.first?.attempts == 2)
            // A code past its expiry is never claimed again: expired, its text redacted.
            #expect(try store.write { try $0.expireMessages(now: at(200)) } == 0)
            #expect(try store.write { try $0.expireMessages(now: at(700)) } == 1)
            #expect(try claim("e", 700).map(\.id) == [ids[0], ids[1], ids[2]])
            let expired = try #require(try store.read { try $0.outboxMessages(limit: 10) }.first { $0.id == code })
            #expect(expired.text == "验证码为******" && expired.expiredAt == at(700) && expired.state(at: at(700)) == .expired)
            #expect(try store.read { try $0.pendingMessages(limit: 10) }.map(\.id) == ids)
        }
    }

    @Test("attachments and blobs: stored once per digest, assigned to a filing, newest first", arguments: StoreKind.allCases)
    func attachments(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let digests = FakeDigests()
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let filingId = try store.write { try $0.insertFiling(Fixture.filing(applicantId: applicantId)) }
            let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02]
            let digest = digests.contentDigest(bytes)
            try store.write { transaction in
                try transaction.storeBlob(digest: digest, bytes: bytes)
                try transaction.storeBlob(digest: digest, bytes: bytes)
            }
            #expect(try store.read { try $0.blob(digest: digest) } == bytes)
            #expect(try store.read { try $0.blob(digest: "missing") } == nil)

            func meta(_ kind: AttachmentKind) -> AttachmentMeta {
                AttachmentMeta(
                    ownerId: applicantId, kind: kind, contentType: "image/jpeg", byteCount: bytes.count, width: 295, height: 413,
                    digest: digest, uploadedAt: Fixture.instant())
            }
            var photo = meta(.photo)
            var proof = meta(.policeCertificate)
            photo.id = try store.write { try $0.insertAttachment(photo) }
            proof.id = try store.write { try $0.insertAttachment(proof) }
            #expect(try store.read { try $0.attachment(id: photo.id) } == photo)
            #expect(try store.read { try $0.attachments(ownerId: applicantId, filingId: nil) } == [proof, photo])

            try store.write { try $0.assignAttachments(ids: [proof.id], toFiling: filingId) }
            proof.filingId = filingId
            #expect(try store.read { try $0.attachments(ownerId: applicantId, filingId: nil) } == [photo])
            #expect(try store.read { try $0.attachments(ownerId: applicantId, filingId: filingId) } == [proof])

            // Already assigned, or someone else's: refused, nothing moved.
            let error = registrarError { try store.write { try $0.assignAttachments(ids: [photo.id, proof.id], toFiling: filingId) } }
            #expect(error?.code == "attachment.not_found")
            #expect(try store.read { try $0.attachments(ownerId: applicantId, filingId: nil) } == [photo])
        }
    }

    @Test("identity checks, oldest first", arguments: StoreKind.allCases)
    func identityChecks(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let applicantId = try store.write { try $0.insertApplicant(Fixture.applicant(1)) }
            let officialId = try store.write { try $0.insertOfficial(Fixture.official("checker", roles: [.identityCheck])) }
            var refused = IdentityCheck(
                applicantId: applicantId, provinceCode: "11", officialId: officialId, at: Fixture.instant(), approved: false,
                originalSeen: true, copyReceived: false, note: "证件照片与本人不符")
            var approved = refused
            approved.approved = true
            approved.copyReceived = true
            approved.note = ""
            refused.id = try store.write { try $0.insertIdentityCheck(refused) }
            approved.id = try store.write { try $0.insertIdentityCheck(approved) }
            #expect(try store.read { try $0.identityChecks(applicantId: applicantId) } == [refused, approved])
        }
    }

    @Test("reference data: qualifications, enterprises and holidays report whether anything changed", arguments: StoreKind.allCases)
    func referenceData(kind: StoreKind) throws {
        try kind.withStore { store throws in
            let q = Qualification(
                idNumber: Fixture.idNumber(1), name: "张三", kind: .regular, specialtyKey: "building", certificateNumber: "0012345",
                issuedOn: Fixture.date("2015-09-20"))
            var q2 = q
            q2.specialtyKey = "municipal"
            #expect(try store.write { try $0.upsertQualification(q) } == true)
            #expect(try store.write { try $0.upsertQualification(q2) } == true)
            #expect(try store.write { try $0.upsertQualification(q) } == false)
            var changed = q
            changed.certificateNumber = "0099999"
            #expect(try store.write { try $0.upsertQualification(changed) } == true)
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(1)) } == [changed, q2])
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(2)) }.isEmpty)

            // A personal-info change moves the rows to the new number, under the new name.
            try store.write {
                try $0.rekeyQualifications(from: Fixture.idNumber(1), to: Fixture.idNumber(3), name: "张三丰")
            }
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(1)) }.isEmpty)
            #expect(try store.read { try $0.qualifications(idNumber: Fixture.idNumber(3)) }.map(\.name) == ["张三丰", "张三丰"])
            _ = try store.write { try $0.upsertQualification(q) }
            let clash = registrarError {
                try store.write {
                    try $0.rekeyQualifications(from: Fixture.idNumber(1), to: Fixture.idNumber(3), name: "张三")
                }
            }
            #expect(clash?.code == "qualification.exists")

            var enterprise = Enterprise(creditCode: Fixture.creditCode(1), name: "北京建工集团有限责任公司", provinceCode: "11", status: .active)
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == true)
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == false)
            enterprise.status = .bankrupt
            #expect(try store.write { try $0.upsertEnterprise(enterprise) } == true)
            #expect(try store.read { try $0.enterprise(code: Fixture.creditCode(1).value) } == enterprise)
            #expect(try store.read { try $0.enterprise(code: Fixture.creditCode(2).value) } == nil)

            let holiday = HolidayEntry(date: Fixture.date("2024-10-01"), kind: .holiday)
            let workday = HolidayEntry(date: Fixture.date("2024-10-12"), kind: .workday)
            #expect(try store.write { try $0.upsertHoliday(holiday) } == true)
            #expect(try store.write { try $0.upsertHoliday(workday) } == true)
            #expect(try store.write { try $0.upsertHoliday(holiday) } == false)
            #expect(try store.read { try $0.holidays(from: Fixture.date("2024-10-01"), to: Fixture.date("2024-10-07")) } == [holiday])
            #expect(
                try store.read { try $0.holidays(from: Fixture.date("2024-01-01"), to: Fixture.date("2024-12-31")) } == [holiday, workday])
        }
    }
}
