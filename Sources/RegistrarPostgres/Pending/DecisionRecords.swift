import Foundation
import RegistrarCore

// TEMPORARY (branch only, never on main): replaced by PostgresTransaction+<Area>.swift.
extension PostgresTransaction: DecisionRecords {
    func insertDecisionDocument(_ document: DecisionDocument) throws { throw PostgresPending(port: "DecisionRecords") }
    func decisionDocuments(filingId: Int64) throws -> [DecisionDocument] { throw PostgresPending(port: "DecisionRecords") }
    func decisionDocument(number: String) throws -> DecisionDocument? { throw PostgresPending(port: "DecisionRecords") }
}
