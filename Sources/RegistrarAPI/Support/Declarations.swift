import RegistrarCore
import RegistrarHTTP

/// Error codes several routes may answer with, named once for their declarations
/// (`responses:` at registration). The router adds what its middleware and the pipeline may answer
/// (401 behind authentication, 429 behind a rate limit, 503 `service.unavailable`, 400/413/415/500).
enum Declared {
    /// A strict JSON body that does not decode (`StrictJSON`).
    static let body = [
        "request.malformed_json", "request.not_object", "request.unknown_field", "request.missing_field", "request.wrong_type",
    ]
    static let idNumber = [
        "id_number.length", "id_number.characters", "id_number.region", "id_number.birth_date", "id_number.birth_date_future",
        "id_number.check",
    ]
    static let name = ["name.characters", "name.length"]
    static let password = [
        "password.characters", "password.common", "password.needs_digit", "password.needs_letter", "password.needs_mixed_case",
        "password.needs_symbol", "password.personal", "password.too_long", "password.too_short",
    ]
    /// An uploaded image.
    static let image = [
        "attachment.format", "attachment.kind", "attachment.not_image", "attachment.too_large", "attachment.too_many_pixels",
        "attachment.too_small", "attachment.type_mismatch",
    ]
    /// An account image: the photo is made into the standard photo, or refused for its size or proportion.
    static let accountImage = image + ["attachment.id_sides_identical", "attachment.photo_proportion", "attachment.photo_too_small"]
    static let smsLimits = ["sms.too_soon", "sms.daily_cap"]
    /// A filing's content, as submitted or corrected.
    static let filingRules =
        [
            "additional.already_registered", "agreement.commitment_required", "agreement.education_commitment_not_applicable",
            "agreement.notice_required", "attachments.invalid",
            "attachments.unknown", "cancellation.nothing", "change.same_employer", "continuation.expired", "continuation.not_registered",
            "contract.not_covering", "contract.order", "credit_code.characters", "credit_code.check", "credit_code.length",
            "credit_code.region", "date.invalid", "enterprise.not_found", "filing.kind_not_allowed", "filing.not_verified",
            "filing.qualification_mismatch", "filing.regular_registered", "filing.use_initial", "filing.use_re_registration",
            "kind.unknown",
            "personal_info.nothing", "personal_info.proof_missing", "personal_info.province", "personal_info.same_id",
            "personal_info.same_name", "qualification.none", "qualification.unknown", "registration.cancelled", "registration.expired",
            "registration.none", "registration.province", "registration.revoked", "registration.superseded", "sms.code_invalid",
            "specialties.duplicate",
            "specialties.required",
            "specialty.unknown",
        ] + idNumber + name + RefusalGroundCode.allCases.map { "refused.\($0.rawValue)" }
    static let filingBody = body + ["request.field_not_allowed", "change.specialties"]
    static let filingConflicts = [
        "agreement.commitment_outdated", "agreement.education_commitment_outdated", "agreement.notice_outdated", "filing.open_exists",
        "filing.stale",
    ]
    /// The identity provider's verdict on an online verification.
    static let challenge = [
        "verification.challenge_expired", "verification.challenge_unknown", "verification.challenge_used", "verification.done",
        "verification.not_pending",
    ]
    /// A numeric id in the path that is not one, or an unknown kind of attachment.
    static let path = "http.not_found"
}
