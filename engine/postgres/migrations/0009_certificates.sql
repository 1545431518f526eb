-- Certificates of completion: one per registration, found by the SHA-256
-- of their code (credential.CodeHash). Each keeps the learner's name and
-- the module's title, version and CE hours as issued. A certificate goes
-- with its learner and registration: erasing them erases it.
CREATE TABLE certificates (
	code_sha256     text PRIMARY KEY,
	code            text NOT NULL,
	registration_id uuid NOT NULL UNIQUE REFERENCES registrations (id) ON DELETE CASCADE,
	learner_id      text NOT NULL REFERENCES learners (id) ON DELETE CASCADE,
	learner_name    text NOT NULL,
	module_id       text NOT NULL,
	module_title    text NOT NULL,
	module_version  text NOT NULL,
	ce_hours        double precision NOT NULL,
	completed_at    timestamptz NOT NULL,
	issued_at       timestamptz NOT NULL
);

CREATE INDEX certificates_learner ON certificates (learner_id, issued_at);
