-- Signing in: a learner's email is verified by a one-time link, and a
-- verified email names one learner; a resume code (kept as a hash) is the
-- fallback; a learner whose progress was merged into the account they
-- signed in to points at it.
ALTER TABLE learners ADD COLUMN email_verified_at INTEGER;
ALTER TABLE learners ADD COLUMN resume_code_hash TEXT;
ALTER TABLE learners ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX learners_verified_email ON learners (lower(email)) WHERE email_verified_at IS NOT NULL;
CREATE UNIQUE INDEX learners_resume_code ON learners (resume_code_hash) WHERE resume_code_hash IS NOT NULL;

-- One-time sign-in links, by the SHA-256 of their token: a link in a
-- leaked mail archive is useless once used or expired.
CREATE TABLE sign_in_tokens (
	token_hash TEXT PRIMARY KEY,
	email      TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at    INTEGER
);
CREATE INDEX sign_in_tokens_expires ON sign_in_tokens (expires_at);
