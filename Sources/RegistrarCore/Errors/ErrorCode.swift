/// The stable machine codes of `RegistrarError`, declared here and only here: clients, the OpenAPI
/// document and the tests match on the raw values, so never change one. To add an error, add a
/// member here (`area.what`, lowercase with underscores) and construct the error with it
/// (`RegistrarError.conflict(.filingOpenExists, "…")`); `TypedValuesTests` (ArchitectureTests) fails on a literal code
/// anywhere else in `Sources`.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// For tests that build an expected error; `Sources` use the declared members.
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
}

extension ErrorCode {
    /// `<field>.required`: a text field left empty.
    public static func required(_ field: String) -> ErrorCode { ErrorCode(field + ".required") }
    /// `<field>.too_long`.
    public static func tooLong(_ field: String) -> ErrorCode { ErrorCode(field + ".too_long") }
    /// `<field>.characters`: characters a text field may not hold.
    public static func characters(_ field: String) -> ErrorCode { ErrorCode(field + ".characters") }
    /// `<field>.unknown`: a code not in its reference list.
    public static func unknown(_ field: String) -> ErrorCode { ErrorCode(field + ".unknown") }
    /// `refused.<ground>`: a refusal under 153号令 Art. 15.
    public static func refused(_ ground: RefusalGroundCode) -> ErrorCode { ErrorCode("refused." + ground.rawValue) }
}

extension ErrorCode {
    public static let additionalAlreadyRegistered = ErrorCode("additional.already_registered")

    public static let agreementCommitmentOutdated = ErrorCode("agreement.commitment_outdated")
    public static let agreementCommitmentRequired = ErrorCode("agreement.commitment_required")
    public static let agreementEducationCommitmentNotApplicable = ErrorCode("agreement.education_commitment_not_applicable")
    public static let agreementEducationCommitmentOutdated = ErrorCode("agreement.education_commitment_outdated")
    public static let agreementNoticeOutdated = ErrorCode("agreement.notice_outdated")
    public static let agreementNoticeRequired = ErrorCode("agreement.notice_required")

    public static let applicantExists = ErrorCode("applicant.exists")
    public static let applicantNotFound = ErrorCode("applicant.not_found")
    public static let applicantStale = ErrorCode("applicant.stale")

    public static let attachmentFormat = ErrorCode("attachment.format")
    public static let attachmentIdSidesIdentical = ErrorCode("attachment.id_sides_identical")
    public static let attachmentKind = ErrorCode("attachment.kind")
    public static let attachmentMissingBlob = ErrorCode("attachment.missing_blob")
    public static let attachmentNotFound = ErrorCode("attachment.not_found")
    public static let attachmentNotImage = ErrorCode("attachment.not_image")
    public static let attachmentPhotoProportion = ErrorCode("attachment.photo_proportion")
    public static let attachmentPhotoTooSmall = ErrorCode("attachment.photo_too_small")
    public static let attachmentTooLarge = ErrorCode("attachment.too_large")
    public static let attachmentTooManyPixels = ErrorCode("attachment.too_many_pixels")
    public static let attachmentTooSmall = ErrorCode("attachment.too_small")
    public static let attachmentTypeMismatch = ErrorCode("attachment.type_mismatch")

    public static let attachmentsInvalid = ErrorCode("attachments.invalid")
    public static let attachmentsUnknown = ErrorCode("attachments.unknown")

    public static let auditNotAtHead = ErrorCode("audit.not_at_head")
    public static let auditOfficialUnknown = ErrorCode("audit.official_unknown")
    public static let auditRangeInvalid = ErrorCode("audit.range_invalid")

    public static let authFailed = ErrorCode("auth.failed")
    public static let authSessionInvalid = ErrorCode("auth.session_invalid")
    /// A console login with the second factor required was not finished with a code (the password step alone).
    public static let authSecondFactorRequired = ErrorCode("auth.second_factor_required")
    /// A wrong, replayed or late second-factor code.
    public static let authSecondFactorFailed = ErrorCode("auth.second_factor_failed")

    public static let cancellationNothing = ErrorCode("cancellation.nothing")

    public static let captchaInvalid = ErrorCode("captcha.invalid")

    public static let certificateExists = ErrorCode("certificate.exists")
    public static let certificateFrozen = ErrorCode("certificate.frozen")
    public static let certificateNoSigner = ErrorCode("certificate.no_signer")
    public static let certificateNone = ErrorCode("certificate.none")
    public static let certificateNotFound = ErrorCode("certificate.not_found")
    public static let certificateQueryRequired = ErrorCode("certificate.query_required")
    public static let certificateQueryTooLong = ErrorCode("certificate.query_too_long")
    public static let certificateRegistrationCancelled = ErrorCode("certificate.registration_cancelled")
    public static let certificateRegistrationLapsed = ErrorCode("certificate.registration_lapsed")
    public static let certificateRegistrationRevoked = ErrorCode("certificate.registration_revoked")
    public static let certificateEmployerLapsed = ErrorCode("certificate.employer_lapsed")
    public static let certificateRegistrationSuperseded = ErrorCode("certificate.registration_superseded")
    public static let certificateSerialTaken = ErrorCode("certificate.serial_taken")

    public static let changeSameEmployer = ErrorCode("change.same_employer")
    public static let changeSpecialties = ErrorCode("change.specialties")

    public static let consoleExportExists = ErrorCode("console.export_exists")
    public static let consoleExportFailed = ErrorCode("console.export_failed")
    public static let consoleExportNoDirectory = ErrorCode("console.export_no_directory")
    public static let consoleExportNotWritable = ErrorCode("console.export_not_writable")
    public static let consoleExportOutsideDirectory = ErrorCode("console.export_outside_directory")
    public static let consoleStoreFailed = ErrorCode("console.store_failed")

    public static let continuationExpired = ErrorCode("continuation.expired")
    public static let continuationNotRegistered = ErrorCode("continuation.not_registered")
    public static let continuationWindowClosed = ErrorCode("continuation.window_closed")

    public static let contractNotCovering = ErrorCode("contract.not_covering")
    public static let contractOrder = ErrorCode("contract.order")

    public static let creditCodeCharacters = ErrorCode("credit_code.characters")
    public static let creditCodeCheck = ErrorCode("credit_code.check")
    public static let creditCodeLength = ErrorCode("credit_code.length")
    public static let creditCodeRegion = ErrorCode("credit_code.region")

    public static let cryptoInvalidKey = ErrorCode("crypto.invalid_key")
    public static let cryptoOutOfMemory = ErrorCode("crypto.out_of_memory")
    public static let cryptoSealFailed = ErrorCode("crypto.seal_failed")
    public static let cryptoUnsealFailed = ErrorCode("crypto.unseal_failed")

    public static let csvColumns = ErrorCode("csv.columns")
    public static let csvDuplicate = ErrorCode("csv.duplicate")

    public static let dateInvalid = ErrorCode("date.invalid")

    public static let documentRenderFailed = ErrorCode("document.render_failed")
    public static let documentWriteFailed = ErrorCode("document.write_failed")

    public static let emailInvalid = ErrorCode("email.invalid")

    public static let enterpriseNotFound = ErrorCode("enterprise.not_found")

    public static let exOfficioCorrectionField = ErrorCode("exofficio.correction_field")
    public static let exOfficioCorrectionStale = ErrorCode("exofficio.correction_stale")
    public static let exOfficioCorrectionUnchanged = ErrorCode("exofficio.correction_unchanged")
    public static let exOfficioDecided = ErrorCode("exofficio.decided")
    public static let exOfficioGroundMismatch = ErrorCode("exofficio.ground_mismatch")
    public static let exOfficioNotFound = ErrorCode("exofficio.not_found")
    public static let exOfficioOpenExists = ErrorCode("exofficio.open_exists")
    public static let exOfficioOwnProposal = ErrorCode("exofficio.own_proposal")
    public static let exOfficioRegistrationEnded = ErrorCode("exofficio.registration_ended")
    public static let exOfficioStale = ErrorCode("exofficio.stale")

    public static let filingAlreadyDecided = ErrorCode("filing.already_decided")
    public static let filingAlreadyWithdrawn = ErrorCode("filing.already_withdrawn")
    public static let filingIdempotencyReused = ErrorCode("filing.idempotency_reused")
    public static let filingIllegalTransition = ErrorCode("filing.illegal_transition")
    public static let filingKindChanged = ErrorCode("filing.kind_changed")
    public static let filingKindNotAllowed = ErrorCode("filing.kind_not_allowed")
    public static let filingNotFound = ErrorCode("filing.not_found")
    public static let filingNotReturned = ErrorCode("filing.not_returned")
    public static let filingNotVerified = ErrorCode("filing.not_verified")
    public static let filingOpenExists = ErrorCode("filing.open_exists")
    public static let filingQualificationMismatch = ErrorCode("filing.qualification_mismatch")
    public static let filingRegularRegistered = ErrorCode("filing.regular_registered")
    public static let filingStale = ErrorCode("filing.stale")
    public static let filingUseInitial = ErrorCode("filing.use_initial")
    public static let filingUseReRegistration = ErrorCode("filing.use_re_registration")
    public static let filingWithdrawTooLate = ErrorCode("filing.withdraw_too_late")

    public static let idNumberBirthDate = ErrorCode("id_number.birth_date")
    public static let idNumberBirthDateFuture = ErrorCode("id_number.birth_date_future")
    public static let idNumberCharacters = ErrorCode("id_number.characters")
    public static let idNumberCheck = ErrorCode("id_number.check")
    public static let idNumberLength = ErrorCode("id_number.length")
    public static let idNumberRegion = ErrorCode("id_number.region")

    public static let idempotencyKeyInvalid = ErrorCode("idempotency_key.invalid")

    public static let identityMisconfigured = ErrorCode("identity.misconfigured")
    public static let identityOnlineOff = ErrorCode("identity.online_off")

    public static let identityCheckIncomplete = ErrorCode("identity_check.incomplete")
    public static let identityCheckNotPending = ErrorCode("identity_check.not_pending")

    public static let issuedOnBeforeBirth = ErrorCode("issued_on.before_birth")

    public static let keysBackupDamaged = ErrorCode("keys.backup_damaged")
    public static let keysBackupNotABackup = ErrorCode("keys.backup_not_a_backup")
    public static let keysBackupPassphrase = ErrorCode("keys.backup_passphrase")
    public static let keysCorrupt = ErrorCode("keys.corrupt")
    public static let keysIo = ErrorCode("keys.io")
    public static let keysMismatch = ErrorCode("keys.mismatch")
    public static let keysMissing = ErrorCode("keys.missing")
    public static let keysNotAFile = ErrorCode("keys.not_a_file")
    public static let keysOrphanedPublicKey = ErrorCode("keys.orphaned_public_key")
    public static let keysSealingRotationPending = ErrorCode("keys.sealing_rotation_pending")
    public static let keysWrongSize = ErrorCode("keys.wrong_size")

    public static let keywordRequired = ErrorCode("keyword.required")
    public static let keywordTooLong = ErrorCode("keyword.too_long")

    public static let kindUnknown = ErrorCode("kind.unknown")

    public static let lookupNameRequired = ErrorCode("lookup.name_required")
    public static let lookupNumberRequired = ErrorCode("lookup.number_required")

    public static let nameCharacters = ErrorCode("name.characters")
    public static let nameLength = ErrorCode("name.length")

    public static let officialExists = ErrorCode("official.exists")
    public static let officialNotFound = ErrorCode("official.not_found")
    public static let officialRoleMissing = ErrorCode("official.role_missing")
    public static let officialRolesSeparated = ErrorCode("official.roles_separated")
    public static let officialSeparationOfDuties = ErrorCode("official.separation_of_duties")
    public static let officialStale = ErrorCode("official.stale")
    public static let officialUsername = ErrorCode("official.username")

    public static let passwordCharacters = ErrorCode("password.characters")
    public static let passwordCommon = ErrorCode("password.common")
    public static let passwordMismatch = ErrorCode("password.mismatch")
    public static let passwordExpired = ErrorCode("password.expired")
    public static let passwordNeedsDigit = ErrorCode("password.needs_digit")
    public static let passwordNeedsLetter = ErrorCode("password.needs_letter")
    public static let passwordNeedsMixedCase = ErrorCode("password.needs_mixed_case")
    public static let passwordNeedsSymbol = ErrorCode("password.needs_symbol")
    public static let passwordOldWrong = ErrorCode("password.old_wrong")
    public static let passwordPersonal = ErrorCode("password.personal")
    public static let passwordTooLong = ErrorCode("password.too_long")
    public static let passwordTooShort = ErrorCode("password.too_short")
    public static let passwordUnchanged = ErrorCode("password.unchanged")

    public static let personalInfoNothing = ErrorCode("personal_info.nothing")
    public static let personalInfoProofMissing = ErrorCode("personal_info.proof_missing")
    public static let personalInfoProvince = ErrorCode("personal_info.province")
    public static let personalInfoSameId = ErrorCode("personal_info.same_id")
    public static let personalInfoSameName = ErrorCode("personal_info.same_name")

    public static let phoneInvalid = ErrorCode("phone.invalid")
    public static let phoneSame = ErrorCode("phone.same")

    public static let provinceUnknown = ErrorCode("province.unknown")

    public static let qrcodeTooLong = ErrorCode("qrcode.too_long")

    public static let qualificationExists = ErrorCode("qualification.exists")
    public static let qualificationNone = ErrorCode("qualification.none")

    public static let refuseGroundsRequired = ErrorCode("refuse.grounds_required")

    public static let registrationCancelled = ErrorCode("registration.cancelled")
    public static let registrationExists = ErrorCode("registration.exists")
    public static let registrationExpired = ErrorCode("registration.expired")
    public static let registrationNone = ErrorCode("registration.none")
    public static let registrationNotFound = ErrorCode("registration.not_found")
    public static let registrationNumberTaken = ErrorCode("registration.number_taken")
    public static let registrationProvince = ErrorCode("registration.province")
    public static let registrationRevoked = ErrorCode("registration.revoked")
    public static let registrationSerialExhausted = ErrorCode("registration.serial_exhausted")
    public static let registrationStale = ErrorCode("registration.stale")
    public static let registrationSuperseded = ErrorCode("registration.superseded")

    public static let returnItemsRequired = ErrorCode("return.items_required")

    public static let decisionExists = ErrorCode("decision.exists")
    public static let decisionNone = ErrorCode("decision.none")

    public static let smsCodeInvalid = ErrorCode("sms.code_invalid")
    public static let smsDailyCap = ErrorCode("sms.daily_cap")
    public static let smsGatewayFailed = ErrorCode("sms.gateway_failed")
    public static let smsGatewayTimeout = ErrorCode("sms.gateway_timeout")
    public static let smsOutboxUnwritable = ErrorCode("sms.outbox_unwritable")
    public static let smsTooSoon = ErrorCode("sms.too_soon")

    public static let smsCodeNotFound = ErrorCode("sms_code.not_found")

    public static let specialtiesDuplicate = ErrorCode("specialties.duplicate")
    public static let specialtiesRequired = ErrorCode("specialties.required")

    public static let specialtyUnknown = ErrorCode("specialty.unknown")

    public static let statusUnknown = ErrorCode("status.unknown")

    public static let storeBackupFailed = ErrorCode("store.backup_failed")
    public static let storeBusy = ErrorCode("store.busy")
    public static let storeCollation = ErrorCode("store.collation")
    public static let storeConflict = ErrorCode("store.conflict")
    public static let storeLowDiskSpace = ErrorCode("store.low_disk_space")
    public static let storeNewerSchema = ErrorCode("store.newer_schema")
    public static let storeNotOwner = ErrorCode("store.not_owner")
    public static let storeNotWritable = ErrorCode("store.not_writable")
    public static let storeOlderSchema = ErrorCode("store.older_schema")
    public static let storeSchemaMismatch = ErrorCode("store.schema_mismatch")
    public static let storeUnreachable = ErrorCode("store.unreachable")
    public static let storeUnreadableRecord = ErrorCode("store.unreadable_record")

    public static let verificationAttachmentsMissing = ErrorCode("verification.attachments_missing")
    public static let verificationBadSignature = ErrorCode("verification.bad_signature")
    public static let verificationChallengeExpired = ErrorCode("verification.challenge_expired")
    public static let verificationChallengeUnknown = ErrorCode("verification.challenge_unknown")
    public static let verificationChallengeUsed = ErrorCode("verification.challenge_used")
    public static let verificationDone = ErrorCode("verification.done")
    public static let verificationNotPending = ErrorCode("verification.not_pending")
    public static let verificationProfileMissing = ErrorCode("verification.profile_missing")
}
