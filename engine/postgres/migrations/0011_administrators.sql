-- Administrators, their sessions and the audit log of the admin area.

-- Email is the key, in lower case; the password is kept as its argon2id
-- hash (PHC format).
CREATE TABLE administrators (
	email         text PRIMARY KEY,
	password_hash text NOT NULL,
	created_at    timestamptz NOT NULL
);

-- A session is kept under the SHA-256 of its cookie's token; removing an
-- administrator ends their sessions.
CREATE TABLE admin_sessions (
	token_hash text PRIMARY KEY,
	email      text NOT NULL REFERENCES administrators (email) ON DELETE CASCADE,
	csrf_token text NOT NULL,
	expires_at timestamptz NOT NULL
);

-- Who changed what, when; details is a JSON object. Never updated.
CREATE TABLE audit_log (
	id      bigserial PRIMARY KEY,
	at      timestamptz NOT NULL,
	actor   text NOT NULL,
	action  text NOT NULL,
	target  text NOT NULL DEFAULT '',
	details jsonb NOT NULL DEFAULT '{}'
);

-- Modules an administrator unpublished: left out of the catalog when a
-- server starts. A module absent here is published.
CREATE TABLE unpublished_modules (
	module_id text PRIMARY KEY,
	since     timestamptz NOT NULL
);
