import Foundation

@testable import RegistrarCore

extension FailingTransaction: DecisionRecords {
    func insertDecisionDocument(_ document: DecisionDocument) throws { try write { try base.insertDecisionDocument(document) } }
    func decisionDocuments(filingId: Int64) throws -> [DecisionDocument] { try read { try base.decisionDocuments(filingId: filingId) } }
    func decisionDocument(number: String) throws -> DecisionDocument? { try read { try base.decisionDocument(number: number) } }
}
