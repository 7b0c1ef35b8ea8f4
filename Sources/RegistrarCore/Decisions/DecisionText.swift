import Foundation

/// The words of each written decision (行政许可法 Art. 32, 38; 《注册建造师管理规定》 Art. 15):
/// whom it addresses, what was decided and on what ground, and for a refusal the remedies.
enum DecisionText {
    /// What the text needs of the decision.
    struct Facts {
        var kind: DecisionKind
        var filing: Filing
        var applicant: Applicant
        var authority: String
        var abbreviation: String
        var today: CalendarDate
        /// Items to correct, or refusal ground codes with their names.
        var items: [String]
        var groundCodes: [String]
        var opinion: String
        var correctionDue: CalendarDate?
    }

    static func number(_ facts: Facts) -> String {
        let id = String(facts.filing.id)
        let padded = String(repeating: "0", count: max(0, 6 - id.count)) + id
        return "\(facts.abbreviation)建注\(facts.kind.letter)〔\(facts.today.year)〕\(padded)-\(facts.filing.round)号"
    }

    static func chineseDate(_ date: CalendarDate) -> String { DecisionDocument.chineseDate(date) }

    /// 1 → 一, 11 → 十一 (the items of an article).
    static func chineseNumeral(_ value: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard value > 0, value < 100 else { return String(value) }
        if value < 10 { return digits[value] }
        return (value >= 20 ? digits[value / 10] : "") + "十" + (value % 10 == 0 ? "" : digits[value % 10])
    }

    static func document(_ facts: Facts, at instant: Date) -> DecisionDocument {
        let filing = facts.filing
        let application =
            "你于\(chineseDate(filing.submittedOn))提交的\(filing.qualification.chinese)\(filing.kind.chinese)申请（申报编号 \(filing.id)）"
        var opening: [String] = []
        var items: [String] = []
        var closing: [String] = []
        let opinion = facts.opinion.isEmpty ? [] : ["审查意见：\(facts.opinion)"]
        switch facts.kind {
        case .acceptance:
            opening = [
                application + "，申请材料齐全、符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，本机关决定予以受理。",
                "本机关将依照《中华人民共和国行政许可法》第四十二条的规定，自受理之日起二十个工作日内作出决定，并将结果书面告知你。",
            ]
            closing = opinion
        case .correction:
            opening = [
                application + "，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知你需要补正的全部内容如下："
            ]
            items = facts.items
            closing =
                (facts.correctionDue.map { ["请于\(chineseDate($0))前登录系统补正上述全部内容后重新提交。逾期未补正的，视为放弃本次申请，申报失效。"] } ?? [])
                + opinion
        case .refusal:
            opening = [
                application + "，经审查，不符合注册条件。根据《中华人民共和国行政许可法》第三十八条第二款和《注册建造师管理规定》第十五条的规定，本机关决定不予注册。理由如下："
            ]
            items = zip(facts.groundCodes, facts.items).map { code, name in
                let article = Int(code).map { "（《注册建造师管理规定》第十五条第（\(chineseNumeral($0))）项）" } ?? ""
                return name + article
            }
            closing =
                opinion + [
                    "如不服本决定，你可以自收到本决定书之日起六十日内依照《中华人民共和国行政复议法》的规定申请行政复议，"
                        + "或者自收到本决定书之日起六个月内依照《中华人民共和国行政诉讼法》的规定向人民法院提起行政诉讼。"
                ]
        case .approval:
            let what = filing.kind == .cancellation ? "注销注册" : "注册"
            opening = [
                application + "，经审查，符合规定条件。根据《中华人民共和国行政许可法》第三十八条第一款和《注册建造师管理规定》的规定，本机关决定准予\(what)。"
            ]
            closing =
                opinion
                + (filing.issueRequired ? ["注册证书核发后，你可以登录系统在“我的证书”中下载电子注册证书。"] : [])
        }
        return DecisionDocument(
            kind: facts.kind, number: number(facts), filingId: filing.id, round: filing.round, applicantId: facts.applicant.id,
            authority: facts.authority, provinceCode: filing.provinceCode, issuedOn: facts.today, issuedAt: instant,
            addressee: "\(facts.applicant.name)（身份证号码 \(facts.applicant.idNumber.masked)）",
            opening: opening, items: items, closing: closing)
    }
}
