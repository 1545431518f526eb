-- Certificates of completion: one per registration, found by the SHA-256
-- of their code (credential.CodeHash). Each keeps the learner's name and
-- the module's title, version and CE hours as issued. A certificate goes
-- with its learner and registration: erasing them erases it.
CREATE TABLE certificates (
	code_sha256     TEXT PRIMARY KEY,
	code            TEXT NOT NULL,
	registration_id TEXT NOT NULL UNIQUE REFERENCES registrations (id) ON DELETE CASCADE,
	learner_id      TEXT NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
	learner_name    TEXT NOT NULL,
	module_id       TEXT NOT NULL,
	module_title    TEXT NOT NULL,
	module_version  TEXT NOT NULL,
	ce_hours        REAL NOT NULL,
	completed_at    INTEGER NOT NULL,
	issued_at       INTEGER NOT NULL
);

CREATE INDEX certificates_learner ON certificates (learner_id, issued_at);
