import Foundation

@testable import RegistrarCore

extension FailingTransaction: OfficialRecords {
    func insertOfficial(_ official: Official) throws -> Int64 { try write { try base.insertOfficial(official) } }
    func official(id: Int64) throws -> Official? { try read { try base.official(id: id) } }
    func official(username: String) throws -> Official? { try read { try base.official(username: username) } }
    func updateOfficial(_ official: Official) throws { try write { try base.updateOfficial(official) } }
    func officials() throws -> [Official] { try read { try base.officials() } }
    func secondFactor(officialId: Int64) throws -> OfficialSecondFactor? { try read { try base.secondFactor(officialId: officialId) } }
    func enrolSecondFactor(officialId: Int64, secret: String, step: Int64, at: Date) throws -> Bool {
        try write { try base.enrolSecondFactor(officialId: officialId, secret: secret, step: step, at: at) }
    }
    func acceptSecondFactorStep(officialId: Int64, step: Int64) throws -> Bool {
        try write { try base.acceptSecondFactorStep(officialId: officialId, step: step) }
    }
    func clearSecondFactor(officialId: Int64) throws -> Bool { try write { try base.clearSecondFactor(officialId: officialId) } }
}
