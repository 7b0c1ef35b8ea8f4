import Foundation

/// Applicants' accounts: the applicant aggregate and the lists that show it.
public protocol ApplicantRecords {
    /// Throws `.conflict(.applicantExists)` when the ID number is taken (registration looks it up
    /// first; this is the race of two registrations of one ID number at once).
    func insertApplicant(_ applicant: Applicant) throws -> Int64
    func applicant(id: Int64) throws -> Applicant?
    func applicant(idNumber: ResidentID) throws -> Applicant?
    /// Throws `.conflict(.applicantStale)` on a version mismatch, `.conflict(.applicantExists)`
    /// when a changed ID number is taken.
    func updateApplicant(_ applicant: Applicant) throws
    /// Applicants waiting for an on-site check in a province, oldest first.
    func pendingOnSiteVerifications(provinceCode: ProvinceCode, page: Page) throws -> [ApplicantSummary]
    /// Applicants whose name starts with the given text, for the console's search.
    func applicants(namePrefix: String, page: Page) throws -> [ApplicantSummary]
    func countApplicants() throws -> Int
}
