import Foundation

/// The written decisions kept with each filing (`DecisionDocument`), stored once at the decision
/// and given again exactly as made.
public protocol DecisionRecords {
    /// Keeps a decision's document; a second one of the same kind for the same filing and round,
    /// or a number already used, is `decision.exists`.
    func insertDecisionDocument(_ document: DecisionDocument) throws
    /// A filing's documents, oldest first.
    func decisionDocuments(filingId: Int64) throws -> [DecisionDocument]
    /// The document with this number, if any.
    func decisionDocument(number: String) throws -> DecisionDocument?
}
