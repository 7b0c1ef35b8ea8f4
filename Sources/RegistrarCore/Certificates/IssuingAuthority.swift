/// The registration authority printed on a certificate (发证机关): the provincial department of
/// housing and urban-rural development, under its own name.
///
/// Most are a province's 住房和城乡建设厅; the four municipalities have a commission (委员会), and
/// Shanghai's also manages (住房和城乡建设管理委员会).
public enum IssuingAuthority {
    static let municipalities: [ProvinceCode: String] = [
        "11": "北京市住房和城乡建设委员会",
        "12": "天津市住房和城乡建设委员会",
        "31": "上海市住房和城乡建设管理委员会",
        "50": "重庆市住房和城乡建设委员会",
    ]

    /// The department's name for a province, or a generic one for a code not in the reference list.
    public static func name(provinceCode: ProvinceCode, reference: ReferenceData) -> String {
        if let name = municipalities[provinceCode] { return name }
        guard let province = try? reference.province(provinceCode) else { return "省级住房和城乡建设主管部门" }
        return province.name + "住房和城乡建设厅"
    }
}
