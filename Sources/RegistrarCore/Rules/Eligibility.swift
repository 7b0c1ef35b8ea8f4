import Foundation

/// Everything eligibility depends on, read once in the filing's transaction.
struct EligibilityFacts {
    var applicant: Applicant
    var qualifications: [Qualification]
    /// The registration the filing is about: the one of the filing's qualification (for a
    /// personal-info change, the person's current registration, see `Registrar.registration(of:…)`).
    var registration: Registration?
    /// Every registration of the person, at most one per qualification.
    var registrations: [Registration]
    /// The enterprise the filing names, if it names one.
    var enterprise: Enterprise?
    /// The current employer of the registration, if any.
    var currentEmployer: Enterprise?
    var proofs: [AttachmentMeta]
    /// Whether the applicant committed to having completed the continuing education (instead of a proof).
    var educationCommitted = false
    var today: CalendarDate
}

/// The rules of 153号令 Art. 15 and the filing kinds, each refusal naming its ground.
struct Eligibility {
    let settings: Settings
    let reference: ReferenceData

    /// Checks a new filing (or a resubmitted one) and returns the province that handles it.
    func check(_ payload: FilingPayload, qualification: QualificationKind, facts: EligibilityFacts) throws(RegistrarError) -> ProvinceCode {
        let kind = payload.kind
        let today = facts.today
        guard facts.applicant.verification == .verified else {
            throw .invalid(.filingNotVerified, "请先完成实名认证", field: "verification")
        }
        guard settings.allowedKinds[qualification]?.contains(kind) == true else {
            throw .invalid(.filingKindNotAllowed, "\(qualification.chinese)不能办理\(kind.chinese)", field: "kind")
        }
        if kind != .cancellation, today >= facts.applicant.idNumber.birthDate.adding(years: settings.ageLimit) {
            throw .refused(.ageLimit, "年龄已满\(settings.ageLimit)周岁，不予注册", field: "idNumber")
        }
        let held = facts.qualifications.filter { $0.kind == qualification }
        if kind != .cancellation, kind != .personalInfo, held.isEmpty {
            throw .invalid(.qualificationNone, "未查询到您的\(qualification.chinese)资格信息", field: "qualification")
        }
        if let contract = payload.contract { try checkContract(contract, today: today) }
        let standing = facts.registration.map { $0.standing(on: today, holder: facts.applicant.idNumber, employer: facts.currentEmployer) }

        switch payload {
        case .initial(let employment), .reRegistration(let employment):
            // A person holds one valid certificate at a time: the regular registration supersedes
            // the temporary one, which is not registered again.
            if qualification == .temporary, facts.registrations.contains(where: { $0.qualification == .regular }) {
                throw .invalid(
                    .filingRegularRegistered, "您已注册\(QualificationKind.regular.chinese)，不能再办理\(qualification.chinese)注册",
                    field: "qualification")
            }
            if kind == .initial {
                if let standing, standing == .active {
                    throw .refused(.twoEmployers, "您已在\(facts.currentEmployer?.name ?? "其他单位")注册，不能重复注册", field: "enterpriseCode")
                }
                if facts.registration != nil {
                    throw .invalid(.filingUseReRegistration, "您已有注册记录，请办理重新注册", field: "kind")
                }
            } else {
                guard let registration = facts.registration else {
                    throw .invalid(.filingUseInitial, "您尚无注册记录，请办理初始注册", field: "kind")
                }
                if standing == .active {
                    throw .refused(.twoEmployers, "您的注册仍然有效，不能重新注册", field: "kind")
                }
                guard registration.qualification == qualification else {
                    throw .invalid(.filingQualificationMismatch, "注册记录的执业资格与所选不符", field: "qualification")
                }
            }
            let enterprise = try requireEnterprise(facts.enterprise, field: "enterpriseCode")
            let keys = try checkSpecialties(employment.specialties, held: held)
            try checkContinuingEducation(keys, held: held, facts: facts)
            return enterprise.provinceCode

        case .change(let employment):
            // An employer no longer active voids the registration (153号令 Art. 16); changing to a
            // new employer is how the holder restores it, where the qualification allows a change.
            let registration = try requireActive(
                facts.registration, standing.map { if case .employerLapsed = $0 { .active } else { $0 } }, qualification: qualification)
            let enterprise = try requireEnterprise(facts.enterprise, field: "enterpriseCode")
            guard enterprise.creditCode != registration.employerCode else {
                throw .invalid(.changeSameEmployer, "新聘用单位与原聘用单位相同", field: "enterpriseCode")
            }
            guard employment.specialties.isEmpty else {
                throw .malformed(.changeSpecialties, "变更注册不变更专业", field: "specialties")
            }
            return enterprise.provinceCode

        case .additional(_, let specialties):
            let registration = try requireActive(facts.registration, standing, qualification: qualification)
            try requireEmployerFit(facts.currentEmployer, registration: registration)
            let keys = try checkSpecialties(specialties, held: held)
            let current = Set(registration.validSpecialties(on: today).map(\.key))
            if let dup = keys.first(where: { current.contains($0) }) {
                throw .invalid(.additionalAlreadyRegistered, "已注册专业：\(name(of: dup))", field: "specialties")
            }
            try checkContinuingEducation(keys, held: held, facts: facts)
            return registration.provinceCode

        case .continuation(_, let specialties):
            let registration = try requireActive(facts.registration, standing, qualification: qualification)
            try requireEmployerFit(facts.currentEmployer, registration: registration)
            let keys = try checkSpecialties(specialties, held: held)
            for key in keys {
                guard let registered = registration.specialties.first(where: { $0.key == key }) else {
                    throw .invalid(.continuationNotRegistered, "未注册该专业，不能延续：\(name(of: key))", field: "specialties")
                }
                let left = today.days(until: registered.expiresOn)
                if left < 0 {
                    throw .invalid(.continuationExpired, "\(name(of: key))专业注册已过期，只能办理重新注册", field: "specialties")
                }
                guard left <= settings.continuationOpensDays, left >= settings.continuationClosesDays else {
                    throw .invalid(
                        .continuationWindowClosed,
                        "\(name(of: key))专业应在有效期届满前\(settings.continuationOpensDays)日至\(settings.continuationClosesDays)日之间申请延续注册",
                        field: "specialties")
                }
            }
            try checkContinuingEducation(keys, held: held, facts: facts)
            return registration.provinceCode

        case .cancellation(let reason):
            _ = try reference.entry(reason, in: \.cancellationReasons, field: "reasonCode", what: "注销原因")
            guard let registration = facts.registration, registration.status == .active else {
                throw .invalid(.cancellationNothing, "没有可注销的注册", field: "kind")
            }
            guard registration.qualification == qualification else {
                throw .invalid(.filingQualificationMismatch, "注册记录的执业资格与所选不符", field: "qualification")
            }
            return registration.provinceCode

        case .replacement(let reason):
            _ = try reference.entry(reason, in: \.replacementReasons, field: "reasonCode", what: "证书更换原因")
            let registration = try requireActive(facts.registration, standing, qualification: qualification)
            return registration.provinceCode

        case .personalInfo(let newName, let newId):
            guard newName != nil || newId != nil else {
                throw .invalid(.personalInfoNothing, "请选择要修改的项目", field: "items")
            }
            if let newName {
                let name = try Registrar.validateName(newName, field: "newName")
                if name == facts.applicant.name, newId == nil {
                    throw .invalid(.personalInfoSameName, "新姓名与原姓名相同", field: "newName")
                }
            }
            if let newId {
                let id = try ResidentID.parse(newId, today: today, field: "newIdNumber")
                if id == facts.applicant.idNumber {
                    throw .invalid(.personalInfoSameId, "新证件号码与原证件号码相同", field: "newIdNumber")
                }
            }
            guard facts.proofs.contains(where: { $0.kind == .policeCertificate }) else {
                throw .invalid(.personalInfoProofMissing, "请上传公安机关出具的证明材料", field: "attachments")
            }
            return try personalInfoProvince(facts)
        }
    }

    /// The department that handles a personal-info filing, from what the applicant has (the manual's
    /// form names no province): the registration's province, else the province of the on-site check,
    /// else the province of the ID number's region code (an applicant verified online, unregistered).
    func personalInfoProvince(_ facts: EligibilityFacts) throws(RegistrarError) -> ProvinceCode {
        if let registration = facts.registration { return registration.provinceCode }
        if let province = facts.applicant.verificationProvinceCode { return province }
        if let province = ProvinceCode(String(facts.applicant.idNumber.value.prefix(2))),
            (try? reference.province(province)) != nil
        {
            return province
        }
        throw .invalid(
            .personalInfoProvince, "无法确定受理的省级主管部门，请先到省级主管部门办理现场认证", field: "verification")
    }

    func checkContract(_ contract: ContractDates, today: CalendarDate) throws(RegistrarError) {
        guard contract.start < contract.end else {
            throw .invalid(.contractOrder, "劳动合同开始日期应早于结束日期", field: "contractEnd")
        }
        guard contract.start <= today, today <= contract.end else {
            throw .invalid(.contractNotCovering, "劳动合同期限应包含申报日期", field: "contractStart")
        }
    }

    func requireEnterprise(_ enterprise: Enterprise?, field: String) throws(RegistrarError) -> Enterprise {
        guard let enterprise else {
            throw .invalid(.enterpriseNotFound, "未找到该企业，请通过关键字选择企业", field: field)
        }
        guard enterprise.status == .active else {
            throw .refused(.employerUnfit, "聘用单位状态为“\(enterprise.status.chinese)”，不符合注册单位要求", field: field)
        }
        guard (try? reference.province(enterprise.provinceCode)) != nil else {
            throw .refused(.employerUnfit, "聘用单位所在省份无效，不符合注册单位要求", field: field)
        }
        return enterprise
    }

    /// The current employer must still be active and in the registration's province.
    func requireEmployerFit(_ employer: Enterprise?, registration: Registration) throws(RegistrarError) {
        guard let employer, employer.status == .active else {
            throw .refused(.employerUnfit, "聘用单位不符合注册单位要求（\(employer?.status.chinese ?? "不存在")），请先办理变更或注销", field: "enterpriseCode")
        }
        guard employer.provinceCode == registration.provinceCode else {
            throw .refused(.employerUnfit, "聘用单位已不在注册所在省份", field: "enterpriseCode")
        }
    }

    func requireActive(_ registration: Registration?, _ standing: Registration.Standing?, qualification: QualificationKind)
        throws(RegistrarError) -> Registration
    {
        guard let registration else { throw .invalid(.registrationNone, "您尚无注册记录", field: "kind") }
        guard registration.qualification == qualification else {
            throw .invalid(.filingQualificationMismatch, "注册记录的执业资格与所选不符", field: "qualification")
        }
        switch standing {
        case .active?: return registration
        case .cancelled?: throw .invalid(.registrationCancelled, "注册已注销，请办理重新注册", field: "kind")
        case .superseded?:
            throw .invalid(
                .registrationSuperseded,
                "\(qualification.chinese)注册已由\(QualificationKind.regular.chinese)注册取代，请办理\(QualificationKind.regular.chinese)的业务",
                field: "qualification")
        case .revoked?: throw .invalid(.registrationRevoked, "注册已被撤销，请办理重新注册", field: "kind")
        case .expired?: throw .invalid(.registrationExpired, "注册已过有效期，请办理重新注册", field: "kind")
        case .ageLimit?: throw .refused(.ageLimit, "年龄已满\(settings.ageLimit)周岁，注册已失效", field: "kind")
        case .employerLapsed(let status)?:
            throw .refused(
                .employerUnfit,
                "聘用单位\(status.chinese)，依《注册建造师管理规定》第十六条注册已失效，请受聘于新单位后办理\(settings.allowedKinds[qualification]?.contains(.change) == true ? "变更注册" : "重新注册")",
                field: "kind")
        case nil: return registration
        }
    }

    /// Specialties: at least one, known, no repeats, each one the applicant holds.
    func checkSpecialties(_ keys: [String], held: [Qualification]) throws(RegistrarError) -> [String] {
        guard !keys.isEmpty else { throw .invalid(.specialtiesRequired, "请选择注册专业", field: "specialties") }
        guard Set(keys).count == keys.count else { throw .invalid(.specialtiesDuplicate, "注册专业重复", field: "specialties") }
        for key in keys {
            _ = try reference.specialty(key)
            guard held.contains(where: { $0.specialtyKey == key }) else {
                throw .refused(.other, "您未取得\(name(of: key))专业的资格，不能注册该专业", field: "specialties")
            }
        }
        return keys
    }

    /// Initial, additional, continuation and re-registration filings for a specialty whose
    /// qualification was issued more than N years ago need proof of continuing education
    /// (153号令 Art. 15 (三), 实施办法 on 增项 and 延续 materials), or the applicant's commitment that
    /// they completed it, which the 2021 notice allows instead of the proof.
    func checkContinuingEducation(_ keys: [String], held: [Qualification], facts: EligibilityFacts) throws(RegistrarError) {
        let stale = keys.filter { key in
            held.filter { $0.specialtyKey == key }.map(\.issuedOn).min().map {
                facts.today > $0.adding(years: settings.continuingEducationYears)
            } ?? false
        }
        guard !stale.isEmpty, !facts.educationCommitted, !facts.proofs.contains(where: { $0.kind == .continuingEducation }) else {
            return
        }
        throw .refused(
            .continuingEducation,
            "取得资格证书超过\(settings.continuingEducationYears)年，须提交继续教育证明或承诺已完成继续教育（\(stale.map(name(of:)).joined(separator: "、"))）",
            field: "attachments")
    }

    func name(of key: String) -> String { (try? reference.specialty(key).name) ?? key }
}
