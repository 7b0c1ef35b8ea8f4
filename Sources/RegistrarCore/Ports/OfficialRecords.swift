import Foundation

/// Officials' accounts.
public protocol OfficialRecords {
    /// Throws `.conflict(.officialExists)` for a taken user name.
    func insertOfficial(_ official: Official) throws -> Int64
    func official(id: Int64) throws -> Official?
    func official(username: String) throws -> Official?
    func updateOfficial(_ official: Official) throws
    func officials() throws -> [Official]
}
