import Foundation

extension ReferenceData {
    /// The specialties of a filing that another ministry co-reviews (会审): six of the ten, as
    /// `specialties.csv` marks them (公路, 铁路, 民航机场, 港口与航道, 水利水电, 通信与广电). A key the list
    /// does not know counts as not co-reviewed.
    public func coReviewedSpecialties(of filing: Filing) -> [Specialty] {
        filing.payload.specialties.compactMap { try? specialty($0) }.filter(\.coReviewedByOtherMinistry)
    }

    /// Whether a filing needs the co-review of another ministry (the console's 会审 flag).
    public func needsCoReview(_ filing: Filing) -> Bool { !coReviewedSpecialties(of: filing).isEmpty }
}
