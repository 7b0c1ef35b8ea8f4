/// The store's schema, as the ordered list of migrations that builds it.
///
/// Conventions: every table is STRICT; a calendar date is `yyyy-MM-dd` TEXT; an instant is INTEGER
/// microseconds since 1970 UTC; a Boolean is INTEGER 0/1; enumerations are their raw values, checked;
/// lists and payloads are JSON TEXT. A resident ID number is never stored in clear: `id_lookup` is
/// the keyed lookup hash (UNIQUE where one person may have one row), `id_sealed` the AEAD-sealed
/// number, `id_masked` what lists show.
///
/// Never edit a step once released: add a new one.
enum Schema {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "initial", sql: initial),
        Migration(version: 2, name: "captchas", sql: captchas),
        Migration(version: 3, name: "console deadlines", sql: consoleDeadlines),
        Migration(version: 4, name: "certificate_documents", sql: certificateDocuments),
        Migration(version: 5, name: "progress versions", sql: progressVersions),
        Migration(version: 6, name: "message leases", sql: messageLeases),
        Migration(version: 7, name: "verification challenges", sql: verificationChallenges),
        Migration(version: 8, name: "password changed at", sql: passwordChangedAt),
        Migration(version: 9, name: "duty notices", sql: dutyNotices),
        Migration(version: 10, name: "registrations per qualification", sql: registrationsPerQualification),
        Migration(version: 11, name: "evidence", sql: evidence),
        Migration(version: 12, name: "ex officio acts", sql: exOfficioActs),
        Migration(version: 13, name: "decision documents", sql: decisionDocuments),
        Migration(version: 14, name: "continuing education commitment", sql: educationCommitment),
        Migration(version: 15, name: "official second factor", sql: officialSecondFactor),
    ]

    static let migrator = Migrator(migrations)

    private static let initial = """
        CREATE TABLE applicants (
            id INTEGER PRIMARY KEY,
            id_lookup BLOB NOT NULL UNIQUE,
            id_sealed BLOB NOT NULL,
            id_masked TEXT NOT NULL,
            name TEXT NOT NULL,
            phone TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            -- The profile (step 3): all six present or all absent.
            ethnicity_code TEXT,
            email TEXT,
            education_code TEXT,
            degree_code TEXT,
            school TEXT,
            major TEXT,
            verification TEXT NOT NULL
                CHECK (verification IN ('none', 'pending-on-site', 'pending-online', 'verified', 'refused')),
            verification_method TEXT CHECK (verification_method IN ('on-site', 'online')),
            verification_province_code TEXT,
            verified_at INTEGER,
            failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
            locked_until INTEGER,
            created_at INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            CONSTRAINT applicant_profile_whole CHECK (
                (ethnicity_code IS NULL) = (email IS NULL) AND (email IS NULL) = (education_code IS NULL)
                AND (education_code IS NULL) = (degree_code IS NULL) AND (degree_code IS NULL) = (school IS NULL)
                AND (school IS NULL) = (major IS NULL))
        ) STRICT;
        CREATE INDEX applicants_pending_on_site ON applicants (verification_province_code, id)
            WHERE verification = 'pending-on-site';
        CREATE INDEX applicants_name ON applicants (name, id);

        CREATE TABLE blobs (
            digest TEXT PRIMARY KEY,
            bytes BLOB NOT NULL
        ) STRICT;

        CREATE TABLE officials (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            province_code TEXT NOT NULL,
            -- Role raw values, sorted, comma-separated.
            roles TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
            disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
            failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
            locked_until INTEGER,
            created_at INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1)
        ) STRICT;

        CREATE TABLE filings (
            id INTEGER PRIMARY KEY,
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            qualification TEXT NOT NULL CHECK (qualification IN ('regular', 'temporary')),
            kind TEXT NOT NULL CHECK (kind IN ('initial', 'change', 'additional', 'continuation', 'cancellation',
                're-registration', 'replacement', 'personal-info')),
            -- FilingPayload as JSON; kind repeats its case for queries.
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            -- A new ID number of a personal-info payload, sealed; the JSON holds null in its place.
            payload_id_sealed BLOB,
            stage TEXT NOT NULL CHECK (stage IN ('submitted', 'accepted', 'reviewed', 'approved', 'issued', 'returned',
                'refused', 'withdrawn')),
            province_code TEXT NOT NULL,
            round INTEGER NOT NULL CHECK (round >= 1),
            submitted_at INTEGER NOT NULL,
            submitted_on TEXT NOT NULL,
            accepted_on TEXT,
            accepted_by INTEGER REFERENCES officials (id),
            reviewed_by INTEGER REFERENCES officials (id),
            approved_by INTEGER REFERENCES officials (id),
            issue_required INTEGER NOT NULL CHECK (issue_required IN (0, 1)),
            notice_version TEXT,
            commitment_version TEXT,
            idempotency_key TEXT,
            return_items TEXT NOT NULL CHECK (json_valid(return_items)),
            -- Filing.isOpen, written by the store: one open filing per applicant and qualification.
            is_open INTEGER NOT NULL CHECK (is_open IN (0, 1)),
            updated_at INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            UNIQUE (applicant_id, idempotency_key)
        ) STRICT;
        CREATE UNIQUE INDEX filings_one_open ON filings (applicant_id, qualification) WHERE is_open = 1;
        CREATE INDEX filings_queue ON filings (province_code, stage, id);
        CREATE INDEX filings_counts ON filings (province_code, stage, kind);
        CREATE INDEX filings_province ON filings (province_code, id);
        CREATE INDEX filings_applicant ON filings (applicant_id, id);

        CREATE TABLE filing_events (
            id INTEGER PRIMARY KEY,
            filing_id INTEGER NOT NULL REFERENCES filings (id),
            at INTEGER NOT NULL,
            round INTEGER NOT NULL CHECK (round >= 1),
            action TEXT NOT NULL CHECK (action IN ('submit', 'withdraw', 'accept', 'return', 'resubmit', 'refuse', 'review',
                'approve', 'issue')),
            from_stage TEXT,
            to_stage TEXT NOT NULL,
            official_id INTEGER REFERENCES officials (id),
            official_name TEXT,
            opinion TEXT NOT NULL,
            items TEXT NOT NULL CHECK (json_valid(items))
        ) STRICT;
        CREATE INDEX filing_events_filing ON filing_events (filing_id, id);

        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            owner_id INTEGER NOT NULL REFERENCES applicants (id),
            kind TEXT NOT NULL CHECK (kind IN ('photo', 'id-front', 'id-back', 'holding-id', 'signature',
                'police-certificate', 'loss-notice', 'continuing-education')),
            filing_id INTEGER REFERENCES filings (id),
            content_type TEXT NOT NULL,
            byte_count INTEGER NOT NULL CHECK (byte_count >= 0),
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            digest TEXT NOT NULL REFERENCES blobs (digest),
            uploaded_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX attachments_owner ON attachments (owner_id, filing_id, id);
        CREATE INDEX attachments_filing ON attachments (filing_id) WHERE filing_id IS NOT NULL;

        CREATE TABLE identity_checks (
            id INTEGER PRIMARY KEY,
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            province_code TEXT NOT NULL,
            official_id INTEGER NOT NULL REFERENCES officials (id),
            at INTEGER NOT NULL,
            approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
            original_seen INTEGER NOT NULL CHECK (original_seen IN (0, 1)),
            copy_received INTEGER NOT NULL CHECK (copy_received IN (0, 1)),
            note TEXT NOT NULL
        ) STRICT;
        CREATE INDEX identity_checks_applicant ON identity_checks (applicant_id, id);

        CREATE TABLE qualifications (
            id INTEGER PRIMARY KEY,
            id_lookup BLOB NOT NULL,
            id_sealed BLOB NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('regular', 'temporary')),
            specialty_key TEXT NOT NULL,
            certificate_no TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            UNIQUE (id_lookup, kind, specialty_key)
        ) STRICT;

        -- An explicit INTEGER PRIMARY KEY: the FTS index refers to rows by rowid, which VACUUM may
        -- renumber when it is implicit.
        CREATE TABLE enterprises (
            id INTEGER PRIMARY KEY,
            credit_code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            province_code TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'licence-revoked', 'bankrupt', 'deregistered'))
        ) STRICT;
        CREATE INDEX enterprises_name ON enterprises (name);
        CREATE INDEX enterprises_province_name ON enterprises (province_code, name);
        CREATE VIRTUAL TABLE enterprises_fts USING fts5 (
            name, content = 'enterprises', content_rowid = 'id', tokenize = 'trigram'
        );
        CREATE TRIGGER enterprises_fts_insert AFTER INSERT ON enterprises BEGIN
            INSERT INTO enterprises_fts (rowid, name) VALUES (new.id, new.name);
        END;
        CREATE TRIGGER enterprises_fts_delete AFTER DELETE ON enterprises BEGIN
            INSERT INTO enterprises_fts (enterprises_fts, rowid, name) VALUES ('delete', old.id, old.name);
        END;
        CREATE TRIGGER enterprises_fts_update AFTER UPDATE OF name ON enterprises BEGIN
            INSERT INTO enterprises_fts (enterprises_fts, rowid, name) VALUES ('delete', old.id, old.name);
            INSERT INTO enterprises_fts (rowid, name) VALUES (new.id, new.name);
        END;

        CREATE TABLE holidays (
            date TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday'))
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE registrations (
            id INTEGER PRIMARY KEY,
            applicant_id INTEGER NOT NULL UNIQUE REFERENCES applicants (id),
            qualification TEXT NOT NULL CHECK (qualification IN ('regular', 'temporary')),
            digits TEXT NOT NULL UNIQUE CHECK (length(digits) = 12 AND digits NOT GLOB '*[^0-9]*'),
            province_code TEXT NOT NULL,
            seal_check_code INTEGER NOT NULL CHECK (seal_check_code BETWEEN 0 AND 99),
            employer_code TEXT NOT NULL,
            specialties TEXT NOT NULL CHECK (json_valid(specialties)),
            status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
            cancellation_reason_code TEXT,
            registered_on TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1)
        ) STRICT;

        -- The last serial given out per province and year of initial registration (five digits).
        CREATE TABLE registration_serials (
            province_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            last INTEGER NOT NULL CONSTRAINT registration_serial_range CHECK (last BETWEEN 1 AND 99999),
            PRIMARY KEY (province_code, year)
        ) STRICT, WITHOUT ROWID;

        -- Everything printed on a certificate, frozen at issue: only its voiding is ever written later.
        CREATE TABLE certificate_versions (
            registration_id INTEGER NOT NULL REFERENCES registrations (id),
            version INTEGER NOT NULL CHECK (version >= 1),
            filing_id INTEGER NOT NULL REFERENCES filings (id),
            registration_number TEXT NOT NULL,
            seal_check_code TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
            birth_date TEXT NOT NULL,
            employer_name TEXT NOT NULL,
            employer_code TEXT NOT NULL,
            province_code TEXT NOT NULL,
            specialties TEXT NOT NULL CHECK (json_valid(specialties)),
            issued_on TEXT NOT NULL,
            issued_at INTEGER NOT NULL,
            issued_by INTEGER NOT NULL REFERENCES officials (id),
            voided_at INTEGER,
            PRIMARY KEY (registration_id, version)
        ) STRICT, WITHOUT ROWID;
        CREATE TRIGGER certificate_versions_frozen BEFORE UPDATE ON certificate_versions
        WHEN old.registration_id IS NOT new.registration_id OR old.version IS NOT new.version
            OR old.filing_id IS NOT new.filing_id OR old.registration_number IS NOT new.registration_number
            OR old.seal_check_code IS NOT new.seal_check_code OR old.holder_name IS NOT new.holder_name
            OR old.sex IS NOT new.sex OR old.birth_date IS NOT new.birth_date OR old.employer_name IS NOT new.employer_name
            OR old.employer_code IS NOT new.employer_code OR old.province_code IS NOT new.province_code
            OR old.specialties IS NOT new.specialties OR old.issued_on IS NOT new.issued_on
            OR old.issued_at IS NOT new.issued_at OR old.issued_by IS NOT new.issued_by
        BEGIN
            SELECT RAISE(ABORT, 'certificate_versions: an issued certificate is frozen');
        END;

        CREATE TABLE sessions (
            token_hash BLOB PRIMARY KEY,
            subject_kind TEXT NOT NULL CHECK (subject_kind IN ('applicant', 'official')),
            subject_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX sessions_subject ON sessions (subject_kind, subject_id);
        CREATE INDEX sessions_expires ON sessions (expires_at);
        CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

        CREATE TABLE sms_codes (
            id INTEGER PRIMARY KEY,
            phone TEXT NOT NULL,
            purpose TEXT NOT NULL CHECK (purpose IN ('registration', 'filing', 'phone-change')),
            code_hash BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            consumed_at INTEGER
        ) STRICT;
        CREATE INDEX sms_codes_latest ON sms_codes (phone, purpose, id);
        CREATE INDEX sms_codes_sent ON sms_codes (phone, created_at);
        CREATE INDEX sms_codes_created ON sms_codes (created_at);

        -- The transactional outbox: written with the decision, delivered after commit.
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            phone TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            sent_at INTEGER,
            attempts INTEGER NOT NULL CHECK (attempts >= 0)
        ) STRICT;
        CREATE INDEX messages_pending ON messages (id) WHERE sent_at IS NULL;

        -- Append-only and hash-chained: each event names the previous event's hash; triggers refuse
        -- any change, any deletion, and any insertion that does not extend the chain at its head.
        CREATE TABLE audit_events (
            sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
            at INTEGER NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            action TEXT NOT NULL,
            object_type TEXT NOT NULL,
            object_id TEXT NOT NULL,
            result TEXT NOT NULL CHECK (result IN ('ok', 'denied', 'failed')),
            detail TEXT NOT NULL,
            province_code TEXT,
            applicant_id INTEGER,
            previous_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;
        CREATE INDEX audit_events_applicant ON audit_events (applicant_id, sequence) WHERE applicant_id IS NOT NULL;
        CREATE INDEX audit_events_province ON audit_events (province_code, sequence) WHERE province_code IS NOT NULL;
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
            SELECT RAISE(ABORT, 'audit_events is append-only');
        END;
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
            SELECT RAISE(ABORT, 'audit_events is append-only');
        END;
        CREATE TRIGGER audit_events_extend_head BEFORE INSERT ON audit_events
        WHEN new.sequence IS NOT coalesce((SELECT max(sequence) FROM audit_events), 0) + 1
            OR new.previous_hash IS NOT coalesce(
                (SELECT hash FROM audit_events WHERE sequence = new.sequence - 1), zeroblob(32))
        BEGIN
            SELECT RAISE(ABORT, 'audit_events: an event must extend the chain at its head');
        END;
        """

    /// Image captchas for the login: single use, short-lived, the answer stored hashed.
    private static let captchas = """
        CREATE TABLE captchas (
            id TEXT PRIMARY KEY,
            answer_hash BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            consumed_at INTEGER
        ) STRICT;
        CREATE INDEX captchas_expires ON captchas (expires_at);
        """

    /// The console's deadline counts and "due first" lists: one small partial index per stage
    /// with a deadline, ordered by the day its clock started.
    private static let consoleDeadlines = """
        CREATE INDEX filings_due_submitted ON filings (province_code, submitted_on, id) WHERE stage = 'submitted';
        CREATE INDEX filings_due_accepted ON filings (province_code, accepted_on, id) WHERE stage = 'accepted';
        CREATE INDEX filings_due_reviewed ON filings (province_code, accepted_on, id) WHERE stage = 'reviewed';
        """

    /// Every generated electronic certificate (each download makes one): what verification needs
    /// to answer for a serial without keeping the PDF. Append-only, like the documents handed out.
    private static let certificateDocuments = """
        CREATE TABLE certificate_documents (
            serial TEXT PRIMARY KEY CHECK (length(serial) = 16),
            registration_id INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            generated_at INTEGER NOT NULL,
            valid_until TEXT NOT NULL,
            digest TEXT NOT NULL CHECK (length(digest) = 64),
            generated_by_kind TEXT NOT NULL CHECK (generated_by_kind IN ('applicant', 'official')),
            generated_by_id INTEGER NOT NULL,
            FOREIGN KEY (registration_id, version) REFERENCES certificate_versions (registration_id, version)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX certificate_documents_registration ON certificate_documents (registration_id, generated_at);
        CREATE TRIGGER certificate_documents_no_update BEFORE UPDATE ON certificate_documents BEGIN
            SELECT RAISE(ABORT, 'certificate_documents is append-only');
        END;
        CREATE TRIGGER certificate_documents_no_delete BEFORE DELETE ON certificate_documents BEGIN
            SELECT RAISE(ABORT, 'certificate_documents is append-only');
        END;
        """

    /// Version stamps of what an applicant's progress shows, kept by triggers so that every writer
    /// (registrard, the console, registrarctl, in whatever process) keeps them without knowing:
    /// a new random value whenever a filing, an event or an attachment of the applicant changes,
    /// and one for the holiday calendar. Random rather than counted, so that a database restored
    /// from a backup never repeats a stamp it had before with other contents.
    private static let progressVersions = """
        CREATE TABLE progress_versions (
            applicant_id INTEGER PRIMARY KEY REFERENCES applicants (id),
            stamp INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE calendar_version (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            stamp INTEGER NOT NULL
        ) STRICT;
        INSERT INTO calendar_version VALUES (1, random());

        CREATE TRIGGER progress_filing_insert AFTER INSERT ON filings BEGIN
            INSERT INTO progress_versions VALUES (new.applicant_id, random())
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_filing_update AFTER UPDATE ON filings BEGIN
            INSERT INTO progress_versions SELECT id, random() FROM applicants WHERE id IN (old.applicant_id, new.applicant_id)
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_filing_delete AFTER DELETE ON filings BEGIN
            INSERT INTO progress_versions SELECT id, random() FROM applicants WHERE id = old.applicant_id
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_event_insert AFTER INSERT ON filing_events BEGIN
            INSERT INTO progress_versions SELECT applicant_id, random() FROM filings WHERE id = new.filing_id
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_event_change AFTER UPDATE ON filing_events BEGIN
            INSERT INTO progress_versions SELECT applicant_id, random() FROM filings WHERE id IN (old.filing_id, new.filing_id)
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_event_delete AFTER DELETE ON filing_events BEGIN
            INSERT INTO progress_versions SELECT applicant_id, random() FROM filings WHERE id = old.filing_id
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_attachment_insert AFTER INSERT ON attachments BEGIN
            INSERT INTO progress_versions VALUES (new.owner_id, random())
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_attachment_update AFTER UPDATE ON attachments BEGIN
            INSERT INTO progress_versions SELECT id, random() FROM applicants WHERE id IN (old.owner_id, new.owner_id)
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_attachment_delete AFTER DELETE ON attachments BEGIN
            INSERT INTO progress_versions SELECT id, random() FROM applicants WHERE id = old.owner_id
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER calendar_holiday_insert AFTER INSERT ON holidays BEGIN
            UPDATE calendar_version SET stamp = random();
        END;
        CREATE TRIGGER calendar_holiday_update AFTER UPDATE ON holidays BEGIN
            UPDATE calendar_version SET stamp = random();
        END;
        CREATE TRIGGER calendar_holiday_delete AFTER DELETE ON holidays BEGIN
            UPDATE calendar_version SET stamp = random();
        END;
        """

    /// The outbox with leases, expiry and redaction. A sender claims a message (`claimed_by` until
    /// `lease_until`) before sending it, so that no two senders ever hold it; a free message whose
    /// `lease_until` is ahead waits for a retry. A message carrying a code is not sent after
    /// `expires_at`: it is marked `expired_at` instead. Once sent or expired, `text` is replaced by
    /// `redacted` (the code masked). Existing rows: codes masked in what was sent already, and the
    /// expiry of each code message taken from its code.
    private static let messageLeases = """
        CREATE TABLE messages_leased (
            id INTEGER PRIMARY KEY,
            phone TEXT NOT NULL,
            text TEXT NOT NULL,
            redacted TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            sent_at INTEGER,
            expired_at INTEGER,
            attempts INTEGER NOT NULL CHECK (attempts >= 0),
            claimed_by TEXT,
            lease_until INTEGER,
            CHECK (sent_at IS NULL OR expired_at IS NULL),
            CHECK (claimed_by IS NULL OR lease_until IS NOT NULL)
        ) STRICT;
        INSERT INTO messages_leased (id, phone, text, redacted, created_at, expires_at, sent_at, expired_at, attempts, claimed_by, lease_until)
        SELECT id, phone, CASE WHEN sent_at IS NULL THEN text ELSE masked END, masked, created_at,
            CASE WHEN instr(text, '验证码为') > 0 THEN coalesce(
                (SELECT c.expires_at FROM sms_codes c WHERE c.phone = m.phone AND c.created_at = m.created_at ORDER BY c.id DESC LIMIT 1),
                created_at + 600000000) END,
            sent_at, NULL, attempts, NULL, NULL
        FROM (SELECT *, CASE WHEN instr(text, '验证码为') > 0
                THEN substr(text, 1, instr(text, '验证码为') + 3) || '******' || substr(text, instr(text, '验证码为') + 10)
                ELSE text END AS masked
            FROM messages) AS m;
        DROP TABLE messages;
        ALTER TABLE messages_leased RENAME TO messages;
        CREATE INDEX messages_pending ON messages (id) WHERE sent_at IS NULL AND expired_at IS NULL;
        """

    /// Online verification's challenges: the reference a signed verdict must quote, bound to the
    /// applicant, answered at most once and before it expires.
    private static let verificationChallenges = """
        CREATE TABLE identity_challenges (
            reference TEXT PRIMARY KEY,
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
            consumed_at INTEGER
        ) STRICT;
        CREATE INDEX identity_challenges_applicant ON identity_challenges (applicant_id) WHERE consumed_at IS NULL;
        CREATE INDEX identity_challenges_expires ON identity_challenges (expires_at);
        """

    /// When each password was last set, for `password.expiry_days`; an existing account counts from its creation.
    private static let passwordChangedAt = """
        ALTER TABLE applicants ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
        UPDATE applicants SET password_changed_at = created_at;
        ALTER TABLE officials ADD COLUMN password_changed_at INTEGER NOT NULL DEFAULT 0;
        UPDATE officials SET password_changed_at = created_at;
        """

    /// The scheduled duties: each notice given once (`duty_notices`, keyed by what it is about), and
    /// the history's two steps the system takes itself, deemed acceptance (`deem-accept`, 行政许可法
    /// Art. 32) and the lapse of a filing not corrected in time (`lapse`). SQLite cannot alter a CHECK,
    /// so `filing_events` is rebuilt with the same rows, index and triggers.
    /// The written decisions kept with each filing: the whole document as JSON (`content`), found
    /// by its number or its filing; one of each kind per filing and round. No check on `kind`: a new
    /// kind of document needs no migration.
    /// The continuing-education commitment a filing's round carries instead of a proof: the text's
    /// version and when it was given, both or neither.
    private static let educationCommitment = """
        ALTER TABLE filings ADD COLUMN education_commitment_version TEXT;
        ALTER TABLE filings ADD COLUMN education_commitment_at INTEGER
            CHECK ((education_commitment_at IS NULL) = (education_commitment_version IS NULL));
        """

    private static let decisionDocuments = """
        CREATE TABLE decision_documents (
            number TEXT PRIMARY KEY,
            filing_id INTEGER NOT NULL REFERENCES filings (id),
            round INTEGER NOT NULL CHECK (round >= 1),
            kind TEXT NOT NULL,
            issued_at INTEGER NOT NULL,
            digest TEXT NOT NULL CHECK (length(digest) = 64),
            content TEXT NOT NULL CHECK (json_valid(content)),
            UNIQUE (filing_id, round, kind)
        ) STRICT;
        """

    private static let dutyNotices = """
        CREATE TABLE duty_notices (
            key TEXT PRIMARY KEY,
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            kind TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX duty_notices_applicant ON duty_notices (applicant_id);

        CREATE TABLE filing_events_v9 (
            id INTEGER PRIMARY KEY,
            filing_id INTEGER NOT NULL REFERENCES filings (id),
            at INTEGER NOT NULL,
            round INTEGER NOT NULL CHECK (round >= 1),
            action TEXT NOT NULL CHECK (action IN ('submit', 'withdraw', 'accept', 'return', 'resubmit', 'refuse', 'review',
                'approve', 'issue', 'deem-accept', 'lapse')),
            from_stage TEXT,
            to_stage TEXT NOT NULL,
            official_id INTEGER REFERENCES officials (id),
            official_name TEXT,
            opinion TEXT NOT NULL,
            items TEXT NOT NULL CHECK (json_valid(items))
        ) STRICT;
        INSERT INTO filing_events_v9 (id, filing_id, at, round, action, from_stage, to_stage, official_id, official_name, opinion, items)
        SELECT id, filing_id, at, round, action, from_stage, to_stage, official_id, official_name, opinion, items FROM filing_events;
        DROP TABLE filing_events;
        ALTER TABLE filing_events_v9 RENAME TO filing_events;
        CREATE INDEX filing_events_filing ON filing_events (filing_id, id);
        CREATE TRIGGER progress_event_insert AFTER INSERT ON filing_events BEGIN
            INSERT INTO progress_versions SELECT applicant_id, random() FROM filings WHERE id = new.filing_id
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_event_change AFTER UPDATE ON filing_events BEGIN
            INSERT INTO progress_versions SELECT applicant_id, random() FROM filings WHERE id IN (old.filing_id, new.filing_id)
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        CREATE TRIGGER progress_event_delete AFTER DELETE ON filing_events BEGIN
            INSERT INTO progress_versions SELECT applicant_id, random() FROM filings WHERE id = old.filing_id
                ON CONFLICT (applicant_id) DO UPDATE SET stamp = excluded.stamp;
        END;
        """

    /// One registration per person and qualification (一级建造师 and 一级建造师临时 are separate
    /// registrations), and the status `superseded` of a temporary registration whose holder was
    /// issued the regular one. SQLite cannot alter a UNIQUE or a CHECK, so `registrations` is rebuilt
    /// with the same rows; the certificates refer to it, so the foreign keys are deferred to the
    /// commit, by which the same ids are back.
    private static let registrationsPerQualification = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE registrations_v9 AS SELECT * FROM registrations;
        DROP TABLE registrations;
        CREATE TABLE registrations (
            id INTEGER PRIMARY KEY,
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            qualification TEXT NOT NULL CHECK (qualification IN ('regular', 'temporary')),
            digits TEXT NOT NULL UNIQUE CHECK (length(digits) = 12 AND digits NOT GLOB '*[^0-9]*'),
            province_code TEXT NOT NULL,
            seal_check_code INTEGER NOT NULL CHECK (seal_check_code BETWEEN 0 AND 99),
            employer_code TEXT NOT NULL,
            specialties TEXT NOT NULL CHECK (json_valid(specialties)),
            status TEXT NOT NULL CHECK (status IN ('active', 'cancelled', 'superseded')),
            cancellation_reason_code TEXT,
            registered_on TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            UNIQUE (applicant_id, qualification)
        ) STRICT;
        INSERT INTO registrations (id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code, specialties,
            status, cancellation_reason_code, registered_on, version)
        SELECT id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code, specialties,
            status, cancellation_reason_code, registered_on, version FROM registrations_v9;
        DROP TABLE registrations_v9;
        """

    /// Evidence that cannot change after it was relied on. `account_images` holds the account image
    /// of each kind in force, adopted by an identity verification or a personal-info filing's
    /// approval; an applicant verified before this step gets, per kind, the newest image uploaded
    /// by the time of the verification. `filing_evidence` is each filing's recorded set per round
    /// (what the officials saw), append-only. An attachment's content never changes, a blob whose
    /// digest a filing recorded is never deleted, and an attachment relied on is never deleted.
    /// `certificate_documents.photo_digest` is the printed photo's digest an RC2 payload covers.
    private static let evidence = """
        CREATE TABLE account_images (
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            kind TEXT NOT NULL CHECK (kind IN ('photo', 'id-front', 'id-back', 'holding-id', 'signature')),
            attachment_id INTEGER NOT NULL REFERENCES attachments (id),
            adopted_at INTEGER NOT NULL,
            PRIMARY KEY (applicant_id, kind)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX account_images_attachment ON account_images (attachment_id);
        INSERT INTO account_images (applicant_id, kind, attachment_id, adopted_at)
        SELECT a.owner_id, a.kind, max(a.id), p.verified_at FROM attachments a JOIN applicants p ON p.id = a.owner_id
        WHERE a.filing_id IS NULL AND a.kind IN ('photo', 'id-front', 'id-back', 'holding-id', 'signature')
            AND p.verification = 'verified' AND p.verified_at IS NOT NULL AND a.uploaded_at <= p.verified_at
        GROUP BY a.owner_id, a.kind;

        CREATE TABLE filing_evidence (
            filing_id INTEGER NOT NULL REFERENCES filings (id),
            round INTEGER NOT NULL CHECK (round >= 1),
            attachment_id INTEGER NOT NULL REFERENCES attachments (id),
            kind TEXT NOT NULL,
            digest TEXT NOT NULL CHECK (length(digest) > 0),
            PRIMARY KEY (filing_id, round, attachment_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX filing_evidence_attachment ON filing_evidence (attachment_id);
        CREATE INDEX filing_evidence_digest ON filing_evidence (digest);
        CREATE TRIGGER filing_evidence_no_update BEFORE UPDATE ON filing_evidence BEGIN
            SELECT RAISE(ABORT, 'filing_evidence is append-only');
        END;
        CREATE TRIGGER filing_evidence_no_delete BEFORE DELETE ON filing_evidence BEGIN
            SELECT RAISE(ABORT, 'filing_evidence is append-only');
        END;

        CREATE TRIGGER attachments_content_frozen BEFORE UPDATE ON attachments
        WHEN old.owner_id IS NOT new.owner_id OR old.kind IS NOT new.kind OR old.digest IS NOT new.digest
            OR old.content_type IS NOT new.content_type OR old.byte_count IS NOT new.byte_count
            OR old.width IS NOT new.width OR old.height IS NOT new.height OR old.uploaded_at IS NOT new.uploaded_at
        BEGIN
            SELECT RAISE(ABORT, 'an attachment''s content never changes');
        END;
        CREATE TRIGGER attachments_evidence_kept BEFORE DELETE ON attachments
        WHEN EXISTS (SELECT 1 FROM filing_evidence WHERE attachment_id = old.id)
            OR EXISTS (SELECT 1 FROM account_images WHERE attachment_id = old.id)
        BEGIN
            SELECT RAISE(ABORT, 'an attachment relied on is kept');
        END;
        ALTER TABLE certificate_documents ADD COLUMN photo_digest TEXT CHECK (photo_digest IS NULL OR length(photo_digest) = 64);

        CREATE TRIGGER blobs_evidence_kept BEFORE DELETE ON blobs
        WHEN EXISTS (SELECT 1 FROM filing_evidence WHERE digest = old.digest)
        BEGIN
            SELECT RAISE(ABORT, 'a blob a filing recorded is kept');
        END;
        """

    /// The authority's acts of its own motion (`ex_officio_proposals`: 依职权注销, 撤销, 更正, each
    /// proposed and decided by two officials; what was proposed is frozen, only the decision is written
    /// later; at most one proposal per registration waits for its decision), and the registration's
    /// new status `revoked` (撤销). SQLite cannot alter a CHECK, so `registrations` is rebuilt with the
    /// same rows: its children's keys are checked at commit (`defer_foreign_keys`), and each row put
    /// back finds them again.
    private static let exOfficioActs = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TEMP TABLE registrations_v12 AS SELECT * FROM registrations;
        DROP TABLE registrations;
        CREATE TABLE registrations (
            id INTEGER PRIMARY KEY,
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            qualification TEXT NOT NULL CHECK (qualification IN ('regular', 'temporary')),
            digits TEXT NOT NULL UNIQUE CHECK (length(digits) = 12 AND digits NOT GLOB '*[^0-9]*'),
            province_code TEXT NOT NULL,
            seal_check_code INTEGER NOT NULL CHECK (seal_check_code BETWEEN 0 AND 99),
            employer_code TEXT NOT NULL,
            specialties TEXT NOT NULL CHECK (json_valid(specialties)),
            status TEXT NOT NULL CHECK (status IN ('active', 'cancelled', 'superseded', 'revoked')),
            cancellation_reason_code TEXT,
            registered_on TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            UNIQUE (applicant_id, qualification)
        ) STRICT;
        INSERT INTO registrations (id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code, specialties,
            status, cancellation_reason_code, registered_on, version)
        SELECT id, applicant_id, qualification, digits, province_code, seal_check_code, employer_code, specialties,
            status, cancellation_reason_code, registered_on, version FROM temp.registrations_v12;
        DROP TABLE temp.registrations_v12;

        CREATE TABLE ex_officio_proposals (
            id INTEGER PRIMARY KEY,
            registration_id INTEGER NOT NULL REFERENCES registrations (id),
            applicant_id INTEGER NOT NULL REFERENCES applicants (id),
            province_code TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('cancel', 'revoke', 'correct')),
            ground TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (length(reason) > 0),
            correction_field TEXT,
            correction_old TEXT,
            correction_new TEXT,
            state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected')),
            proposed_by INTEGER NOT NULL REFERENCES officials (id),
            proposed_by_name TEXT NOT NULL,
            proposed_at INTEGER NOT NULL,
            decided_by INTEGER REFERENCES officials (id),
            decided_by_name TEXT,
            decided_at INTEGER,
            opinion TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            CONSTRAINT ex_officio_correction_whole CHECK (
                (kind = 'correct') = (correction_field IS NOT NULL) AND (correction_field IS NULL) = (correction_old IS NULL)
                AND (correction_old IS NULL) = (correction_new IS NULL)),
            CONSTRAINT ex_officio_decision_whole CHECK (
                (state = 'proposed') = (decided_by IS NULL) AND (decided_by IS NULL) = (decided_at IS NULL)
                AND (decided_at IS NULL) = (decided_by_name IS NULL)),
            CONSTRAINT ex_officio_two_people CHECK (decided_by IS NULL OR decided_by <> proposed_by)
        ) STRICT;
        CREATE UNIQUE INDEX ex_officio_open ON ex_officio_proposals (registration_id) WHERE state = 'proposed';
        CREATE INDEX ex_officio_province_state ON ex_officio_proposals (province_code, state, id);
        CREATE INDEX ex_officio_registration ON ex_officio_proposals (registration_id, id);
        CREATE TRIGGER ex_officio_proposal_frozen BEFORE UPDATE ON ex_officio_proposals
        WHEN old.id IS NOT new.id OR old.registration_id IS NOT new.registration_id OR old.applicant_id IS NOT new.applicant_id
            OR old.province_code IS NOT new.province_code OR old.kind IS NOT new.kind OR old.ground IS NOT new.ground
            OR old.reason IS NOT new.reason OR old.correction_field IS NOT new.correction_field
            OR old.correction_old IS NOT new.correction_old OR old.correction_new IS NOT new.correction_new
            OR old.proposed_by IS NOT new.proposed_by OR old.proposed_at IS NOT new.proposed_at OR old.state <> 'proposed'
        BEGIN
            SELECT RAISE(ABORT, 'ex_officio_proposals: a proposal is frozen, and decided once');
        END;
        """

    /// The officials' second factor (TOTP): the secret sealed with the sealing key (re-sealed by
    /// `registrarctl key rotate-sealing`), the last accepted time step (a code is accepted once),
    /// and when it was enrolled; all three set together or none.
    private static let officialSecondFactor = """
        ALTER TABLE officials ADD COLUMN totp_secret_sealed BLOB;
        ALTER TABLE officials ADD COLUMN totp_last_step INTEGER CHECK (totp_last_step >= 0);
        ALTER TABLE officials ADD COLUMN totp_enrolled_at INTEGER;
        CREATE TRIGGER officials_totp_whole BEFORE UPDATE OF totp_secret_sealed, totp_last_step, totp_enrolled_at ON officials
        WHEN (NEW.totp_secret_sealed IS NULL) <> (NEW.totp_last_step IS NULL)
            OR (NEW.totp_secret_sealed IS NULL) <> (NEW.totp_enrolled_at IS NULL)
        BEGIN
            SELECT RAISE(ABORT, 'officials: a second factor is its secret, last step and enrolment time together');
        END;
        """
}
