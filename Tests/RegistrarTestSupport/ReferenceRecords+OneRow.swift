import RegistrarCore

/// One row at a time through the ports' batch upserts, for tests that write a row or two.
extension ReferenceRecords {
    /// `upsertQualifications([qualification])`: whether the row changed.
    public func upsertQualification(_ qualification: Qualification) throws -> Bool {
        try upsertQualifications([qualification]) > 0
    }

    /// `upsertEnterprises([enterprise])`: whether the row changed.
    public func upsertEnterprise(_ enterprise: Enterprise) throws -> Bool {
        try upsertEnterprises([enterprise]) > 0
    }
}
