import Foundation
import RegistrarCommandLine
import RegistrarCore

/// `registrarctl official …`: the provincial officials who work at the console.
enum OfficialCommands: CommandNode {
    static let configuration = CommandConfiguration(
        name: "official", abstract: "管理省级主管部门工作人员（省份、权限、密码）",
        subcommands: [
            OfficialAddCommand.self, OfficialListCommand.self, OfficialDisableCommand.self, OfficialEnableCommand.self,
            OfficialResetPasswordCommand.self, OfficialResetSecondFactorCommand.self, OfficialRolesCommand.self,
        ])

    static let rolesHelp =
        "权限，逗号分隔：accept（受理）、review（审查）、approve（审批）、issue（发证）、identity-check（现场认证），或 all（这五项）；"
        + "auditor（审计）、security-admin（安全管理）须单独授予"

    /// `accept,review`, `all` (every deciding role), `auditor` or `security-admin`.
    static func roles(_ text: String, _ arguments: ParsedArguments) throws(UsageError) -> Set<OfficialRole> {
        if text == "all" { return Set(OfficialRole.deciding) }
        var roles = Set<OfficialRole>()
        for word in text.split(separator: ",") {
            let name = word.trimmingCharacters(in: .whitespaces)
            guard let role = OfficialRole(rawValue: name) else {
                throw arguments.error("未知权限“\(name)”；可用：\(OfficialRole.allCases.map(\.rawValue).joined(separator: "、"))")
            }
            roles.insert(role)
        }
        guard !roles.isEmpty else { throw arguments.error("--roles 不能为空") }
        return roles
    }

    static func describe(_ roles: Set<OfficialRole>) -> String {
        roles.sorted().map { "\($0.rawValue)(\($0.chinese))" }.joined(separator: ",")
    }
}

/// An official as the commands print it in JSON.
struct OfficialRecord: Codable {
    var username: String
    var name: String
    var provinceCode: String
    var roles: [String]
    var disabled: Bool
    var mustChangePassword: Bool
    var locked: Bool
    /// Whether a second factor (TOTP) is enrolled.
    var secondFactorEnrolled: Bool
    /// Only right after it was generated.
    var oneTimePassword: String?

    init(_ official: Official, password: String? = nil, now: Date = Date()) {
        username = official.username
        name = official.name
        provinceCode = official.provinceCode.value
        roles = official.roles.sorted().map(\.rawValue)
        disabled = official.disabled
        mustChangePassword = official.mustChangePassword
        locked = official.lockedUntil.map { $0 > now } ?? false
        secondFactorEnrolled = official.secondFactorEnrolled
        oneTimePassword = password
    }
}
