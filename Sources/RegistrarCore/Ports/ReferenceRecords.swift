import Foundation

/// Reference data from outside: qualifications, enterprises and the holiday calendar, as imported.
public protocol ReferenceRecords {
    // MARK: Qualifications
    func qualifications(idNumber: ResidentID) throws -> [Qualification]
    /// Inserts or replaces the row for each (ID number, kind, specialty), in order, as if one by one: a
    /// later row with the key of an earlier one replaces it. Returns how many rows changed something
    /// (inserted, or different from the row there); an identical row counts as unchanged. Imports call it
    /// once per batch; the PostgreSQL store loads the batch with `COPY`.
    func upsertQualifications(_ qualifications: [Qualification]) throws -> Int
    /// Moves a person's qualification rows to a new ID number (an approved personal-info change).
    func rekeyQualifications(from old: ResidentID, to new: ResidentID, name: String) throws

    // MARK: Enterprises
    func enterprise(code: String) throws -> Enterprise?
    /// Inserts or replaces the row for each credit code, in order, as if one by one (a later row with the
    /// code of an earlier one replaces it). Returns how many rows changed something.
    func upsertEnterprises(_ enterprises: [Enterprise]) throws -> Int
    /// Enterprises whose name contains the keyword (FTS trigram for 3+ characters, a fallback below).
    func searchEnterprises(keyword: String, provinceCode: ProvinceCode?, limit: Int) throws -> [Enterprise]

    // MARK: Holidays
    func holidays(from: CalendarDate, to: CalendarDate) throws -> [HolidayEntry]
    func upsertHoliday(_ entry: HolidayEntry) throws -> Bool
}
