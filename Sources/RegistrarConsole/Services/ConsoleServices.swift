import Foundation
import RegistrarCore
import RegistrarDocuments

/// Runs the model's effects: each is one call of a core use case, made as the signed-in official
/// after `authenticate(token:)`, so that idle and absolute session limits, disabled accounts and
/// changed roles take effect at once.
public final class ConsoleServices: Sendable {
    let sessions: SessionService
    let review: ReviewService
    let verification: VerificationService
    let accounts: AccountService
    let certificates: CertificateService
    let administration: AdministrationService
    let maintenance: MaintenanceService
    let exOfficio: ExOfficioService
    public let settings: Settings
    public let reference: ReferenceData
    /// Where the console runs (the terminal device), for the audit log of logins.
    public let terminal: String
    /// Sends printed decisions to CUPS' `lp`, where there is one.
    let printer: Printer

    /// Takes from `registrar` the services the console uses, and nothing else.
    public init(registrar: Registrar, terminal: String, printer: Printer = Printer()) {
        self.printer = printer
        sessions = registrar.sessions
        review = registrar.review
        verification = registrar.verification
        accounts = registrar.accounts
        certificates = registrar.certificates
        administration = registrar.administration
        maintenance = registrar.maintenance
        exOfficio = registrar.exOfficio
        settings = registrar.settings
        reference = registrar.reference
        self.terminal = terminal
    }

    public func run(_ effect: Effect, token: String?) -> EffectResult {
        do {
            switch effect {
            case .login(let username, let password):
                switch try sessions.beginOfficialLogin(username: username, password: password, terminal: terminal) {
                case .signedIn(let result): return loggedIn(result, effect)
                case .secondFactor(let challenge), .enrolment(let challenge): return .secondFactorNeeded(challenge)
                }
            case .completeLogin(let challenge, let code):
                return loggedIn(try sessions.completeOfficialLogin(challenge, code: code, terminal: terminal), effect)
            case .logout(let token):
                try sessions.logout(token: token)
                return .loggedOut
            default:
                break
            }
            guard let token, case .official(let official) = try sessions.authenticate(token: token) else {
                return .sessionExpired
            }
            return try run(effect, as: official)
        } catch let error as RegistrarError {
            if error == RegistrarError.sessionInvalid { return .sessionExpired }
            return .failed(error, effect)
        } catch {
            return .failed(RegistrarError.unavailable(.consoleStoreFailed, "系统暂时无法完成该操作，请稍后重试或联系系统管理员"), effect)
        }
    }

    private func loggedIn(_ result: LoginResult, _ effect: Effect) -> EffectResult {
        guard case .official(let official) = result.principal else { return .failed(RegistrarError.sessionInvalid, effect) }
        return .loggedIn(token: result.token, official: official, mustChangePassword: result.mustChangePassword, notice: result.notice)
    }

    private func run(_ effect: Effect, as official: Official) throws -> EffectResult {
        switch effect {
        case .login, .completeLogin, .logout:
            return .loggedOut
        case .changePassword(let old, let new, let again):
            return .passwordChanged(
                try administration.changeOfficialPassword(official: official, old: old, new: new, repeat: again))
        case .loadHome:
            return .home(try review.consoleHome(official: official), official: official)
        case .loadFilings(let query, let anchor):
            return .filings(try filingPage(query, anchor: anchor, official: official), anchor: anchor, limit: query.page.limit)
        case .loadApplicantFilings(let applicantId):
            return .applicantFilings(try review.applicantFilings(official: official, applicantId: applicantId))
        case .loadFiling(let id):
            return .filing(try review.filingDetail(official: official, filingId: id))
        case .decide(let filingId, let version, let decision):
            return .decided(
                try review.decide(official: official, filingId: filingId, expectedVersion: version, decision), decision.action)
        case .reveal(let applicantId, let purpose):
            return .revealed(
                applicantId: applicantId,
                idNumber: try review.revealIdNumber(official: official, applicantId: applicantId, purpose: purpose))
        case .exportAttachment(let attachmentId, let requested):
            let path = try exportPath(requested, official: official)
            let (_, bytes) = try accounts.attachmentContent(attachmentId, actor: .official(official))
            try write(bytes, to: path)
            return .exported(path: path, bytes: bytes.count)
        case .exportCertificate(let registrationId, let requested):
            let path = try exportPath(requested, official: official)
            // Checked first, so that a path that cannot be written does not cost a recorded document.
            try checkWritable(path)
            let download = try certificates.certificateDocument(official: official, registrationId: registrationId)
            let pdf = try CertificateRenderer.pdf(
                download.document, photo: download.photo, signature: download.signature, maxPixels: settings.maxPixels)
            try write(pdf, to: path)
            return .certificateExported(path: path, bytes: pdf.count, serial: download.document.serial)
        case .printDecision(let filingId, let number, let requested):
            let path = try exportPath(requested, official: official)
            let document = try review.printDecision(official: official, filingId: filingId, number: number, destination: path)
            let pdf = try DecisionRenderer.pdf(document)
            // The same decision is the same bytes: a copy printed before is printed again as it is.
            if FileManager.default.contents(atPath: path).map({ [UInt8]($0) == pdf }) != true { try write(pdf, to: path) }
            return .decisionPrinted(path: path, title: document.kind.title, printed: printer.print(path))
        case .findApplicant(let idNumber, let forIdentityCheck):
            return .applicantFound(
                try review.findApplicant(official: official, idNumber: idNumber), forIdentityCheck: forIdentityCheck)
        case .loadIdentityQueue(let anchor, let limit):
            let rows = try verification.pendingIdentityChecks(official: official, page: Page(after: anchor.key, limit: limit))
            return .identityQueue(rows, anchor: anchor, limit: Page(limit: limit).limit)
        case .loadIdentitySubject(let applicantId):
            let (applicant, attachments) = try verification.identityCheckSubject(official: official, applicantId: applicantId)
            return .identitySubject(applicant, attachments)
        case .loadPictures(let ownerId, let attachments):
            // Read as an export is (the same use case, scope and audit), then decoded here.
            var pictures: [AccountPicture] = []
            for (kind, meta) in PicturePanel.latest(attachments.filter { $0.ownerId == ownerId }) {
                guard let meta else {
                    pictures.append(AccountPicture(kind: kind, attachmentId: nil, content: .missing))
                    continue
                }
                let (_, bytes) = try accounts.attachmentContent(meta.id, actor: .official(official))
                pictures.append(
                    PicturePanel.picture(kind: kind, attachmentId: meta.id, bytes: bytes, maxPixels: settings.maxPixels))
            }
            return .pictures(ownerId: ownerId, pictures)
        case .recordIdentityCheck(let applicantId, let approved, let originalSeen, let copyReceived, let note):
            return .identityRecorded(
                try verification.recordIdentityCheck(
                    official: official, applicantId: applicantId, approved: approved, originalSeen: originalSeen,
                    copyReceived: copyReceived, note: note))
        case .searchCertificates(let text):
            return .certificates(try review.findCertificates(official: official, text: text))
        case .loadAudit(let filter, let anchor, let limit):
            let entries = try review.auditLog(official: official, filter: filter, anchor: anchor.audit, limit: limit)
            return .audit(entries, filter: filter, anchor: anchor, limit: Page(limit: limit).limit)
        case .verifyAuditChain:
            return .auditVerified(try administration.verifyAuditChain(official: official))
        case .loadOfficials:
            return .officials(try administration.provinceOfficials(securityAdministrator: official))
        case .manageOfficial(let username, let change):
            return .officialManaged(
                try administration.manageOfficial(securityAdministrator: official, username: username, change), change)
        case .loadStatistics:
            return .statistics(try maintenance.filingStatistics(official: official))
        case .loadExOfficioQueue:
            return .exOfficioQueue(try exOfficio.pendingProposals(official: official))
        case .loadExOfficioHistory(let registrationId):
            return .exOfficioHistory(
                registrationId: registrationId, try exOfficio.history(official: official, registrationId: registrationId))
        case .proposeExOfficio(let registrationId, let ground, let reason, let correction):
            return .exOfficioProposed(
                try exOfficio.propose(
                    official: official, registrationId: registrationId, ground: ground, reason: reason, correction: correction))
        case .decideExOfficio(let proposalId, let version, let approve, let opinion):
            return .exOfficioDecided(
                approve
                    ? try exOfficio.approve(official: official, proposalId: proposalId, expectedVersion: version, opinion: opinion)
                    : try exOfficio.reject(official: official, proposalId: proposalId, expectedVersion: version, opinion: opinion))
        }
    }

    /// One page of a filing list from an anchor: paging back (and to the last page) reads the
    /// reverse order from the key and turns the rows around, so every page costs one index seek.
    public func filingPage(_ query: FilingQuery, anchor: PageAnchor, official: Official) throws -> [QueuedFiling] {
        var query = query
        var reversed = false
        switch anchor {
        case .first: query.page.after = nil
        case .after(let key): query.page.after = key
        case .before(let key):
            query.oldestFirst.toggle()
            query.page.after = key
            reversed = true
        case .last:
            query.oldestFirst.toggle()
            query.page.after = nil
            reversed = true
        }
        let rows = try review.filingQueue(official: official, query: query)
        return reversed ? rows.reversed() : rows
    }

    /// Where an export is written: as asked when exports are not confined; else inside the
    /// official's own directory under `[console] export_directory`, created 0700 on first use.
    private func exportPath(_ requested: String, official: Official) throws -> String {
        let confinement = settings.exportDirectory
        let path = try confinement.resolve(requested, username: official.username)
        guard let own = confinement.directory(for: official.username) else { return path }
        // The base too, the first time: the service user owns the state directory it is in.
        for directory in [confinement.base, own] {
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw RegistrarError.invalid(
                    .consoleExportNotWritable, "无法创建导出目录：\(directory)（\(String(cString: strerror(errno)))）", field: "path")
            }
        }
        // The mode whatever the umask, and never through a link planted at the name.
        var status = stat()
        guard lstat(own, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid() else {
            throw RegistrarError.invalid(.consoleExportNotWritable, "导出目录不是本系统创建的目录：\(own)", field: "path")
        }
        if status.st_mode & 0o777 != 0o700 { chmod(own, 0o700) }
        return path
    }

    /// Refuses a path that exists already or whose directory is missing or not writable.
    private func checkWritable(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) { throw Self.exists(path) }
        let directory = (path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RegistrarError.invalid(.consoleExportNoDirectory, "目录不存在：\(parent)", field: "path")
        }
        guard FileManager.default.isWritableFile(atPath: parent) else {
            throw RegistrarError.invalid(.consoleExportNotWritable, "没有写入该目录的权限：\(parent)", field: "path")
        }
    }

    private static func exists(_ path: String) -> RegistrarError {
        RegistrarError.conflict(.consoleExportExists, "文件已存在：\(path)", field: "path")
    }

    /// Writes an exported file (an attachment, a certificate) readable by its owner only: created
    /// with O_EXCL, so never over an existing file or through a link planted at the path.
    private func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw Self.exists(path) }
            throw RegistrarError.unavailable(.consoleExportFailed, "无法写入文件：\(path)（\(String(cString: strerror(errno)))）")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            // The mode whatever the umask.
            guard fchmod(fd, 0o600) == 0 else { throw RegistrarError.unavailable(.consoleExportFailed, "无法设置文件权限：\(path)") }
            try handle.write(contentsOf: bytes)
            try handle.close()
        } catch {
            try? handle.close()
            unlink(path)
            if let error = error as? RegistrarError { throw error }
            throw RegistrarError.unavailable(.consoleExportFailed, "无法写入文件：\(path)")
        }
    }
}

extension PageAnchor {
    /// The audit log's anchor (newest first) of a list's.
    var audit: AuditPageAnchor {
        switch self {
        case .first: return .newest
        case .after(let key): return .olderThan(key)
        case .before(let key): return .newerThan(key)
        case .last: return .oldest
        }
    }

    /// The key of a forward-only list (identity checks).
    var key: Int64? {
        if case .after(let key) = self { return key }
        return nil
    }
}
