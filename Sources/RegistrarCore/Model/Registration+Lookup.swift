import Foundation

extension RegistrationRecords {
    /// A person's registration of one qualification, if any.
    public func registration(applicantId: Int64, qualification: QualificationKind) throws -> Registration? {
        try registrations(applicantId: applicantId).first { $0.qualification == qualification }
    }

    /// The registration that stands for the person: the regular one when there is one (a temporary
    /// registration is superseded when the regular one is issued), else the temporary one.
    public func registration(applicantId: Int64) throws -> Registration? {
        let all = try registrations(applicantId: applicantId)
        return all.first { $0.qualification == .regular } ?? all.first
    }
}

extension Registrar {
    /// The registration a filing is about: the one of the filing's qualification; for a
    /// personal-info change, which is about the person, the registration that stands for them.
    static func registration(of kind: FilingKind, qualification: QualificationKind, among registrations: [Registration]) -> Registration? {
        if kind == .personalInfo { return registrations.first { $0.qualification == .regular } ?? registrations.first }
        return registrations.first { $0.qualification == qualification }
    }

    /// The registration a filing is about, read from the store.
    static func registration(of filing: Filing, tx: any StoreTransaction) throws -> Registration? {
        registration(of: filing.kind, qualification: filing.qualification, among: try tx.registrations(applicantId: filing.applicantId))
    }
}
