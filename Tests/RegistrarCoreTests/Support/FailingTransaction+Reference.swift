import Foundation

@testable import RegistrarCore

extension FailingTransaction: ReferenceRecords {
    // MARK: Qualifications
    func qualifications(idNumber: ResidentID) throws -> [Qualification] { try read { try base.qualifications(idNumber: idNumber) } }
    func upsertQualifications(_ qualifications: [Qualification]) throws -> Int {
        try write { try base.upsertQualifications(qualifications) }
    }
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws {
        try write { try base.rekeyQualifications(from: old, to: new, name: name) }
    }

    // MARK: Enterprises
    func enterprise(code: String) throws -> Enterprise? { try read { try base.enterprise(code: code) } }
    func upsertEnterprises(_ enterprises: [Enterprise]) throws -> Int { try write { try base.upsertEnterprises(enterprises) } }
    func searchEnterprises(keyword: String, provinceCode: ProvinceCode?, limit: Int) throws -> [Enterprise] {
        try read { try base.searchEnterprises(keyword: keyword, provinceCode: provinceCode, limit: limit) }
    }

    // MARK: Holidays
    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry] { try read { try base.holidays(from: from, to: to) } }
    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool { try write { try base.upsertHoliday(entry) } }
}
