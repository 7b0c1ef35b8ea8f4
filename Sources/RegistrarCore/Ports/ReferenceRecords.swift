import Foundation

/// Reference data from outside: qualifications, enterprises and the holiday calendar, as imported.
public protocol ReferenceRecords {
    // MARK: Qualifications
    func qualifications(idNumber: ResidentID) throws -> [Qualification]
    /// Inserts or replaces the row for (ID number, kind, specialty). Returns false when an identical row was there.
    func upsertQualification(_ qualification: Qualification) throws -> Bool
    /// Moves a person's qualification rows to a new ID number (an approved personal-info change).
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws

    // MARK: Enterprises
    func enterprise(code: String) throws -> Enterprise?
    /// Returns false when an identical row was there.
    func upsertEnterprise(_ enterprise: Enterprise) throws -> Bool
    /// Enterprises whose name contains the keyword (FTS trigram for 3+ characters, a fallback below).
    func searchEnterprises(keyword: String, provinceCode: ProvinceCode?, limit: Int) throws -> [Enterprise]

    // MARK: Holidays
    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry]
    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool
}
