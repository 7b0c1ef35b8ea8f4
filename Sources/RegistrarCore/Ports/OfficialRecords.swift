import Foundation

/// Officials' accounts.
public protocol OfficialRecords {
    /// Throws `.conflict(.officialExists)` for a taken user name.
    func insertOfficial(_ official: Official) throws -> Int64
    func official(id: Int64) throws -> Official?
    func official(username: String) throws -> Official?
    func updateOfficial(_ official: Official) throws
    func officials() throws -> [Official]
    /// The official's second factor with its secret opened, nil when none is enrolled.
    func secondFactor(officialId: Int64) throws -> OfficialSecondFactor?
    /// Enrols a second factor (the secret sealed), its first accepted step `step`; false when the
    /// official already has one (another console enrolled first) or does not exist.
    func enrolSecondFactor(officialId: Int64, secret: String, step: Int64, at: Date) throws -> Bool
    /// Records `step` as the last accepted one if it is later than the recorded one; false when it
    /// is not (a replay, or a concurrent login with the same code) or nothing is enrolled.
    func acceptSecondFactorStep(officialId: Int64, step: Int64) throws -> Bool
    /// Removes the official's second factor (they enrol again at the next login); false when none was enrolled.
    func clearSecondFactor(officialId: Int64) throws -> Bool
}
