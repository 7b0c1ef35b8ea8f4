import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: ReferenceRecords {
    func qualifications(idNumber: ResidentID) throws -> [Qualification] { throw PostgresPending(port: "ReferenceRecords") }
    func upsertQualification(_ qualification: Qualification) throws -> Bool { throw PostgresPending(port: "ReferenceRecords") }
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws {
        throw PostgresPending(port: "ReferenceRecords")
    }
    func enterprise(code: String) throws -> Enterprise? { throw PostgresPending(port: "ReferenceRecords") }
    func upsertEnterprise(_ enterprise: Enterprise) throws -> Bool { throw PostgresPending(port: "ReferenceRecords") }
    func searchEnterprises(keyword: String, provinceCode: ProvinceCode?, limit: Int) throws -> [Enterprise] {
        throw PostgresPending(port: "ReferenceRecords")
    }
    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry] { throw PostgresPending(port: "ReferenceRecords") }
    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool { throw PostgresPending(port: "ReferenceRecords") }
}
