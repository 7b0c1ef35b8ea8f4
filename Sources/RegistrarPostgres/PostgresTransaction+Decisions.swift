import Foundation
import RegistrarCore

extension PostgresTransaction: DecisionRecords {
    /// The document is kept whole, as JSON with sorted keys, beside the columns it is found by.
    func insertDecisionDocument(_ document: DecisionDocument) throws {
        let content = try json(document)
        _ = try mappingUniqueViolations([
            (constraint: "decision_documents_pkey", error: RegistrarError.decisionExists),
            (constraint: "decision_documents_filing_id_round_kind_key", error: RegistrarError.decisionExists),
        ]) {
            try run(
                "INSERT INTO decision_documents (number, filing_id, round, kind, issued_at, digest, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [document.number, document.filingId, document.round, document.kind.rawValue, document.issuedAt, document.digest, content])
        }
    }

    /// Oldest first. SQLite breaks a tie of instant and round by `rowid`, the order of insertion; the
    /// table has no such column here (no migration may be added for it), and `ctid` stands in for it: no
    /// port updates or deletes a document, so rows lie in the order they were inserted unless a page's
    /// space freed by VACUUM (after a rolled-back insert) is reused. A tie needs two documents of one
    /// filing and round issued at the same microsecond, which one decision per transition never makes.
    func decisionDocuments(filingId: Int64) throws -> [DecisionDocument] {
        try all(
            "SELECT content FROM decision_documents WHERE filing_id = ? ORDER BY issued_at, round, ctid", [filingId],
            decodeDecisionDocument)
    }

    func decisionDocument(number: String) throws -> DecisionDocument? {
        try first("SELECT content FROM decision_documents WHERE number = ?", [number], decodeDecisionDocument)
    }

    private func decodeDecisionDocument(_ row: PGRow) throws -> DecisionDocument {
        guard let document = try? JSONDecoder().decode(DecisionDocument.self, from: Data(row.text(0).utf8)) else {
            throw row.failure(0, "unreadable decision document")
        }
        return document
    }
}
