import Foundation
import RegistrarCore

extension SQLiteTransaction: DecisionRecords {
    /// The document is kept whole, as JSON with sorted keys, beside the columns it is found by.
    func insertDecisionDocument(_ document: DecisionDocument) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let content = String(decoding: try encoder.encode(document), as: UTF8.self)
        try mappingUniqueViolations([
            (columns: "decision_documents.number", error: RegistrarError.decisionExists),
            (
                columns: "decision_documents.filing_id, decision_documents.round, decision_documents.kind",
                error: RegistrarError.decisionExists
            ),
        ]) {
            try connection.run(
                "INSERT INTO decision_documents (number, filing_id, round, kind, issued_at, digest, content) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [document.number, document.filingId, document.round, document.kind.rawValue, document.issuedAt, document.digest, content])
        }
    }

    func decisionDocuments(filingId: Int64) throws -> [DecisionDocument] {
        try connection.all(
            "SELECT content FROM decision_documents WHERE filing_id = ? ORDER BY issued_at, round, rowid", [filingId],
            decodeDecisionDocument)
    }

    func decisionDocument(number: String) throws -> DecisionDocument? {
        try connection.first("SELECT content FROM decision_documents WHERE number = ?", [number], decodeDecisionDocument)
    }

    private func decodeDecisionDocument(_ row: Row) throws -> DecisionDocument {
        guard let document = try? JSONDecoder().decode(DecisionDocument.self, from: Data(row.text(0).utf8)) else {
            throw row.failure(0, "unreadable decision document")
        }
        return document
    }
}
