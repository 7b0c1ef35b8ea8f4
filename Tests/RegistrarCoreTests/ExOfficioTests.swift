import Foundation
import RegistrarTestSupport
import Testing

@testable import RegistrarCore

/// docs/domain-rules.md "Acts of the authority's own motion": 依职权注销, 撤销 and the correction of an
/// obviously wrong record, proposed by one official with the review role and decided by another with
/// the approval role; the registration, the certificate and public verification follow at once.
@Suite("Ex officio acts")
struct ExOfficioTests {
    /// A registered holder and two officials of Beijing: a proposer (审查) and a decider (审批).
    struct Setup {
        let h: Harness
        let holder: Applicant
        let registration: Registration
        let proposer: Official
        let decider: Official
    }

    func setup() throws -> Setup {
        let h = try Harness()
        let (a, r) = try h.registered(1)
        return Setup(
            h: h, holder: a, registration: r, proposer: try h.official("proposer", roles: [.review]),
            decider: try h.official("decider", roles: [.approve]))
    }

    @Test("every ground has its article and belongs to one kind; cancellation grounds record a code of the reasons list")
    func grounds() throws {
        let reasons = Set(Harness.sharedReference.cancellationReasons.map(\.code))
        for ground in ExOfficioGround.allCases {
            #expect(!ground.article.isEmpty && !ground.chinese.isEmpty)
            #expect(ExOfficioGround.grounds(of: ground.kind).contains(ground))
            if ground.kind == .correct {
                #expect(ground.cancellationReasonCode == nil)
            } else {
                #expect(reasons.contains(try #require(ground.cancellationReasonCode)))
            }
        }
        #expect(ExOfficioGround.deathOrIncapacity.article.contains("第十六条第（七）项"))
        #expect(ExOfficioGround.deception.article.contains("行政许可法》第六十九条第二款"))
        #expect(ExOfficioGround.grounds(of: .revoke) == [.deception, .unlawfulGrant])
    }

    @Test("注销 ex officio: approved by another official, the registration is cancelled with the reason, the holder told by SMS")
    func cancel() throws {
        let s = try setup()
        let p = try s.h.registrar.exOfficio.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .deathOrIncapacity, reason: "持证人已于2026年2月死亡，有死亡证明")
        #expect(p.state == .proposed && p.kind == .cancel)
        // Nothing changes before the decision.
        #expect(try s.h.registration(of: s.holder)?.status == .active)
        let decided = try s.h.registrar.exOfficio.approve(official: s.decider, proposalId: p.id, expectedVersion: p.version, opinion: "同意")
        #expect(decided.state == .approved && decided.decidedBy == s.decider.id)
        let after = try #require(try s.h.registration(of: s.holder))
        #expect(after.status == .cancelled)
        #expect(after.cancellationReasonCode == "07")
        #expect(try s.h.registrar.accounts.myRegistration(applicantId: s.holder.id)?.1 == .cancelled)
        let texts = try s.h.messages(to: s.holder.phone.value)
        #expect(texts.last?.contains("依职权注销") == true)
        #expect(texts.last?.contains("第十六条第（七）项") == true)
        let versions = try s.h.registrar.store.read { try $0.certificateVersions(registrationId: after.id) }
        #expect(versions.allSatisfy { $0.voidedAt != nil })
    }

    @Test("撤销: the registration gets the status revoked, its own standing 已撤销, and every certificate version is void")
    func revoke() throws {
        let s = try setup()
        let p = try s.h.registrar.exOfficio.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .deception, reason: "学历证明系伪造")
        _ = try s.h.registrar.exOfficio.approve(official: s.decider, proposalId: p.id, expectedVersion: p.version)
        let after = try #require(try s.h.registration(of: s.holder))
        #expect(after.status == .revoked)
        #expect(after.cancellationReasonCode == "08")
        let standing = try #require(try s.h.registrar.accounts.myRegistration(applicantId: s.holder.id)?.1)
        #expect(standing == .revoked)
        #expect(standing.chinese == "已撤销")
        #expect(try s.h.messages(to: s.holder.phone.value).last?.contains("撤销") == true)
        let versions = try s.h.registrar.store.read { try $0.certificateVersions(registrationId: after.id) }
        #expect(versions.allSatisfy { $0.voidedAt != nil })
    }

    @Test("the proposer may not decide, even with both roles: 提议须由他人审批, audited as a separation-of-duties refusal")
    func separationOfDuties() throws {
        let s = try setup()
        let both = try s.h.official("both", roles: [.review, .approve])
        let p = try s.h.registrar.exOfficio.propose(
            official: both, registrationId: s.registration.id, ground: .criminalPenalty, reason: "判决书已生效")
        do {
            _ = try s.h.registrar.exOfficio.approve(official: both, proposalId: p.id, expectedVersion: p.version)
            Issue.record("the proposer approved their own proposal")
        } catch let error as RegistrarError {
            #expect(error.code == "exofficio.own_proposal")
            #expect(error.message.contains("提议须由他人审批"))
        }
        expectCode("exofficio.own_proposal") {
            _ = try s.h.registrar.exOfficio.reject(official: both, proposalId: p.id, expectedVersion: p.version, opinion: "不同意")
        }
        let events = try s.h.registrar.store.read { try $0.auditEvents(after: 0, limit: 10_000) }
        let refusals = events.filter { $0.action == AuditAction.authzSeparationOfDuties.rawValue && $0.objectType == "exofficio" }
        #expect(refusals.map(\.objectId).contains(String(p.id)))
        #expect(try s.h.registration(of: s.holder)?.status == .active)
    }

    @Test("roles: proposing needs 审查, deciding needs 审批; another province's official finds nothing")
    func roles() throws {
        let s = try setup()
        expectCode("official.role_missing") {
            _ = try s.h.registrar.exOfficio.propose(
                official: s.decider, registrationId: s.registration.id, ground: .criminalPenalty, reason: "判决书")
        }
        let p = try s.h.registrar.exOfficio.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .criminalPenalty, reason: "判决书")
        let reviewer2 = try s.h.official("reviewer2", roles: [.review])
        expectCode("official.role_missing") {
            _ = try s.h.registrar.exOfficio.approve(official: reviewer2, proposalId: p.id, expectedVersion: p.version)
        }
        let shanghai = try s.h.official("shanghai", province: "31")
        expectCode("registration.not_found") {
            _ = try s.h.registrar.exOfficio.propose(
                official: shanghai, registrationId: s.registration.id, ground: .criminalPenalty, reason: "判决书")
        }
        expectCode("exofficio.not_found") {
            _ = try s.h.registrar.exOfficio.approve(official: shanghai, proposalId: p.id, expectedVersion: p.version)
        }
        #expect(try s.h.registrar.exOfficio.pendingProposals(official: shanghai).isEmpty)
        #expect(try s.h.registrar.exOfficio.pendingProposals(official: s.decider).map(\.proposal.id) == [p.id])
    }

    @Test("a ground of another kind, an empty reason, a second open proposal and an ended registration are refused")
    func refusals() throws {
        let s = try setup()
        let service = s.h.registrar.exOfficio
        expectCode("reason.required") {
            _ = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .deception, reason: "  ")
        }
        expectCode("exofficio.ground_mismatch") {
            _ = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .obviousError, reason: "录入错误")
        }
        expectCode("exofficio.ground_mismatch") {
            _ = try service.propose(
                official: s.proposer, registrationId: s.registration.id, ground: .deception, reason: "伪造",
                correction: .init(field: .registeredOn, newValue: "2026-03-01"))
        }
        let p = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .deception, reason: "伪造")
        expectCode("exofficio.open_exists") {
            _ = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .criminalPenalty, reason: "判决书")
        }
        _ = try service.approve(official: s.decider, proposalId: p.id, expectedVersion: p.version)
        expectCode("exofficio.decided") {
            _ = try service.reject(official: s.decider, proposalId: p.id, expectedVersion: p.version, opinion: "不同意")
        }
        expectCode("exofficio.registration_ended") {
            _ = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .criminalPenalty, reason: "判决书")
        }
    }

    @Test("a rejection needs an opinion and changes nothing; a new proposal may follow it")
    func reject() throws {
        let s = try setup()
        let service = s.h.registrar.exOfficio
        let p = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .contractEnded, reason: "单位来函")
        expectCode("opinion.required") {
            _ = try service.reject(official: s.decider, proposalId: p.id, expectedVersion: p.version, opinion: "")
        }
        let r = try service.reject(official: s.decider, proposalId: p.id, expectedVersion: p.version, opinion: "证据不足")
        #expect(r.state == .rejected && r.opinion == "证据不足")
        #expect(try s.h.registration(of: s.holder)?.status == .active)
        #expect(try s.h.messages(to: s.holder.phone.value).allSatisfy { !$0.contains("注销") })
        _ = try service.propose(official: s.proposer, registrationId: s.registration.id, ground: .contractEnded, reason: "补充证据")
        #expect(
            try service.history(official: s.decider, registrationId: s.registration.id).map(\.proposal.state) == [.rejected, .proposed])
    }

    @Test("a correction keeps the old and the new value in the history and changes the field at approval")
    func correction() throws {
        let s = try setup()
        let service = s.h.registrar.exOfficio
        let old = try #require(s.registration.specialties.first)
        let right = old.expiresOn.adding(days: 1).description
        expectCode("exofficio.correction_field") {
            _ = try service.propose(
                official: s.proposer, registrationId: s.registration.id, ground: .obviousError, reason: "录入错误",
                correction: .init(field: .specialtyExpiry("municipal"), newValue: right))
        }
        expectCode("exofficio.correction_unchanged") {
            _ = try service.propose(
                official: s.proposer, registrationId: s.registration.id, ground: .obviousError, reason: "录入错误",
                correction: .init(field: .specialtyExpiry(old.key), newValue: old.expiresOn.description))
        }
        let p = try service.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .obviousError, reason: "有效期录入错误",
            correction: .init(field: .specialtyExpiry(old.key), newValue: right))
        #expect(p.correction == Correction(field: .specialtyExpiry(old.key), oldValue: old.expiresOn.description, newValue: right))
        _ = try service.approve(official: s.decider, proposalId: p.id, expectedVersion: p.version)
        let after = try #require(try s.h.registration(of: s.holder))
        #expect(after.specialties.first?.expiresOn.description == right)
        #expect(after.status == .active)
        let history = try service.history(official: s.proposer, registrationId: s.registration.id)
        #expect(history.map(\.proposal.correction?.oldValue) == [old.expiresOn.description])
        #expect(history.map(\.proposal.correction?.newValue) == [right])
        #expect(try s.h.messages(to: s.holder.phone.value).last?.contains("由\(old.expiresOn)更正为\(right)") == true)
    }

    @Test("a correction whose field changed after it was proposed is refused at approval")
    func staleCorrection() throws {
        let s = try setup()
        let service = s.h.registrar.exOfficio
        let p = try service.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .obviousError, reason: "注册日期录入错误",
            correction: .init(field: .registeredOn, newValue: s.registration.registeredOn.adding(days: -1).description))
        try s.h.registrar.store.write { tx in
            var r = try #require(try tx.registration(id: s.registration.id))
            r.registeredOn = r.registeredOn.adding(days: -2)
            try tx.updateRegistration(r)
        }
        expectCode("exofficio.correction_stale") {
            _ = try service.approve(official: s.decider, proposalId: p.id, expectedVersion: p.version)
        }
    }

    @Test("two decisions at once: exactly one takes effect")
    func race() throws {
        let s = try setup()
        let p = try s.h.registrar.exOfficio.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .deception, reason: "伪造")
        let deciders = [s.decider, try s.h.official("decider2", roles: [.approve])]
        let results = Results()
        let registrar = s.h.registrar
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                if i == 0 {
                    _ = try registrar.exOfficio.approve(official: deciders[i], proposalId: p.id, expectedVersion: p.version)
                } else {
                    _ = try registrar.exOfficio.reject(official: deciders[i], proposalId: p.id, expectedVersion: p.version, opinion: "不同意")
                }
                results.add("ok")
            } catch let error as RegistrarError {
                results.add(error.code)
            } catch { results.add("\(error)") }
        }
        let outcome = results.values.sorted()
        #expect(outcome.count == 2 && outcome.filter { $0 == "ok" }.count == 1)
        #expect(outcome.allSatisfy { ["ok", "exofficio.decided", "exofficio.stale"].contains($0) })
        let decided = try #require(try registrar.store.read { try $0.exOfficioProposal(id: p.id) })
        let status = try s.h.registration(of: s.holder)?.status
        #expect(decided.state == .approved ? status == .revoked : status == .active)
        let events = try registrar.store.read { try $0.auditEvents(after: 0, limit: 10_000) }
        let decisions = [AuditAction.exOfficioApproved.rawValue, AuditAction.exOfficioRejected.rawValue]
        #expect(events.filter { decisions.contains($0.action) }.count == 1)
    }

    @Test("public verification answers 已注销, 已撤销 and 注册失效 distinctly; the certificate is no longer generated")
    func verification() throws {
        let h = try Harness()
        let signing = h.signingRegistrar()
        let proposer = try h.official("proposer", roles: [.review])
        let decider = try h.official("decider", roles: [.approve])
        let employer = try h.enterprise("北京远大建设有限公司")
        let (cancelled, rc) = try h.registered(1, employer: employer)
        let (revoked, rr) = try h.registered(2, employer: employer)
        let (lapsed, _) = try h.registered(3, employer: try h.enterprise("北京失效建设有限公司"))
        let documents = try [cancelled, revoked].map { try signing.certificates.downloadCertificate(applicantId: $0.id).document }
        for (registration, ground) in [(rc, ExOfficioGround.deathOrIncapacity), (rr, .deception)] {
            let p = try h.registrar.exOfficio.propose(official: proposer, registrationId: registration.id, ground: ground, reason: "事实")
            _ = try h.registrar.exOfficio.approve(official: decider, proposalId: p.id, expectedVersion: p.version)
        }
        let lapsedRegistration = try #require(try h.registration(of: lapsed))
        let lapsedEmployer = try h.registrar.store.read { try $0.enterprise(code: lapsedRegistration.employerCode.value) }
        try h.setStatus(try #require(lapsedEmployer), .bankrupt)

        func lookup(_ a: Applicant) throws -> CertificateVerification {
            let r = try #require(try h.registration(of: a))
            return try h.registrar.certificates.lookupRegistration(number: r.number(reference: h.reference), name: a.name)
        }
        #expect(try lookup(cancelled).status == .cancelled)
        #expect(try lookup(cancelled).message.contains("已注销"))
        #expect(try lookup(revoked).status == .revoked)
        #expect(try lookup(revoked).status.code == "revoked")
        #expect(try lookup(revoked).message.contains("已撤销"))
        #expect(try lookup(lapsed).status == .lapsed(.bankrupt))
        #expect(try lookup(lapsed).message.contains("注册失效"))
        #expect(try signing.certificates.verifyCertificate(qrText: documents[0].qrText).status == .cancelled)
        #expect(try signing.certificates.verifyCertificate(qrText: documents[1].qrText).status == .revoked)
        expectCode("certificate.registration_cancelled") { _ = try signing.certificates.downloadCertificate(applicantId: cancelled.id) }
        expectCode("certificate.registration_revoked") { _ = try signing.certificates.downloadCertificate(applicantId: revoked.id) }
        expectCode("certificate.employer_lapsed") { _ = try signing.certificates.downloadCertificate(applicantId: lapsed.id) }
    }

    @Test("a revoked holder may re-register; other filings are refused with registration.revoked")
    func afterRevocation() throws {
        let s = try setup()
        let p = try s.h.registrar.exOfficio.propose(
            official: s.proposer, registrationId: s.registration.id, ground: .unlawfulGrant, reason: "不符合法定条件")
        _ = try s.h.registrar.exOfficio.approve(official: s.decider, proposalId: p.id, expectedVersion: p.version)
        expectCode("registration.revoked") { _ = try s.h.file(s.holder, .replacement(reasonCode: "01")) }
        expectCode("cancellation.nothing") { _ = try s.h.file(s.holder, .cancellation(reasonCode: "04")) }
        try s.h.pushThrough(try s.h.file(s.holder, .reRegistration(s.h.employment(try s.h.enterprise("北京新建设有限公司")))))
        #expect(try s.h.registration(of: s.holder)?.status == .active)
    }
}
