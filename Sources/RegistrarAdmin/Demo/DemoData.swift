import Foundation
import RegistrarCore
import RegistrarRuntime

/// Fills an empty database with realistic demo data through the real use cases: officials of
/// three provinces with known passwords, enterprises and qualifications, twenty applicants who
/// registered, uploaded real images and were verified on site, and filings in every stage.
public struct DemoData {
    /// An official the demo made, with the password to log in with.
    public struct Login: Codable, Equatable, Sendable {
        public var username: String
        public var password: String
        public var provinceCode: String
        public var roles: [String]
        public var name: String
    }

    /// A demo applicant's login, and what was done for them.
    public struct Account: Codable, Equatable, Sendable {
        public var name: String
        public var idNumber: String
        public var password: String
        public var provinceCode: String
        public var story: String
    }

    public struct Summary: Codable, Equatable, Sendable {
        public var officials: [Login]
        public var applicants: [Account]
        public var enterprises: Int
        public var qualifications: Int
        /// Filings by stage.
        public var stages: [String: Int]
    }

    /// What to do with an applicant once verified.
    enum Story {
        case unverified
        case initial(FilingStage)
        /// An initial registration issued first, then a second filing taken to a stage.
        case registeredThen(FilingKind, FilingStage)
    }

    struct Person {
        var name: String
        var province: String
        var birth: CalendarDate
        var qualification: QualificationKind
        var story: Story
    }

    static let applicantPassword = "Applicant2026"

    static let provinces: [(code: ProvinceCode, prefix: String, region: String, staff: [String], companies: [String])] = [
        (
            "11", "bj", "110105", ["王建国", "李秀英", "张志强", "刘海涛", "陈静"],
            ["北京华建工程有限公司", "北京京城路桥建设有限公司", "北京安泰机电安装有限公司", "北京宏远建筑工程有限公司"]
        ),
        (
            "31", "sh", "310104", ["杨帆", "赵敏", "黄磊", "周婷", "吴昊"],
            ["上海浦江建设集团有限公司", "上海申城市政工程有限公司", "上海东海港务工程有限公司", "上海新联建筑有限公司"]
        ),
        (
            "44", "gd", "440106", ["徐明", "孙丽", "马骏", "朱琳", "胡军"],
            ["广东粤建工程集团有限公司", "广州珠江路桥有限公司", "深圳南山机电工程有限公司", "广东华南建设有限公司"]
        ),
    ]

    static let roles: [(role: OfficialRole, suffix: String, password: String)] = [
        (.accept, "accept", "Demo2026accept"), (.review, "review", "Demo2026review"), (.approve, "approve", "Demo2026approve"),
        (.issue, "issue", "Demo2026issue"), (.identityCheck, "check", "Demo2026check"),
    ]

    static func people() -> [Person] {
        func d(_ y: Int, _ m: Int, _ day: Int) -> CalendarDate {
            CalendarDate(year: y, month: m, day: day) ?? CalendarDate(year: 1980, month: 1, day: 1)!
        }
        return [
            Person(name: "张伟", province: "11", birth: d(1982, 3, 14), qualification: .regular, story: .initial(.submitted)),
            Person(name: "王芳", province: "11", birth: d(1985, 7, 2), qualification: .regular, story: .initial(.accepted)),
            Person(name: "李娜", province: "11", birth: d(1979, 11, 23), qualification: .regular, story: .initial(.reviewed)),
            Person(name: "刘洋", province: "11", birth: d(1988, 1, 9), qualification: .regular, story: .initial(.approved)),
            Person(name: "陈杰", province: "11", birth: d(1976, 5, 30), qualification: .regular, story: .initial(.issued)),
            Person(name: "杨敏", province: "11", birth: d(1990, 9, 17), qualification: .regular, story: .initial(.returned)),
            Person(name: "赵磊", province: "11", birth: d(1984, 12, 5), qualification: .regular, story: .initial(.refused)),
            Person(name: "黄静", province: "11", birth: d(1987, 4, 21), qualification: .regular, story: .initial(.withdrawn)),
            Person(
                name: "周强", province: "11", birth: d(1975, 8, 8), qualification: .regular, story: .registeredThen(.additional, .submitted)),
            Person(
                name: "吴霞", province: "11", birth: d(1981, 2, 27), qualification: .regular, story: .registeredThen(.replacement, .issued)),
            Person(name: "徐磊", province: "31", birth: d(1983, 6, 12), qualification: .regular, story: .initial(.issued)),
            Person(name: "孙丽", province: "31", birth: d(1986, 10, 3), qualification: .regular, story: .initial(.submitted)),
            Person(
                name: "马超", province: "31", birth: d(1972, 3, 19), qualification: .regular, story: .registeredThen(.cancellation, .approved)
            ),
            Person(name: "朱琳", province: "31", birth: d(1989, 12, 28), qualification: .regular, story: .initial(.reviewed)),
            Person(
                name: "胡军", province: "31", birth: d(1978, 7, 15), qualification: .temporary, story: .registeredThen(.change, .accepted)),
            Person(name: "郭涛", province: "44", birth: d(1980, 1, 31), qualification: .regular, story: .initial(.issued)),
            Person(name: "何敏", province: "44", birth: d(1991, 5, 6), qualification: .regular, story: .initial(.returned)),
            Person(name: "林峰", province: "44", birth: d(1977, 9, 1), qualification: .temporary, story: .initial(.accepted)),
            Person(name: "高洁", province: "44", birth: d(1992, 11, 11), qualification: .regular, story: .unverified),
            Person(name: "罗斌", province: "11", birth: d(1985, 2, 14), qualification: .regular, story: .unverified),
        ]
    }

    let runtime: Runtime
    let registrar: Registrar
    let gateway: RecordingGateway
    let sender: MessageSender
    let administrator: String

    /// A registrar over the runtime whose resend limits do not make a script wait a minute between
    /// an applicant's filings, and a sender whose SMS codes the demo can read: it delivers the
    /// outbox (to the spool, as registrard's outbox driver does) through the store's claims, as one
    /// more sender, so that a registrard running meanwhile never sends a message twice.
    public init(runtime: Runtime, administrator: String) {
        self.runtime = runtime
        self.administrator = administrator
        gateway = RecordingGateway(next: OutboxSMSGateway(directory: runtime.smsSpool))
        sender = runtime.makeSender(gateway: gateway)
        registrar =
            AdminSystem(runtime: runtime) { settings in
                settings.smsResendSeconds = 0
                settings.smsDailyCap = 1000
            }.registrar
    }

    /// Refuses a database with applicants; one with other data only with `force`.
    public func checkEmpty(force: Bool) throws {
        let counts = try registrar.maintenance.maintenanceCounts()
        guard counts.applicants == 0 else {
            throw AdminFailure("数据库中已有 \(counts.applicants) 个申请人：演示数据只能写入没有申请人的数据库")
        }
        if !force, counts.officials + counts.enterprises + counts.qualifications + counts.filings > 0 {
            throw AdminFailure("数据库中已有工作人员、企业或资格数据；确需在其上添加演示数据，请加 --force")
        }
    }

    /// Refuses a production configuration (`development.enabled = no`, as installed) unless the
    /// administrator says it is development (`--development`) or insists (`--force`): demo data
    /// are logins with published passwords, and must not land in a department's database by mistake.
    public func checkProfile(development: Bool, force: Bool) throws {
        let configured = (try? ServerSettings(runtime.configuration.file))?.development ?? false
        guard configured || development || force else {
            throw AdminFailure(
                "\(runtime.configuration.path) 是生产配置（development.enabled = no）：演示数据含公开密码的账号，拒绝写入；"
                    + "开发环境请加 --development，确需写入请加 --force")
        }
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> Summary {
        let today = CalendarDate(registrar.clock.now())
        progress("工作人员")
        var logins: [Login] = []
        var staff: [String: [OfficialRole: Official]] = [:]
        for province in Self.provinces {
            for (index, role) in Self.roles.enumerated() {
                let username = "\(province.prefix).\(role.suffix)"
                let official = try registrar.administration.createOfficial(
                    administrator: administrator, username: username, name: province.staff[index], provinceCode: province.code.value,
                    roles: [role.role], password: role.password, mustChangePassword: true)
                staff[province.code.value, default: [:]][role.role] = official
                logins.append(
                    Login(
                        username: username, password: role.password, provinceCode: province.code.value, roles: [role.role.rawValue],
                        name: official.name))
            }
        }

        progress("企业")
        var enterprises: [String: [Enterprise]] = [:]
        var serial = 10_000_000
        for province in Self.provinces {
            var rows: [Enterprise] = []
            for (index, name) in province.companies.enumerated() {
                serial += 7919
                guard let code = CreditCode(DemoIdentities.creditCode(region: province.region, serial: serial)) else { continue }
                rows.append(Enterprise(creditCode: code, name: name, provinceCode: province.code, status: index == 3 ? .bankrupt : .active))
            }
            rows.append(
                Enterprise(
                    creditCode: CreditCode(DemoIdentities.creditCode(region: province.region, serial: serial + 1)) ?? rows[0].creditCode,
                    name: province.companies[0].replacingOccurrences(of: "有限公司", with: "第二分公司"), provinceCode: province.code,
                    status: .active))
            _ = try registrar.administration.importBatch(administrator: administrator, .enterprises(rows), source: "demo")
            enterprises[province.code.value] = rows
        }

        progress("资格")
        let people = Self.people()
        var qualifications: [Qualification] = []
        var ids: [String] = []
        for (index, person) in people.enumerated() {
            let region = Self.provinces.first { $0.code.value == person.province }?.region ?? "110105"
            let text = DemoIdentities.residentID(region: region, birth: person.birth, sequence: 101 + index * 2)
            ids.append(text)
            guard let id = ResidentID(text) else { throw AdminFailure("演示身份证号码无效：\(ResidentID.mask(text))") }
            for (n, specialty) in ["building", "municipal"].enumerated() {
                qualifications.append(
                    Qualification(
                        idNumber: id, name: person.name, kind: person.qualification, specialtyKey: specialty,
                        certificateNumber: String(
                            format: "%@%04d%05d", person.qualification == .regular ? "BJ" : "LS", today.year - 1, index * 2 + n + 1),
                        issuedOn: today.adding(days: -400 + index)))
            }
        }
        _ = try registrar.administration.importBatch(administrator: administrator, .qualifications(qualifications), source: "demo")

        var accounts: [Account] = []
        for (index, person) in people.enumerated() {
            progress("申请人 \(index + 1)/\(people.count)")
            guard let officials = staff[person.province], let companies = enterprises[person.province] else { continue }
            let applicant = try register(person, idNumber: ids[index], number: index, checker: officials[.identityCheck])
            let description = try play(
                person.story, applicant: applicant, person: person, officials: officials, companies: companies, today: today)
            accounts.append(
                Account(
                    name: person.name, idNumber: ids[index], password: Self.applicantPassword, provinceCode: person.province,
                    story: description))
        }
        try sender.deliver(untilEmpty: true)
        var stages: [String: Int] = [:]
        for statistic in try registrar.maintenance.filingStatistics() { stages[statistic.stage.rawValue, default: 0] += statistic.count }
        return Summary(
            officials: logins, applicants: accounts, enterprises: enterprises.values.map(\.count).reduce(0, +),
            qualifications: qualifications.count, stages: stages)
    }

    private func code(_ phone: String, _ purpose: SMSPurpose, actor: Actor = .anonymous) throws -> String {
        try registrar.smsCodes.sendSMSCode(to: phone, purpose: purpose, actor: actor)
        try sender.deliver(untilEmpty: true)
        guard let code = gateway.lastCode(to: phone) else { throw AdminFailure("没有收到发往 \(MobileNumber.mask(phone)) 的验证码") }
        return code
    }

    /// The four steps of account registration, then the on-site check (unless the story stops before it).
    private func register(_ person: Person, idNumber: String, number: Int, checker: Official?) throws -> Applicant {
        let phone = "1380010" + String(format: "%04d", number + 1)
        guard
            var applicant = try registrar.accounts.registerAccount(
                BasicInfo(
                    name: person.name, idNumber: idNumber, phone: phone, password: Self.applicantPassword,
                    smsCode: try code(phone, .registration)))
        else { throw RegistrarError.conflict(.applicantExists, "演示数据的证件号码已注册", field: "idNumber") }
        let settings = registrar.settings
        for kind in AttachmentKind.accountKinds {
            if kind == .photo {
                let photo = DemoImages.photo(width: settings.photoWidth, height: settings.photoHeight, variant: number)
                _ = try registrar.accounts.uploadAccountAttachment(
                    applicantId: applicant.id, kind: kind, bytes: photo, contentType: "image/jpeg")
            } else {
                let scan = DemoImages.scan(kind: kind)
                _ = try registrar.accounts.uploadAccountAttachment(
                    applicantId: applicant.id, kind: kind, bytes: scan.bytes, contentType: scan.contentType)
            }
        }
        applicant = try registrar.accounts.completeProfile(
            applicantId: applicant.id,
            ApplicantProfile(
                ethnicityCode: "01", email: "demo\(number + 1)@example.cn", educationCode: "21", degreeCode: "4",
                school: ["同济大学", "清华大学", "华南理工大学", "东南大学"][number % 4], major: "土木工程"))
        applicant = try registrar.verification.requestOnSiteVerification(applicantId: applicant.id, provinceCode: person.province)
        if case .unverified = person.story { return applicant }
        guard let checker else { throw AdminFailure("缺少现场认证人员") }
        _ = try registrar.verification.recordIdentityCheck(
            official: checker, applicantId: applicant.id, approved: true, originalSeen: true, copyReceived: true, note: "核验身份证原件，收取复印件")
        return applicant
    }

    private func file(_ applicant: Applicant, _ qualification: QualificationKind, _ payload: FilingPayload) throws -> Filing {
        let texts = registrar.texts
        return try registrar.filings.submitFiling(
            applicantId: applicant.id,
            FilingRequest(
                qualification: qualification, payload: payload,
                agreedNoticeVersion: payload.kind.requiresNotice ? texts.notice.version : nil,
                agreedCommitmentVersion: payload.kind.requiresCommitment ? texts.commitment.version : nil,
                smsCode: try code(applicant.phone.value, .filing, actor: .applicant(applicant.id))))
    }

    /// Takes a filing through the officials' steps to a stage.
    @discardableResult
    private func advance(_ filing: Filing, to stage: FilingStage, officials: [OfficialRole: Official], applicant: Applicant) throws
        -> Filing
    {
        func official(_ role: OfficialRole) throws -> Official {
            guard let official = officials[role] else { throw AdminFailure("缺少\(role.chinese)人员") }
            return official
        }
        var f = filing
        func decide(_ role: OfficialRole, _ decision: ReviewDecision) throws {
            f = try registrar.review.decide(official: try official(role), filingId: f.id, expectedVersion: f.version, decision)
        }
        switch stage {
        case .submitted:
            break
        case .withdrawn:
            f = try registrar.filings.withdrawFiling(applicantId: applicant.id, filingId: f.id)
        case .returned:
            try decide(.accept, .return(items: ["劳动合同扫描件不清晰，请重新上传", "聘用单位名称与劳动合同不一致"], opinion: "请补正后重新提交"))
        case .refused:
            try decide(.accept, .accept(opinion: "材料齐全，予以受理"))
            try decide(.review, .refuse(grounds: ["11"], opinion: "经核查，申请材料与实际情况不符"))
        case .accepted, .reviewed, .approved, .issued:
            try decide(.accept, .accept(opinion: "材料齐全，予以受理"))
            if stage == .accepted { break }
            try decide(.review, .review(opinion: "符合注册条件"))
            if stage == .reviewed { break }
            try decide(.approve, .approve(opinion: "同意"))
            if stage == .approved || !f.issueRequired { break }
            try decide(.issue, .issue)
        }
        return f
    }

    private func employment(_ enterprise: Enterprise, _ specialties: [String], today: CalendarDate) -> Employment {
        Employment(enterpriseCode: enterprise.creditCode.value, contract: contract(today), specialties: specialties)
    }

    private func contract(_ today: CalendarDate) -> ContractDates {
        ContractDates(start: today.adding(days: -60), end: today.adding(years: 3))
    }

    private func play(
        _ story: Story, applicant: Applicant, person: Person, officials: [OfficialRole: Official], companies: [Enterprise],
        today: CalendarDate
    ) throws -> String {
        let employer = companies[Int(applicant.id % 2)]
        switch story {
        case .unverified:
            return "待现场认证"
        case .initial(let stage):
            let filing = try file(applicant, person.qualification, .initial(employment(employer, ["building"], today: today)))
            try advance(filing, to: stage, officials: officials, applicant: applicant)
            return "初始注册：\(stage.chinese)"
        case .registeredThen(let kind, let stage):
            let first = try file(applicant, person.qualification, .initial(employment(employer, ["building"], today: today)))
            try advance(first, to: .issued, officials: officials, applicant: applicant)
            let payload: FilingPayload
            switch kind {
            case .additional: payload = .additional(contract: contract(today), specialties: ["municipal"])
            case .replacement: payload = .replacement(reasonCode: "01")
            case .cancellation: payload = .cancellation(reasonCode: "04")
            case .change:
                let other = companies.first { $0.creditCode != employer.creditCode && $0.status == .active } ?? employer
                payload = .change(employment(other, [], today: today))
            default: payload = .replacement(reasonCode: "02")
            }
            let second = try file(applicant, person.qualification, payload)
            try advance(second, to: stage, officials: officials, applicant: applicant)
            return "已注册；\(payload.kind.chinese)：\(stage.chinese)"
        }
    }
}
