import Foundation
import RegistrarCore

extension PostgresTransaction: ExOfficioRecords {
    static let exOfficioColumns = """
        id, registration_id, applicant_id, province_code, kind, ground, reason, correction_field, correction_old, correction_new,
        state, proposed_by, proposed_by_name, proposed_at, decided_by, decided_by_name, decided_at, opinion, version
        """

    /// `ex_officio_open` is the partial unique index of one open proposal per registration.
    private static let exOfficioUniques = [
        (
            constraint: "ex_officio_open",
            error: RegistrarError.conflict(.exOfficioOpenExists, "该注册已有待审批的提议，请先审批该提议", field: "registrationId")
        )
    ]

    func insertExOfficioProposal(_ proposal: ExOfficioProposal) throws -> Int64 {
        try mappingUniqueViolations(Self.exOfficioUniques) {
            try insert(
                """
                INSERT INTO ex_officio_proposals (registration_id, applicant_id, province_code, kind, ground, reason, correction_field,
                    correction_old, correction_new, state, proposed_by, proposed_by_name, proposed_at, decided_by, decided_by_name,
                    decided_at, opinion, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    proposal.registrationId, proposal.applicantId, proposal.provinceCode, proposal.kind.rawValue, proposal.ground.rawValue,
                    proposal.reason, proposal.correction?.field.code, proposal.correction?.oldValue, proposal.correction?.newValue,
                    proposal.state.rawValue, proposal.proposedBy, proposal.proposedByName, proposal.proposedAt, proposal.decidedBy,
                    proposal.decidedByName, proposal.decidedAt, proposal.opinion, proposal.version,
                ])
        }
    }

    /// Only the decision is ever written after the proposal: the trigger of migration 12 refuses
    /// any change to what was proposed.
    func updateExOfficioProposal(_ proposal: ExOfficioProposal) throws {
        try updateVersioned(
            """
            UPDATE ex_officio_proposals SET state = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, opinion = ?,
                version = version + 1
            WHERE id = ? AND version = ?
            """,
            [
                proposal.state.rawValue, proposal.decidedBy, proposal.decidedByName, proposal.decidedAt, proposal.opinion, proposal.id,
                proposal.version,
            ],
            table: "ex_officio_proposals", id: proposal.id,
            stale: .conflict(.exOfficioStale, "该提议已被他人处理，请刷新后重试"),
            missing: .notFound(.exOfficioNotFound, "未找到该提议", field: "proposalId"))
    }

    func exOfficioProposal(id: Int64) throws -> ExOfficioProposal? {
        try first("SELECT \(Self.exOfficioColumns) FROM ex_officio_proposals WHERE id = ?", [id], decodeExOfficioProposal)
    }

    func exOfficioProposals(provinceCode: ProvinceCode, state: ExOfficioProposal.State, limit: Int) throws -> [ExOfficioProposal] {
        try all(
            "SELECT \(Self.exOfficioColumns) FROM ex_officio_proposals WHERE province_code = ? AND state = ? ORDER BY id LIMIT ?",
            [provinceCode, state.rawValue, limit], decodeExOfficioProposal)
    }

    func exOfficioProposals(registrationId: Int64) throws -> [ExOfficioProposal] {
        try all(
            "SELECT \(Self.exOfficioColumns) FROM ex_officio_proposals WHERE registration_id = ? ORDER BY id", [registrationId],
            decodeExOfficioProposal)
    }

    func decodeExOfficioProposal(_ row: PGRow) throws -> ExOfficioProposal {
        var correction: Correction?
        if let code = row.optionalText(7) {
            guard let field = CorrectableField(code: code) else { throw row.failure(7, "unknown correction field") }
            correction = Correction(field: field, oldValue: row.text(8), newValue: row.text(9))
        }
        return ExOfficioProposal(
            id: row.int64(0), registrationId: row.int64(1), applicantId: row.int64(2), provinceCode: try row.value(3),
            kind: try row.value(4), ground: try row.value(5), reason: row.text(6), correction: correction, state: try row.value(10),
            proposedBy: row.int64(11), proposedByName: row.text(12), proposedAt: row.date(13), decidedBy: row.optionalInt64(14),
            decidedByName: row.optionalText(15), decidedAt: row.optionalDate(16), opinion: row.text(17), version: row.int(18))
    }
}
